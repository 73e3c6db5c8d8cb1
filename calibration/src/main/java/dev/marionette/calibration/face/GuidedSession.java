package dev.marionette.calibration.face;

import dev.marionette.tracking.geometry.CameraIntrinsics;
import dev.marionette.tracking.landmarks.FaceLandmarks;
import java.util.ArrayList;
import java.util.List;

/**
 * A guided face calibration as it runs against a live camera: the phases of a {@link
 * PhaseSchedule} on a clock that starts at the first frame offered, frames labelled with the
 * phase they fall in, and what to show the person at any instant (the instruction, "get
 * ready" or a countdown). The terminal command and the panel's wizard both drive one; it does
 * no I/O and keeps no thread; frames may come from one thread (a tracking loop) while another
 * (a window's timer) asks for the prompt and, at the end, the samples.
 */
public final class GuidedSession {
    /** What to show at an instant. */
    public record Prompt(int index, int count, FacePhase phase, boolean recording, double secondsLeft, double fractionDone, boolean finished) {
        /** One line for a terminal or a label. */
        public String text() {
            if (finished) return "Done.";
            return String.format(java.util.Locale.ROOT, "[%d/%d] %s %s", index + 1, count, phase.instruction(),
                    recording ? String.format(java.util.Locale.ROOT, "(recording, %.0f s)", Math.ceil(secondsLeft)) : "(get ready)");
        }
    }

    private final PhaseSchedule schedule;
    private final List<FaceSample> samples = new ArrayList<>();
    private final int[] frames = new int[FacePhase.values().length];
    private final int[] faces = new int[FacePhase.values().length];
    private volatile long startMicros = Long.MIN_VALUE;

    public GuidedSession(PhaseSchedule schedule) {
        this.schedule = schedule;
    }

    /** The default session: 1.5 s to react after each prompt, then 3 s recorded, for each phase. */
    public static GuidedSession standard() {
        return new GuidedSession(PhaseSchedule.guided(1.5, 3));
    }

    /** Starts the clock now (else at the first frame). */
    public void start(long tMicros) {
        if (startMicros == Long.MIN_VALUE) startMicros = tMicros;
    }

    /**
     * Offers one tracked frame: {@code measures} null when no face was found. Returns false once
     * the schedule has ended (the frame is then ignored).
     */
    public boolean add(long tMicros, float[] measures, boolean iris) {
        return add(tMicros, measures, iris, null, null);
    }

    /**
     * As {@link #add(long, float[], boolean)}, with the frame's landmarks and camera (null when
     * no face), from which the calibration takes the person's neutral face shape.
     */
    public synchronized boolean add(long tMicros, float[] measures, boolean iris, FaceLandmarks landmarks, CameraIntrinsics camera) {
        start(tMicros);
        long t = tMicros - startMicros;
        if (t >= schedule.endMicros()) return false;
        FacePhase phase = schedule.phaseAt(t);
        if (phase == null) return true;
        frames[phase.ordinal()]++;
        if (measures != null) {
            faces[phase.ordinal()]++;
            samples.add(new FaceSample(phase, measures.clone(), iris, landmarks, landmarks == null ? null : camera));
        }
        return true;
    }

    /** What to show at {@code tMicros}; before the start, the first phase's prompt. */
    public Prompt prompt(long tMicros) {
        List<PhaseSchedule.Span> spans = schedule.spans();
        long start = startMicros == Long.MIN_VALUE ? tMicros : startMicros;
        long t = tMicros - start;
        long end = schedule.endMicros();
        if (t >= end) return new Prompt(spans.size() - 1, spans.size(), spans.get(spans.size() - 1).phase(), false, 0, 1, true);
        int index = 0;
        for (int i = 0; i < spans.size(); i++) if (t >= spans.get(i).promptMicros()) index = i;
        PhaseSchedule.Span s = spans.get(index);
        boolean recording = t >= s.startMicros() && t < s.endMicros();
        double left = recording ? (s.endMicros() - t) / 1e6 : (s.startMicros() - t) / 1e6;
        return new Prompt(index, spans.size(), s.phase(), recording, Math.max(0, left), Math.max(0, (double) t / end), false);
    }

    public boolean finished(long tMicros) {
        return startMicros != Long.MIN_VALUE && tMicros - startMicros >= schedule.endMicros();
    }

    /** Frames seen and frames with a face in {@code phase}'s recorded window. */
    public synchronized int frames(FacePhase phase) { return frames[phase.ordinal()]; }

    public synchronized int faces(FacePhase phase) { return faces[phase.ordinal()]; }

    /** The labelled samples so far, for {@link FaceCalibrator#calibrate(List)}. */
    public synchronized List<FaceSample> samples() {
        return List.copyOf(samples);
    }

    public PhaseSchedule schedule() { return schedule; }
}
