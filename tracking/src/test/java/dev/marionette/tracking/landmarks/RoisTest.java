package dev.marionette.tracking.landmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.marionette.tracking.geometry.CanonicalFaceMesh;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The landmark model's next region, as MediaPipe's face mesh graph makes it. */
class RoisTest {
    /**
     * The canonical face seen from the front and rolled in the image by a known angle: the
     * region turns by exactly that angle. The rotation comes from the line through both eyes'
     * outer corners (33, 263); one eye's own corners (33, 133) slope by the eye's slant (1.7
     * degrees on the canonical face, more on many real eyes and on turned heads), which would
     * turn every crop by that much.
     */
    @ParameterizedTest
    @ValueSource(doubles = {-30, -10, 0, 5, 25})
    void theRegionTurnsWithTheHeadsRoll(double rollDeg) {
        FaceLandmarks face = rolledCanonicalFace(rollDeg, 400, 300, 6);
        Roi roi = Rois.fromLandmarks(face);
        assertEquals(rollDeg, Math.toDegrees(roi.rotation()), 1e-3);
        assertEquals(400, roi.centerX(), 40);
        assertEquals(300, roi.centerY(), 40);
    }

    @Test
    void theRegionIsSquareAndHalfAsLargeAgainAsTheFace() {
        FaceLandmarks face = rolledCanonicalFace(0, 400, 300, 6);
        float minX = Float.MAX_VALUE, maxX = -Float.MAX_VALUE, minY = Float.MAX_VALUE, maxY = -Float.MAX_VALUE;
        for (int i = 0; i < face.count(); i++) {
            minX = Math.min(minX, face.x(i));
            maxX = Math.max(maxX, face.x(i));
            minY = Math.min(minY, face.y(i));
            maxY = Math.max(maxY, face.y(i));
        }
        Roi roi = Rois.fromLandmarks(face);
        assertEquals(roi.width(), roi.height(), 1e-4);
        assertEquals(1.5 * Math.max(maxX - minX, maxY - minY), roi.width(), 1e-3);
    }

    /**
     * The canonical mesh's points in an image: x right, y down, the face upright and then turned
     * clockwise on screen by {@code rollDeg} (which lowers the image-right eye, the rotation
     * {@link Roi#rotation()} calls positive) about (cx, cy), at {@code pxPerMm}.
     */
    static FaceLandmarks rolledCanonicalFace(double rollDeg, double cx, double cy, double pxPerMm) {
        CanonicalFaceMesh mesh = CanonicalFaceMesh.bundled();
        double c = Math.cos(Math.toRadians(rollDeg)), s = Math.sin(Math.toRadians(rollDeg));
        float[] xyz = new float[3 * CanonicalFaceMesh.VERTICES];
        for (int i = 0; i < CanonicalFaceMesh.VERTICES; i++) {
            double x = mesh.x(i) * pxPerMm, y = -mesh.y(i) * pxPerMm;
            xyz[3 * i] = (float) (cx + c * x - s * y);
            xyz[3 * i + 1] = (float) (cy + s * x + c * y);
            xyz[3 * i + 2] = (float) (-mesh.z(i) * pxPerMm);
        }
        return new FaceLandmarks(xyz, 1f, new Roi((float) cx, (float) cy, 1000, 1000, 0));
    }
}
