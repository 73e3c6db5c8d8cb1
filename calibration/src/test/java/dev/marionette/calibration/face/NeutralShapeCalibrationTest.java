package dev.marionette.calibration.face;

import static org.junit.jupiter.api.Assertions.*;

import dev.marionette.tracking.geometry.CameraIntrinsics;
import dev.marionette.tracking.geometry.CanonicalFaceMesh;
import dev.marionette.tracking.geometry.FaceShape;
import dev.marionette.tracking.geometry.HeadPose;
import dev.marionette.tracking.geometry.PoseSolver;
import dev.marionette.tracking.landmarks.FaceLandmarks;
import dev.marionette.tracking.landmarks.Roi;
import dev.marionette.tracking.params.FaceMeasures;
import dev.marionette.tracking.params.Measure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Calibration from frames with landmarks: the person's neutral face, and measures in its units. */
class NeutralShapeCalibrationTest {
    static final CanonicalFaceMesh MESH = CanonicalFaceMesh.bundled();
    static final CameraIntrinsics CAMERA = CameraIntrinsics.fromVerticalFov(640, 480, 40);

    /** A face unlike the mean: deeper relief, a long lower face, a jaw that drops {@code jawMm} more. */
    static float[] face(double jawMm) {
        float[] p = MESH.positionsMm();
        double mouthY = 0.5 * (MESH.y(13) + MESH.y(14));
        for (int i = 0; i < CanonicalFaceMesh.VERTICES; i++) {
            double y = MESH.y(i);
            p[3 * i + 2] *= 1.25f;
            if (y < -10) p[3 * i + 1] += (float) (0.12 * (y + 10));
            if (y < mouthY && Math.abs(MESH.x(i)) < 70) p[3 * i + 1] -= (float) (jawMm * Math.min(1, (mouthY - y) / 6));
        }
        return p;
    }

    /** The landmarks a perfect landmark model reports for the points at a pose (z weak-perspective, origin 7 px). */
    static FaceLandmarks landmarks(float[] points, HeadPose pose, double noisePx, Random random) {
        float[] xyz = new float[3 * CanonicalFaceMesh.VERTICES];
        double[] q = new double[3];
        double dHead = -pose.t(2);
        for (int i = 0; i < CanonicalFaceMesh.VERTICES; i++) {
            pose.toCamera(points[3 * i], points[3 * i + 1], points[3 * i + 2], q);
            double d = -q[2];
            xyz[3 * i] = (float) (CAMERA.cx() + CAMERA.fx() * q[0] / d + noisePx * random.nextGaussian());
            xyz[3 * i + 1] = (float) (CAMERA.cy() - CAMERA.fy() * q[1] / d + noisePx * random.nextGaussian());
            xyz[3 * i + 2] = (float) (CAMERA.fx() * (d - dHead) / dHead + 7 + noisePx * random.nextGaussian());
        }
        return new FaceLandmarks(xyz, 1, new Roi(320, 240, 200, 200, 0));
    }

    /** Neutral and jaw phases as a tracker with the canonical face would label them. */
    static List<FaceSample> session(long seed) {
        Random random = new Random(seed);
        PoseSolver canonical = PoseSolver.create();
        List<FaceSample> samples = new ArrayList<>();
        for (int k = 0; k < 40; k++) {
            boolean jaw = k >= 20;
            HeadPose pose = HeadPose.fromAngles(2 * Math.sin(0.7 * k), 2 * Math.cos(0.5 * k), 0, 10, -5, -560);
            FaceLandmarks lm = landmarks(face(jaw ? 20 : 0), pose, 0.4, random);
            float[] m = new float[Measure.COUNT];
            FaceMeasures.compute(canonical.solve(lm, CAMERA, null).steadyPointsMm(), m);
            samples.add(new FaceSample(jaw ? FacePhase.JAW : FacePhase.NEUTRAL, m, false, lm, CAMERA));
        }
        return samples;
    }

