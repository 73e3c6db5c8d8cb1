package dev.marionette.tracking.tflite;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;

/** The three custom ops against values worked out by hand from their definitions. */
class MediaPipeOpsTest {
    private static MediaPipeOps.MatrixOptions options(int[] subset, int left, int right, int outW, int outH, float sx, float sy) {
        return new MediaPipeOps.MatrixOptions(subset, left, right, 0f, outW, outH, sx, sy);
    }

    @Test
    void levelLandmarksGiveAnAxisAlignedCrop() {
        // Points (10,10), (30,10), (20,30): level eye line, box x 10..30, y 10..30, centre (20,20).
        float[] lm = {10, 10, 0, 30, 10, 0, 20, 30, 0};
        float[] m = new float[16];
        MediaPipeOps.landmarksToMatrix(options(new int[] {0, 1, 2}, 0, 1, 8, 8, 1, 1), lm, m);
        // Scale 20 px / 8 output px = 2.5; output (0,0) lands on the box corner (10,10).
        float[] expected = {2.5f, 0, 0, 10, 0, 2.5f, 0, 10, 0, 0, 1, 0, 0, 0, 0, 1};
        assertArrayEquals(expected, m, 1e-5f);
        // scale_x/scale_y enlarge the crop about the same centre.
        MediaPipeOps.landmarksToMatrix(options(new int[] {0, 1, 2}, 0, 1, 8, 8, 2, 1), lm, m);
        assertEquals(5f, m[0], 1e-5f);
        assertEquals(20 - 5 * 4, m[3], 1e-5f);
    }

    @Test
    void tiltedEyeLineIsLevelledInTheCrop() {
        // Eye line from (0,0) to (10,10): 45 degrees down; the crop must turn it horizontal.
        float[] lm = {0, 0, 0, 10, 10, 0, 0, 10, 0, 10, 0, 0};
        float[] m = new float[16];
        MediaPipeOps.landmarksToMatrix(options(new int[] {0, 1, 2, 3}, 0, 1, 10, 10, 1, 1), lm, m);
        // Rotation part is a rotation by +45 degrees times a uniform scale.
        assertEquals(m[0], m[5], 1e-5f);
        assertEquals(-m[1], m[4], 1e-5f);
        assertEquals(Math.PI / 4, Math.atan2(m[4], m[0]), 1e-5);
        // Map both eye points into the crop (invert the 2x2 + translation): same crop row.
        float[] a = invert(m, 0, 0), b = invert(m, 10, 10);
        assertEquals(a[1], b[1], 1e-4f);
        assertTrue(b[0] > a[0]);
        // The square of side 10 turned by 45 degrees spans 10*sqrt(2) in the rotated frame.
        assertEquals(10 * Math.sqrt(2) / 10, Math.hypot(m[0], m[4]), 1e-5);
    }

    private static float[] invert(float[] m, float x, float y) {
        double a = m[0], b = m[1], c = m[4], d = m[5];
        double det = a * d - b * c;
        double px = x - m[3], py = y - m[7];
        return new float[] {(float) ((d * px - b * py) / det), (float) ((-c * px + a * py) / det)};
    }

    @Test
    void identityTransformCopiesTheTensor() {
        float[] in = {0, 1, 2, 3, 4, 5};
        FloatBuffer out = FloatBuffer.allocate(6);
        float[] identity = {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1};
        MediaPipeOps.transformTensor(identity, FloatBuffer.wrap(in), 2, 3, 1, out, 2, 3);
        assertArrayEquals(in, out.array(), 1e-6f);
    }

    @Test
    void bilinearTapsAtPixelCentresAndZeroOutside() {
        // 2x3 single-channel input, output 4x6 with matrix scale 0.5: after the half-pixel
        // correction tx = 0.5 * ox - 0.25 and ty = 0.5 * oy - 0.25.
        float[] in = {0, 1, 2, 3, 4, 5};
        FloatBuffer out = FloatBuffer.allocate(24);
        float[] half = {0.5f, 0, 0, 0, 0, 0.5f, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1};
        MediaPipeOps.transformTensor(half, FloatBuffer.wrap(in), 2, 3, 1, out, 4, 6);
        float[] o = out.array();
        assertEquals(0f, o[0], 1e-6f, "(-0.25,-0.25) is outside");
        // (ox=1, oy=1) -> (0.25, 0.25): 0.5625*0 + 0.1875*1 + 0.1875*3 + 0.0625*4 = 1.0
        assertEquals(1.0f, o[6 + 1], 1e-6f);
        // (ox=3, oy=1) -> (1.25, 0.25): upper 0.75*1+0.25*2 = 1.25, lower 4.25 -> 0.75*1.25+0.25*4.25 = 2.0
        assertEquals(2.0f, o[6 + 3], 1e-6f);
        // (ox=5, oy=3) -> (2.25, 1.25): beyond the last column (2) -> outside
        assertEquals(0f, o[3 * 6 + 5], 1e-6f);
    }

