package dev.marionette.calibration.face;

import dev.marionette.calibration.CalibrationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * When each calibration phase happens, in microseconds from the first frame. Each span has a
 * prompt time (when the person is told what to do) and a recorded window that starts after a
 * settling time: people need a moment to react, and frames from that moment are neither neutral
 * nor the expression asked for.
 */
public final class PhaseSchedule {
    /**
     * @param promptMicros when the instruction is given
     * @param startMicros  first recorded instant, &gt;= promptMicros
     * @param endMicros    end of the recorded window (exclusive), &gt; startMicros
     */
    public record Span(FacePhase phase, long promptMicros, long startMicros, long endMicros) {
        public Span {
            if (!(promptMicros <= startMicros && startMicros < endMicros)) {
                throw new IllegalArgumentException("bad span " + promptMicros + " <= " + startMicros + " < " + endMicros);
            }
        }

        public double seconds() { return (endMicros - startMicros) / 1e6; }
    }

    private final List<Span> spans;

    private PhaseSchedule(List<Span> spans) {
        List<Span> sorted = new ArrayList<>(spans);
        sorted.sort(Comparator.comparingLong(Span::startMicros));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).startMicros() < sorted.get(i - 1).endMicros()) {
                throw new CalibrationException("calibration phases overlap: " + sorted.get(i - 1).phase().id() + " and " + sorted.get(i).phase().id());
            }
        }
        if (sorted.stream().noneMatch(s -> s.phase() == FacePhase.NEUTRAL)) {
            throw new CalibrationException("the calibration phases must include 'neutral'");
        }
        this.spans = List.copyOf(sorted);
    }

    /**
     * Every phase in order, as a live session runs them: {@code settleSeconds} after each
     * prompt, then {@code recordSeconds} recorded.
     */
    public static PhaseSchedule guided(double settleSeconds, double recordSeconds) {
        if (!(settleSeconds >= 0 && settleSeconds < 60)) throw new CalibrationException("the settling time must be 0 to 60 seconds, got " + settleSeconds);
        if (!(recordSeconds >= 0.5 && recordSeconds <= 60)) throw new CalibrationException("each phase must last 0.5 to 60 seconds, got " + recordSeconds);
        List<Span> out = new ArrayList<>();
        long settle = Math.round(settleSeconds * 1e6), record = Math.round(recordSeconds * 1e6);
        long t = 0;
        for (FacePhase p : FacePhase.values()) {
            out.add(new Span(p, t, t + settle, t + settle + record));
            t += settle + record;
        }
        return new PhaseSchedule(out);
    }

    /**
     * A recording of the phases in order, each taking an equal share of it: the first
     * {@code settleFraction} of each share is dropped as reaction time.
     */
    public static PhaseSchedule equalSplit(long durationMicros, double settleFraction) {
        if (!(settleFraction >= 0 && settleFraction < 0.9)) throw new IllegalArgumentException("settle fraction must be in [0, 0.9)");
        int n = FacePhase.values().length;
        if (durationMicros < n) throw new CalibrationException("the recording is too short to split into " + n + " phases");
        List<Span> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long a = durationMicros * i / n, b = durationMicros * (i + 1) / n;
            long start = a + Math.round((b - a) * settleFraction);
            out.add(new Span(FacePhase.values()[i], a, Math.min(start, b - 1), b));
        }
        return new PhaseSchedule(out);
    }

    /**
     * Reads phases from a text file: one line per phase, "{@code <phase> <start> <end>}" with
     * times in seconds from the first frame, e.g. {@code blink 4.5 7}; blank lines and text after
     * '#' are ignored. Phases not listed are not calibrated (they keep the default ranges);
     * "neutral" is required.
     */
    public static PhaseSchedule parse(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (NoSuchFileException e) {
            throw new CalibrationException("no such phases file: '" + file + "'");
        } catch (IOException e) {
            throw new CalibrationException("cannot read phases file '" + file + "': " + e.getMessage(), e);
        }
        List<Span> out = new ArrayList<>();
        Set<FacePhase> seen = EnumSet.noneOf(FacePhase.class);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int hash = line.indexOf('#');
            if (hash >= 0) line = line.substring(0, hash);
            line = line.trim();
            if (line.isEmpty()) continue;
            String where = file + " line " + (i + 1) + ": ";
            String[] parts = line.split("\\s+");
            if (parts.length != 3) throw new CalibrationException(where + "expected '<phase> <start seconds> <end seconds>', got '" + line + "'");
            FacePhase phase = FacePhase.byId(parts[0]);
            if (phase == null) throw new CalibrationException(where + "unknown phase '" + parts[0] + "' (phases: " + FacePhase.ids() + ")");
            if (!seen.add(phase)) throw new CalibrationException(where + "phase '" + phase.id() + "' is listed twice");
            double a, b;
            try {
                a = Double.parseDouble(parts[1]);
                b = Double.parseDouble(parts[2]);
            } catch (NumberFormatException e) {
                throw new CalibrationException(where + "times must be seconds, e.g. 4.5, got '" + parts[1] + "' and '" + parts[2] + "'");
            }
            if (!(a >= 0 && b > a) || !Double.isFinite(b)) {
                throw new CalibrationException(where + "the end must come after the start, both >= 0 (got " + parts[1] + " to " + parts[2] + ")");
            }
            long start = Math.round(a * 1e6), end = Math.round(b * 1e6);
            out.add(new Span(phase, start, start, Math.max(end, start + 1)));
        }
        if (out.isEmpty()) throw new CalibrationException(file + ": no phases listed (expected lines like 'neutral 0 3')");
        return new PhaseSchedule(out);
    }

    public List<Span> spans() { return spans; }

    /** The phase recorded at this time, or null (settling, between phases, after the end). */
    public FacePhase phaseAt(long micros) {
        for (Span s : spans) if (micros >= s.startMicros() && micros < s.endMicros()) return s.phase();
        return null;
    }

    /** The span whose prompt has been given by this time and whose window has not ended, or null. */
    public Span spanAt(long micros) {
        for (Span s : spans) if (micros >= s.promptMicros() && micros < s.endMicros()) return s;
        return null;
    }

    /** When the last recorded window ends. */
    public long endMicros() {
        return spans.get(spans.size() - 1).endMicros();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Span s : spans) {
            sb.append(sb.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s %.2f-%.2f s", s.phase().id(),
                    s.startMicros() / 1e6, s.endMicros() / 1e6));
        }
        return sb.toString();
    }
}
