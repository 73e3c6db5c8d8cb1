package dev.marionette.tracking.landmarks;

import static org.junit.jupiter.api.Assertions.*;

import dev.marionette.tracking.FaceParams;
import dev.marionette.tracking.FaceTracker;
import dev.marionette.tracking.TrackerOptions;
import dev.marionette.tracking.capture.FrameSource;
import dev.marionette.tracking.capture.FrameSources;
import dev.marionette.tracking.detect.BlazeFaceDetector;
import dev.marionette.tracking.detect.Detection;
import dev.marionette.tracking.image.RgbImage;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bundled public-domain portrait (NASA, astronaut Eileen Collins, 512x512). The boxes
 * were set by looking at the landmarks drawn on the image: the face spans about x 180–270,
 * y 60–180, the irises sit near (204, 101) and (247, 104), the nose tip near (224, 130), the
 * lips' inner edges near (223, 143) and (223, 151).
 */
class AstronautTest {
    static RgbImage image;

    @BeforeAll
    static void load() throws Exception {
        image = RgbImage.of(ImageIO.read(AstronautTest.class.getResource(FrameSources.SAMPLE)));
    }

    static FaceParams track() {
        try (FrameSource source = FrameSources.bundledSample(); FaceTracker tracker = new FaceTracker(TrackerOptions.defaults())) {
            return tracker.track(source.next());
        }
    }

    @Test
    void detectorFindsTheOneFace() {
        try (BlazeFaceDetector detector = new BlazeFaceDetector(1)) {
            List<Detection> found = detector.detect(image);
            assertEquals(1, found.size());
            Detection d = found.get(0);
            assertTrue(d.score() > 0.8, "score " + d.score());
            assertInBox("box centre", d.centerX(), d.centerY(), 205, 245, 105, 145);
            assertTrue(d.width() > 60 && d.width() < 140, "box width " + d.width());
            assertInBox("right eye keypoint", d.keypointX(0), d.keypointY(0), 190, 218, 90, 114);
            assertInBox("left eye keypoint", d.keypointX(1), d.keypointY(1), 234, 262, 92, 116);
            assertInBox("nose keypoint", d.keypointX(2), d.keypointY(2), 212, 236, 115, 140);
            assertInBox("mouth keypoint", d.keypointX(3), d.keypointY(3), 210, 236, 135, 160);
        }
    }

    @Test
    void landmarksFallOnTheFeatures() {
        FaceParams p = track();
        assertTrue(p.face());
        FaceLandmarks lm = p.landmarks();
        assertEquals(478, lm.count());
        assertTrue(lm.presence() > 0.9, "presence " + lm.presence());
        for (int i : new int[] {33, 133, FaceLandmarks.RIGHT_IRIS_CENTER}) assertInBox("right eye point " + i, lm.x(i), lm.y(i), 185, 218, 92, 112);
        for (int i : new int[] {263, 362, FaceLandmarks.LEFT_IRIS_CENTER}) assertInBox("left eye point " + i, lm.x(i), lm.y(i), 232, 265, 95, 115);
        assertInBox("nose tip", lm.x(1), lm.y(1), 214, 232, 120, 138);
        assertInBox("upper inner lip", lm.x(13), lm.y(13), 212, 234, 136, 150);
        assertInBox("lower inner lip", lm.x(14), lm.y(14), 212, 234, 144, 158);
        assertInBox("chin", lm.x(152), lm.y(152), 208, 236, 165, 190);
        // Every point lies in the face region.
        for (int i = 0; i < lm.count(); i++) assertInBox("point " + i, lm.x(i), lm.y(i), 165, 285, 45, 195);
    }

    @Test
    void poseIsNearFrontal() {
        FaceParams p = track();
        // The face sits well above the image centre, so "frontal" means facing the camera:
        // the head's forward axis against the line from the head to the camera.
        double[] t = p.pose().translationMm();
        double norm = Math.sqrt(t[0] * t[0] + t[1] * t[1] + t[2] * t[2]);
        double cos = -(p.pose().r(0, 2) * t[0] + p.pose().r(1, 2) * t[1] + p.pose().r(2, 2) * t[2]) / norm;
        double offAxisDeg = Math.toDegrees(Math.acos(cos));
        assertTrue(offAxisDeg < 15, "face turned " + offAxisDeg + " degrees from the camera");
        assertEquals(0, p.pose().rollDeg(), 10);
        assertEquals(0, p.blink().left(), 0.3);
        assertEquals(0, p.blink().right(), 0.3);
    }

    @Test
    void attentionAndPlainModelsAgree() {
        try (BlazeFaceDetector detector = new BlazeFaceDetector(1);
             FaceLandmarker attention = new FaceLandmarker(LandmarkModel.WITH_ATTENTION, 1);
             FaceLandmarker plain = new FaceLandmarker(LandmarkModel.PLAIN, 1)) {
            Roi roi = Rois.fromDetection(detector.detect(image).get(0));
            FaceLandmarks a = attention.detect(image, roi), b = plain.detect(image, roi);
            assertEquals(468, b.count());
            double sum = 0;
            for (int i = 0; i < 468; i++) sum += Math.hypot(a.x(i) - b.x(i), a.y(i) - b.y(i));
            assertTrue(sum / 468 < 3, "mean distance between the models " + sum / 468 + " px");
        }
    }

    @Test
    void noFaceWhereThereIsNone() {
        byte[] grey = new byte[320 * 241 * 3];
        java.util.Arrays.fill(grey, (byte) 128);
        RgbImage blank = new RgbImage(320, 241, grey);
        try (BlazeFaceDetector detector = new BlazeFaceDetector(1); FaceLandmarker lm = new FaceLandmarker(LandmarkModel.WITH_ATTENTION, 1)) {
            assertTrue(detector.detect(blank).isEmpty());
            // The landmark model on the rocket in the corner of the portrait: no face there.
            assertTrue(lm.detect(image, new Roi(410, 170, 140, 140, 0)).presence() < 0.5);
        }
    }

    @Test
    void manyInstancesAliveAtOnceAgree() {
        // JavaCPP caps live instances of one callback class at 10; shared singleton callbacks
        // must keep working however many interpreters exist, also across garbage collections.
        Roi roi;
        try (BlazeFaceDetector detector = new BlazeFaceDetector(1)) {
            roi = Rois.fromDetection(detector.detect(image).get(0));
        }
        List<FaceLandmarker> all = new ArrayList<>();
        try {
            for (int i = 0; i < 12; i++) all.add(new FaceLandmarker(LandmarkModel.WITH_ATTENTION, 1));
            FaceLandmarks first = all.get(0).detect(image, roi);
            for (int round = 0; round < 3; round++) {
                System.gc();
                for (FaceLandmarker l : all) {
                    FaceLandmarks other = l.detect(image, roi);
                    for (int i = 0; i < other.count(); i++) {
                        assertEquals(first.x(i), other.x(i), 1e-3);
                        assertEquals(first.y(i), other.y(i), 1e-3);
                    }
                }
            }
        } finally {
            all.forEach(FaceLandmarker::close);
        }
    }

    static void assertInBox(String what, float x, float y, float x0, float x1, float y0, float y1) {
        assertTrue(x >= x0 && x <= x1 && y >= y0 && y <= y1,
                what + " at (" + x + ", " + y + ") outside [" + x0 + "," + x1 + "]x[" + y0 + "," + y1 + "]");
    }
}
