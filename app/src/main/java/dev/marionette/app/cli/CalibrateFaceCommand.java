package dev.marionette.app.cli;

import dev.marionette.calibration.CalibrationException;
import dev.marionette.calibration.face.FaceCalibration;
import dev.marionette.calibration.face.FaceCalibrator;
import dev.marionette.calibration.face.FacePhase;
import dev.marionette.calibration.face.FaceSample;
import dev.marionette.calibration.face.GuidedSession;
import dev.marionette.calibration.face.PhaseSchedule;
import dev.marionette.tracking.FaceParams;
import dev.marionette.tracking.FaceTracker;
import dev.marionette.tracking.capture.CaptureException;
import dev.marionette.tracking.capture.FrameSource;
import dev.marionette.tracking.capture.VideoFrame;
import dev.marionette.tracking.geometry.CameraIntrinsics;
import dev.marionette.tracking.landmarks.FaceLandmarks;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * marionette calibrate face: the person's neutral face and how far they move, for
 * {@code track --profile}.
 *
 * <p>With a webcam it guides a session: for each phase (neutral, blink, jaw, brows, smile) it
 * prints the instruction and a countdown on standard error, waits {@code --settle-seconds},
 * then records {@code --seconds-per-phase}. A recording is taken to show the same phases in the
 * same order: without {@code --phases} it is split into five equal parts, the first
 * {@code --settle-seconds} of each (at most a third) skipped as reaction time; with
 * {@code --phases} the file gives each phase's start and end.
 */
@Command(name = "face", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Calibrate your face: a few seconds each of a neutral face, closed eyes, an open jaw, raised brows",
                "and a smile give your neutral and your range, saved as JSON for 'track --profile'.",
                "Webcam: follow the instructions printed here. Recording: the five phases in that order, split",
                "equally, or as listed in --phases (lines '<phase> <start s> <end s>'; phases: neutral, blink, jaw, brows, smile).",
                "Exit status: 0 done (warnings say when a phase needs redoing), 1 error, 2 bad usage."})
