package dev.marionette.tracking.params;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.marionette.tracking.FaceParams;
import dev.marionette.tracking.FaceTracker;
import dev.marionette.tracking.TrackerOptions;
import dev.marionette.tracking.capture.CaptureOptions;
import dev.marionette.tracking.capture.FrameSource;
import dev.marionette.tracking.capture.FrameSources;
import dev.marionette.tracking.capture.VideoFrame;
import dev.marionette.tracking.filter.FilterSettings;
import dev.marionette.tracking.geometry.CanonicalFaceMesh;
import dev.marionette.tracking.testing.SharedData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The landmark model reads eye turns and jaw openings short; {@link ExpressionProfile}'s default
 * ranges correct for it ({@link ExpressionProfile#LANDMARK_IRIS_GAIN},
 * {@link ExpressionProfile#LANDMARK_CHIN_GAIN}). These check both on real faces, where the truth
 * is known without special equipment, and skip without the shared data folder.
 */
class LandmarkModelGainTest {
    static final String CLIP = "d9.mp4", SHA256 = "9a414aa1d547be35306d692065a2157434bf40a6025ba8e30ce12e5bb322cc33";
    static final String D11_SHA256 = "94b449a25686eddd42e244fb571c908a123aa0154776682601df1f3830f8f65c";
    /** Frames while the running neutral settles (about 5 s at 30 fps) are left out. */
    static final int SETTLE_FRAMES = 150;

    /**
     * In clip d9 a man keeps looking into the camera while he turns his head, so each frame's
     * eye-in-head direction is the camera's direction seen from between his eyes, which the head
     * pose gives. Over the clip the tracked gaze must follow that direction with a slope near 1
     * (without the gain correction it was 0.62).
     */
    @Test
    void gazeFollowsTheCameraWhileTheHeadTurns() {
        Path clip = SharedData.require(CLIP, SHA256);
        CanonicalFaceMesh mesh = CanonicalFaceMesh.bundled();
        double ex = (mesh.x(33) + mesh.x(263)) / 2, ey = (mesh.y(33) + mesh.y(263)) / 2, ez = (mesh.z(33) + mesh.z(263)) / 2;
        List<double[]> pairs = new ArrayList<>(); // expected, measured yaw (degrees)
        double[] cam = new double[3];
        try (FrameSource source = FrameSources.open(clip.toString(), CaptureOptions.DEFAULT);
             FaceTracker tracker = new FaceTracker(TrackerOptions.defaults().withFilter(FilterSettings.NONE))) {
            VideoFrame frame;
            while ((frame = source.next()) != null) {
                FaceParams p = tracker.track(frame);
                if (frame.index() < SETTLE_FRAMES || !p.face() || p.gaze() == null) continue;
                if (p.blink().left() > 0.3 || p.blink().right() > 0.3) continue;
                p.pose().toHead(0, 0, 0, cam);
                double expected = Math.toDegrees(Math.atan2(cam[0] - ex, cam[2] - ez));
                double measured = (p.gaze().left().yawDeg() + p.gaze().right().yawDeg()) / 2;
                pairs.add(new double[] {expected, measured});
            }
        }
        int n = pairs.size();
        double mx = 0, my = 0;
        for (double[] q : pairs) {
            mx += q[0];
            my += q[1];
        }
        mx /= n;
        my /= n;
        double sxx = 0, syy = 0, sxy = 0;
        for (double[] q : pairs) {
            sxx += (q[0] - mx) * (q[0] - mx);
            syy += (q[1] - my) * (q[1] - my);
            sxy += (q[0] - mx) * (q[1] - my);
        }
        double slope = sxy / sxx, r = sxy / Math.sqrt(sxx * syy), spread = Math.sqrt(sxx / n);
        System.out.printf("eye contact (%s): %d frames, camera direction spread %.1f deg, gaze slope %.2f, correlation %.2f%n",
                CLIP, n, spread, slope, r);
        assertTrue(n >= 250, "frames with a face and open eyes: " + n);
        assertTrue(spread >= 3, "the head turns enough to measure: " + spread);
        assertTrue(r >= 0.8, "gaze follows the camera direction: correlation " + r);
        assertTrue(slope >= 0.8 && slope <= 1.3, "gaze follows the camera direction one to one: slope " + slope);
    }

    /**
     * With the lips parted wide (more than 15 mm beyond closed) the jaw is open and the chin drops
     * about as far as the lower lip; the model's chin moves {@link ExpressionProfile#LANDMARK_CHIN_GAIN}
     * of that, give or take the spread between people (clips d6 and d11: a woman and a child
     * opening their mouths wide).
     */
    @ParameterizedTest
    @CsvSource({"d6.mp4, 00e3ea79bbf28cbdc4fbb67ec655d9a0fe876e880ec45af55ae481348d0c0fff",
                "d11.mp4, " + D11_SHA256})
    void chinDropsTheGainOfTheLipsParting(String name, String sha256) {
        Path clip = SharedData.require(name, sha256);
        List<float[]> frames = new ArrayList<>(); // jaw drop, lip gap (canonical mm)
        try (FrameSource source = FrameSources.open(clip.toString(), CaptureOptions.DEFAULT);
             FaceTracker tracker = new FaceTracker(TrackerOptions.defaults().withFilter(FilterSettings.NONE))) {
            VideoFrame frame;
            while ((frame = source.next()) != null) {
                if (!tracker.track(frame).face()) continue;
                float[] m = tracker.lastMeasures();
                frames.add(new float[] {m[Measure.JAW_DROP.ordinal()], m[Measure.LIP_GAP.ordinal()]});
            }
        }
        double jaw0 = percentile(frames, 0, 0.1), lips0 = percentile(frames, 1, 0.1); // the mouth closed
        List<Double> ratios = new ArrayList<>();
        for (float[] f : frames) {
            double parted = f[1] - lips0;
            if (parted > 15) ratios.add((f[0] - jaw0) / parted);
        }
        ratios.sort(null);
        double median = ratios.get(ratios.size() / 2);
        System.out.printf("chin drop over lip parting (%s): median %.2f over %d wide-open frames (gain in use %.2f)%n", name, median,
                ratios.size(), ExpressionProfile.LANDMARK_CHIN_GAIN);
        assertTrue(ratios.size() >= 20, "wide-open frames: " + ratios.size());
        assertEquals(ExpressionProfile.LANDMARK_CHIN_GAIN, median, 0.1, "the chin's share of a wide opening");
    }

    static double percentile(List<float[]> rows, int column, double q) {
        double[] v = rows.stream().mapToDouble(r -> r[column]).sorted().toArray();
        return v[(int) (q * (v.length - 1))];
    }
}
