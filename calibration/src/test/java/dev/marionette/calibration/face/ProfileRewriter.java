package dev.marionette.calibration.face;

import dev.marionette.tracking.params.ExpressionProfile;
import dev.marionette.tracking.params.Measure;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The child process of {@link FaceProfileAtomicWriteTest}: writes a small first profile, then
 * rewrites the same file with large ones for ever, each stamped with its generation as its
 * creation time, until it is killed. Prints "first", "rewriting", then "saved N" per write.
 *
 * <p>Arguments: the profile path, the number of sample rows in the large profiles.
 */
public final class ProfileRewriter {
    private ProfileRewriter() {}

    public static void main(String[] args) {
        Path target = Path.of(args[0]);
        int rows = Integer.parseInt(args[1]);
        ExpressionProfile expression = ExpressionProfile.standard();
        profile(expression, 0, 10).save(target);
        System.out.println("first");
        List<float[]> big = rowsOf(rows);
        System.out.println("rewriting");
        System.out.flush();
        for (long generation = 1; ; generation++) {
            new FaceProfile(expression, true, Instant.ofEpochSecond(generation), Map.of(FacePhase.NEUTRAL, big)).save(target);
            System.out.println("saved " + generation);
            System.out.flush();
        }
    }

    static FaceProfile profile(ExpressionProfile expression, long generation, int rows) {
        return new FaceProfile(expression, true, Instant.ofEpochSecond(generation), Map.of(FacePhase.NEUTRAL, rowsOf(rows)));
    }

    static List<float[]> rowsOf(int n) {
        List<float[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            float[] row = new float[Measure.COUNT];
            for (int c = 0; c < row.length; c++) row[c] = (float) Math.sin(i * 0.37 + c) * 10 + c;
            out.add(row);
        }
        return out;
    }
}