public final class CalibrateFaceCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = {"-i", "--input"}, required = true, paramLabel = "INPUT",
            description = "'webcam' (the first camera), a webcam index or device, or a recording (video file or image folder).")
    String input;

    @Option(names = {"-o", "--out"}, defaultValue = "profile.json", paramLabel = "FILE", description = "Where to write the profile (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--seconds-per-phase", defaultValue = "3", paramLabel = "S",
            description = "Webcam: seconds recorded per phase (default ${DEFAULT-VALUE}).")
    double secondsPerPhase;

    @Option(names = "--settle-seconds", defaultValue = "1.5", paramLabel = "S",
            description = "Reaction time skipped at the start of each phase (default ${DEFAULT-VALUE}; for a recording split "
                    + "equally, at most a third of each part).")
    double settleSeconds;

    @Option(names = "--phases", paramLabel = "FILE",
            description = "Recording: when each phase happens, one line per phase: '<phase> <start seconds> <end seconds>'.")
    Path phasesFile;

    @Mixin TrackingOptions tracking;
    @Mixin CameraOptions camera;

    /** One frame of a recording: its time and, with a face, its measures. */
    private record Frame(long tMicros, float[] measures, boolean iris, FaceLandmarks landmarks, CameraIntrinsics camera) {}

    @Override
    public Integer call() {
        GlobalOptions global = ((MarionetteCommand) spec.root().userObject()).global;
        PrintWriter err = spec.commandLine().getErr();
        if (!(secondsPerPhase >= 0.5 && secondsPerPhase <= 60)) throw new UserFacingException("--seconds-per-phase must be between 0.5 and 60");
        if (!(settleSeconds >= 0 && settleSeconds <= 10)) throw new UserFacingException("--settle-seconds must be between 0 and 10");
        try (FrameSource source = CalibrationFiles.open(input, camera.toCaptureOptions())) {
            return calibrate(source, global.quiet, err);
        }
    }

    /** The calibration on an open input: a guided session for a live source, else a recording. */
    int calibrate(FrameSource source, boolean quiet, PrintWriter err) {
        try {
            if (source.isLive() && phasesFile != null) throw new UserFacingException("--phases is for recordings; a webcam session is guided");
            List<FaceSample> samples;
            try (FaceTracker tracker = new FaceTracker(tracking.toTrackerOptions(source.width(), source.height()))) {
                samples = source.isLive() ? guided(source, tracker, quiet, err) : recorded(source, tracker, quiet, err);
            }
            FaceCalibration c = new FaceCalibrator().calibrate(samples);
            c.profile().save(out);
            if (!quiet) {
                for (String line : c.describeRanges()) err.println("  " + line);
                for (String w : c.warnings()) err.println("marionette: warning: " + w);
                err.println("marionette: face profile written to " + out + " (use it with 'marionette track --profile " + out + "')");
            }
        } catch (CalibrationException | CaptureException e) {
            throw new UserFacingException(e.getMessage(), e);
        }
        err.flush();
        return 0;
    }

    /** A live session: prompts and countdowns by the frames' clock; frames are labelled as they come. */
    private List<FaceSample> guided(FrameSource source, FaceTracker tracker, boolean quiet, PrintWriter err) {
        GuidedSession session = new GuidedSession(PhaseSchedule.guided(settleSeconds, secondsPerPhase));
        List<PhaseSchedule.Span> spans = session.schedule().spans();
        if (!quiet) {
            err.printf(Locale.ROOT, "marionette: face calibration with %s: %d phases of %.1f s. Sit about an arm's length from the camera, "
                    + "in even light, your whole face in view.%n", source.description(), spans.size(), secondsPerPhase);
            err.flush();
        }
        boolean any = false;
        int shown = -1;
        boolean recording = false;
        long lastCount = -1;
        VideoFrame frame;
        while ((frame = source.next()) != null) {
            any = true;
            session.start(frame.tMicros());
            GuidedSession.Prompt prompt = session.prompt(frame.tMicros());
            if (!prompt.finished() && prompt.index() != shown) {
                if (shown >= 0) finish(session, spans.get(shown).phase(), quiet, err);
                shown = prompt.index();
                recording = false;
                lastCount = -1;
                if (!quiet) {
                    err.printf(Locale.ROOT, "[%d/%d] %s%n      get ready", shown + 1, spans.size(), prompt.phase().instruction());
                    err.flush();
                }
            }
            if (prompt.recording() && !quiet) {
                long left = (long) Math.ceil(prompt.secondsLeft());
                if (!recording) err.print(" ... recording");
                if (left != lastCount) err.print(" " + left);
                recording = true;
                lastCount = left;
                err.flush();
            }
            if (prompt.finished()) break;
            FaceParams p = tracker.track(frame);
            session.add(frame.tMicros(), p.face() ? tracker.lastMeasures() : null, p.face() && p.landmarks().hasIris(),
                    p.face() ? p.landmarks() : null, tracker.camera());
        }
        if (shown >= 0) finish(session, spans.get(shown).phase(), quiet, err);
        if (!any) throw new UserFacingException("no frame could be decoded from " + source.description());
        if (frame == null) {
            throw new UserFacingException("the camera stopped delivering frames before the calibration ended (" + source.description() + ")");
        }
        return session.samples();
    }

    private static void finish(GuidedSession session, FacePhase phase, boolean quiet, PrintWriter err) {
        if (quiet) return;
        // The closed-eye phase ends with the terminal's bell: the person cannot read the countdown.
        err.printf(Locale.ROOT, " done: face in %d of %d frames%s%n", session.faces(phase), session.frames(phase),
                phase == FacePhase.BLINK ? "\u0007 (open your eyes)" : "");
        err.flush();
    }

    /** A recording: track every frame, then label the frames by time. */
    private List<FaceSample> recorded(FrameSource source, FaceTracker tracker, boolean quiet, PrintWriter err) {
        if (!quiet) {
            err.println("marionette: tracking " + source.description() + " for face calibration");
            err.flush();
        }
        List<Frame> all = new ArrayList<>();
        VideoFrame frame;
        while ((frame = source.next()) != null) {
            FaceParams p = tracker.track(frame);
            all.add(new Frame(frame.tMicros(), p.face() ? tracker.lastMeasures() : null, p.face() && p.landmarks().hasIris(),
                    p.face() ? p.landmarks() : null, tracker.camera()));
        }
        if (all.isEmpty()) throw new UserFacingException("no frame could be decoded from " + source.description());
        if (all.size() == 1) {
            throw new UserFacingException(source.description() + " is a single frame: calibrate face needs a recording of the five "
                    + "phases (" + FacePhase.ids() + ") or a webcam");
        }
        if (all.stream().allMatch(f -> f.measures() == null)) {
            throw new UserFacingException("no face found in " + (all.size() == 1 ? "the frame" : "any of the " + all.size() + " frames")
                    + " of " + source.description() + ": nothing to calibrate");
        }
        long first = all.get(0).tMicros();
        long last = all.get(all.size() - 1).tMicros();
        long frameMicros = all.size() > 1 ? Math.max(1, (last - first) / (all.size() - 1))
                : (long) (1e6 / (source.frameRate() > 0 ? source.frameRate() : 30));
        PhaseSchedule schedule;
        if (phasesFile != null) {
            schedule = PhaseSchedule.parse(phasesFile);
        } else {
            long duration = last - first + frameMicros;
            double share = duration / 1e6 / FacePhase.values().length;
            schedule = PhaseSchedule.equalSplit(duration, Math.min(1.0 / 3, settleSeconds / share));
        }
        if (!quiet) err.println("marionette: " + all.size() + " frames; phases: " + schedule);

        List<FaceSample> samples = new ArrayList<>();
        Map<FacePhase, int[]> counts = new EnumMap<>(FacePhase.class);
        for (Frame f : all) {
            FacePhase phase = schedule.phaseAt(f.tMicros() - first);
            if (phase == null) continue;
            int[] c = counts.computeIfAbsent(phase, k -> new int[2]);
            c[0]++;
            if (f.measures() != null) {
                c[1]++;
                samples.add(new FaceSample(phase, f.measures(), f.iris(), f.landmarks(), f.landmarks() == null ? null : f.camera()));
            }
        }
        if (!quiet) {
            for (PhaseSchedule.Span s : schedule.spans()) {
                int[] c = counts.getOrDefault(s.phase(), new int[2]);
                err.printf(Locale.ROOT, "  %-7s %6.2f-%6.2f s: face in %d of %d frames%n", s.phase().id(), s.startMicros() / 1e6,
                        s.endMicros() / 1e6, c[1], c[0]);
            }
        }
        return samples;
    }
}
