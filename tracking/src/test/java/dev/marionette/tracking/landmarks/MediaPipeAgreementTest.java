package dev.marionette.tracking.landmarks;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.marionette.tracking.FaceParams;
import dev.marionette.tracking.FaceTracker;
import dev.marionette.tracking.TrackerOptions;
import dev.marionette.tracking.capture.CaptureOptions;
import dev.marionette.tracking.capture.FrameSource;
import dev.marionette.tracking.capture.FrameSources;
import dev.marionette.tracking.capture.VideoFrame;
import dev.marionette.tracking.testing.SharedData;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our tracker against MediaPipe's own face mesh solution (same model, refineLandmarks on) on
 * the same decoded frames of real clips: the median over frames of the per-frame median point
 * error must stay within 0.5 % of the inter-ocular distance (outer eye corners 33 and 263), the
 * 90th percentile within 1 %. Measured: medians 0.03–0.13 %; before the landmarks' next region
 * was turned by the line through both eyes' outer corners, as MediaPipe turns it (it was one
 * eye's corners), 0.67–1.20 %. The
 * fixtures and how they were made are in src/test/resources/mediapipe-ref/; the clips come from
 * the optional shared data folder and the test skips without them.
 */
class MediaPipeAgreementTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"d18", "d11", "d9", "d6"})
    void landmarksMatchMediaPipe(String clipName) throws Exception {
        JsonNode entry = manifestEntry(clipName + ".refine.jsonl.gz");
        Path clip = SharedData.require(entry.get("clip").asText(), entry.get("clipSha256").asText());
        Map<Integer, float[]> reference = readFixture(clipName + ".refine.jsonl.gz");

        List<Double> frameErrors = new ArrayList<>();
        int frames = 0, withFace = 0;
        try (FrameSource source = FrameSources.open(clip.toString(), CaptureOptions.DEFAULT);
             FaceTracker tracker = new FaceTracker(TrackerOptions.defaults())) {
            VideoFrame frame;
            while ((frame = source.next()) != null) {
                FaceParams p = tracker.track(frame);
                frames++;
                if (p.face()) withFace++;
                float[] ref = reference.get((int) frame.index());
                if (ref == null) continue;
                assertTrue(p.face(), "MediaPipe found a face in frame " + frame.index() + ", we did not");
                frameErrors.add(medianErrorOverIod(p.landmarks(), ref));
            }
        }
        assertEquals(entry.get("clipFrames").asInt(), frames, "decoded frame count");
        double[] e = frameErrors.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double median = e[e.length / 2], p90 = e[(int) (0.9 * (e.length - 1))], max = e[e.length - 1];
        System.out.printf("%s: %d frames compared, median error %.2f%% IOD (p90 %.2f%%, max %.2f%%), face in %.1f%% of %d frames%n",
                clipName, e.length, 100 * median, 100 * p90, 100 * max, 100.0 * withFace / frames, frames);
        assertTrue(median <= 0.005, clipName + ": median error " + 100 * median + "% of IOD");
        assertTrue(p90 <= 0.01, clipName + ": 90th percentile error " + 100 * p90 + "% of IOD");
        assertTrue(withFace >= 0.98 * frames, clipName + ": face in " + withFace + " of " + frames + " frames");
    }

    /** Median over the 478 points of |ours − MediaPipe's| in x, y, divided by MediaPipe's IOD. */
    static double medianErrorOverIod(FaceLandmarks ours, float[] ref) {
        int n = ref.length / 2;
        double[] d = new double[n];
        for (int i = 0; i < n; i++) d[i] = Math.hypot(ours.x(i) - ref[2 * i], ours.y(i) - ref[2 * i + 1]);
        Arrays.sort(d);
        double iod = Math.hypot(ref[2 * 263] - ref[2 * 33], ref[2 * 263 + 1] - ref[2 * 33 + 1]);
        return d[n / 2] / iod;
    }

    static JsonNode manifestEntry(String file) throws Exception {
        JsonNode manifest = JSON.readTree(MediaPipeAgreementTest.class.getResourceAsStream("/mediapipe-ref/manifest.json"));
        for (JsonNode f : manifest.get("files")) if (f.get("file").asText().equals(file)) return f;
        throw new AssertionError("no manifest entry for " + file);
    }

    /** frame index → x, y of the 478 points. */
    static Map<Integer, float[]> readFixture(String file) throws Exception {
        Map<Integer, float[]> out = new HashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(MediaPipeAgreementTest.class.getResourceAsStream("/mediapipe-ref/" + file)), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                JsonNode n = JSON.readTree(line);
                JsonNode lm = n.get("landmarks");
                if (lm == null || lm.isNull()) continue;
                float[] xy = new float[2 * lm.size()];
                for (int i = 0; i < lm.size(); i++) {
                    xy[2 * i] = (float) lm.get(i).get(0).asDouble();
                    xy[2 * i + 1] = (float) lm.get(i).get(1).asDouble();
                }
                out.put(n.get("frame").asInt(), xy);
            }
        }
        return out;
    }
}