    @Test
    void neutralShapeComesFromTheNeutralFramesAndMeasuresFollowIt() {
        List<FaceSample> samples = session(1);
        FaceProfile profile = new FaceCalibrator().calibrate(samples).profile();
        FaceShape shape = profile.neutralShape();
        assertNotNull(shape, "frames with landmarks give a neutral shape");

        // The shape is the person's, not the mean face: its face is as long, for its width, as theirs.
        float[] truth = face(0);
        double canonicalLength = faceLength(MESH.positionsMm()), length = faceLength(truth);
        assertEquals(length, faceLength(shape.pointsMm()), 0.02 * length, "nose bridge to chin over eye-corner distance");
        assertTrue(length > 1.06 * canonicalLength, "the test face is longer than the mean: " + length + " vs " + canonicalLength);

        // The neutral measures are what a tracker fitting that shape measures on a neutral frame.
        PoseSolver own = PoseSolver.create(shape);
        float[] m = new float[Measure.COUNT];
        FaceMeasures.compute(own.solve(landmarks(truth, HeadPose.fromAngles(0, 0, 0, 10, -5, -560), 0, new Random(9)), CAMERA, null)
                .steadyPointsMm(), m);
        // Against the mean face (what the samples carried) the chin measures differently.
        float[] c = new float[Measure.COUNT];
        FaceMeasures.compute(PoseSolver.create().solve(landmarks(truth, HeadPose.fromAngles(0, 0, 0, 10, -5, -560), 0, new Random(9)),
                CAMERA, null).steadyPointsMm(), c);
        for (Measure x : new Measure[] {Measure.JAW_DROP, Measure.LIP_GAP, Measure.EYE_OPEN_LEFT, Measure.MOUTH_WIDTH}) {
            System.out.printf("%s: calibrated %.3f, own-shape tracker %.3f, mean-face tracker %.3f%n", x, profile.expression().neutral(x),
                    m[x.ordinal()], c[x.ordinal()]);
            assertEquals(m[x.ordinal()], profile.expression().neutral(x), 0.4, "neutral " + x + " in the own shape's units");
        }
    }

    static double faceLength(float[] p) {
        double length = Math.hypot(p[3 * 168] - p[3 * 152], p[3 * 168 + 1] - p[3 * 152 + 1]);
        double width = Math.hypot(p[3 * 263] - p[3 * 33], p[3 * 263 + 1] - p[3 * 33 + 1]);
        return length / width;
    }

    @Test
    void withoutLandmarksThereIsNoShape() {
        List<FaceSample> measuresOnly = new ArrayList<>();
        for (FaceSample s : session(2)) measuresOnly.add(new FaceSample(s.phase(), s.measures(), s.iris()));
        assertNull(new FaceCalibrator().calibrate(measuresOnly).profile().neutralShape());
    }

    @Test
    void theShapeRoundTripsThroughTheFileAndReachesTheTracker(@TempDir Path dir) throws Exception {
        FaceProfile p = new FaceCalibrator().calibrate(session(3)).profile();
        Path file = dir.resolve("me.json");
        p.save(file);
        FaceProfile q = FaceProfile.load(file);
        assertEquals(p.neutralShape(), q.neutralShape());
        assertEquals(q.neutralShape(), q.applyTo(dev.marionette.tracking.TrackerOptions.defaults()).neutralShape());
        String text = Files.readString(file);
        assertTrue(text.contains("\"version\" : 4"), "written as version 4");

        // Earlier versions hold measures of a tracker that cropped faces differently: refused
        // with a request to calibrate again, and the file is left as it was.
        for (int old = 1; old <= 3; old++) {
            String earlier = text.replace("\"version\" : 4", "\"version\" : " + old);
            Path file2 = dir.resolve("v" + old + ".json");
            Files.writeString(file2, earlier);
            var refused = assertThrows(dev.marionette.calibration.CalibrationException.class, () -> FaceProfile.load(file2));
            assertTrue(refused.getMessage().contains("version") && refused.getMessage().contains("calibrate again"), refused.getMessage());
            assertEquals(earlier, Files.readString(file2), "the old profile is kept");
        }

        // A shape that is no face, or not all of one, is refused with the field named.
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var root = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(text);
        var points = (com.fasterxml.jackson.databind.node.ArrayNode) root.get("neutralShape").get("points");
        ((com.fasterxml.jackson.databind.node.ArrayNode) points.get(0)).set(0, 900.0);
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, json.writeValueAsString(root));
        var e = assertThrows(dev.marionette.calibration.CalibrationException.class, () -> FaceProfile.load(bad));
        assertTrue(e.getMessage().contains("neutralShape") && e.getMessage().contains("not a face"), e.getMessage());
        points.remove(0);
        Path shortShape = dir.resolve("short.json");
        Files.writeString(shortShape, json.writeValueAsString(root));
        e = assertThrows(dev.marionette.calibration.CalibrationException.class, () -> FaceProfile.load(shortShape));
        assertTrue(e.getMessage().contains("neutralShape.points") && e.getMessage().contains("467"), e.getMessage());
    }
}