    @Test
    void channelsStayApart() {
        float[] in = {1, 10, 2, 20}; // 1x2, 2 channels
        FloatBuffer out = FloatBuffer.allocate(4);
        float[] identity = {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1};
        MediaPipeOps.transformTensor(identity, FloatBuffer.wrap(in), 1, 2, 2, out, 1, 2);
        assertArrayEquals(in, out.array(), 1e-6f);
    }

    @Test
    void landmarksMoveThroughTheMatrixAndKeepZ() {
        float[] m = {2, 0, 0, 5, 0, 3, 0, -1, 0, 0, 1, 0, 0, 0, 0, 1};
        FloatBuffer out = FloatBuffer.allocate(6);
        MediaPipeOps.transformLandmarks(m, FloatBuffer.wrap(new float[] {1, 2, 7, 0, 0, -4}), out, 2, 3);
        assertArrayEquals(new float[] {7, 5, 7, 5, -1, -4}, out.array(), 1e-6f);
        FloatBuffer out2 = FloatBuffer.allocate(2);
        MediaPipeOps.transformLandmarks(m, FloatBuffer.wrap(new float[] {1, 1}), out2, 1, 2);
        assertArrayEquals(new float[] {7, 2}, out2.array(), 1e-6f);
    }

    @Test
    void transposeConvolutionScattersEachInputWithBias() {
        // 2x2 input, one 3x3 filter of ones, stride 2, SAME: output 4x4 (2*(2-1)+3-1), no offset.
        assertEquals(4, MediaPipeOps.transposeConvSize(2, 3, 2, MediaPipeOps.PADDING_SAME));
        assertEquals(5, MediaPipeOps.transposeConvSize(2, 3, 2, 2));
        float[] ones = new float[9];
        java.util.Arrays.fill(ones, 1f);
        FloatBuffer out = FloatBuffer.allocate(16);
        MediaPipeOps.transposeConvBias(FloatBuffer.wrap(new float[] {1, 2, 3, 4}), 2, 2, 1, FloatBuffer.wrap(ones), 3, 3,
                FloatBuffer.wrap(new float[] {0.5f}), 1, 2, 2, MediaPipeOps.PADDING_SAME, out, 4, 4);
        float[] o = out.array();
        assertEquals(1.5f, o[0], 1e-6f);             // only input (0,0) reaches (0,0)
        assertEquals(1.5f, o[1 * 4 + 1], 1e-6f);
        assertEquals(3.5f, o[2], 1e-6f);             // column 2: inputs (0,0) and (0,1)
        assertEquals(10.5f, o[2 * 4 + 2], 1e-6f);    // the centre: all four
        assertEquals(4.5f, o[3 * 4 + 3], 1e-6f);     // only input (1,1)
        // Two output channels read their own filter and bias.
        float[] two = new float[18];
        for (int i = 0; i < 9; i++) { two[i] = 1; two[9 + i] = 2; }
        FloatBuffer out2 = FloatBuffer.allocate(32);
        MediaPipeOps.transposeConvBias(FloatBuffer.wrap(new float[] {1, 2, 3, 4}), 2, 2, 1, FloatBuffer.wrap(two), 3, 3,
                FloatBuffer.wrap(new float[] {0, 1}), 2, 2, 2, MediaPipeOps.PADDING_SAME, out2, 4, 4);
        assertEquals(10f, out2.get((2 * 4 + 2) * 2), 1e-6f);
        assertEquals(21f, out2.get((2 * 4 + 2) * 2 + 1), 1e-6f);
    }

    @Test
    void badOptionsAreRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> MediaPipeOps.landmarksToMatrix(options(new int[] {0, 5}, 0, 1, 8, 8, 1, 1), new float[9], new float[16]));
    }
}
