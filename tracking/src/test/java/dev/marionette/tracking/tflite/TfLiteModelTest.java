package dev.marionette.tracking.tflite;

import static org.junit.jupiter.api.Assertions.*;

import java.io.InputStream;
import org.junit.jupiter.api.Test;

class TfLiteModelTest {
    @Test
    void corruptBytesGiveAClearError() {
        TfLiteException e = assertThrows(TfLiteException.class,
                () -> TfLiteModel.fromBytes("garbage.tflite", "this is not a model".getBytes(), 1, false));
        assertTrue(e.getMessage().contains("garbage.tflite") && e.getMessage().contains("not a valid"), e.getMessage());
    }

    @Test
    void truncatedModelGivesAClearError() throws Exception {
        byte[] model;
        try (InputStream in = getClass().getResourceAsStream("/dev/marionette/tracking/mediapipe/face_detection_short_range.tflite")) {
            model = in.readAllBytes();
        }
        byte[] half = java.util.Arrays.copyOf(model, model.length / 2);
        assertThrows(TfLiteException.class, () -> TfLiteModel.fromBytes("half.tflite", half, 1, false));
    }

    @Test
    void missingResourceIsNamed() {
        TfLiteException e = assertThrows(TfLiteException.class, () -> TfLiteModel.fromResource("/nope/missing.tflite", 1, false));
        assertTrue(e.getMessage().contains("missing.tflite"));
    }

    @Test
    void attentionModelNeedsTheCustomOps() {
        // Without MediaPipe's ops registered the interpreter cannot be built: proves they are used.
        assertThrows(TfLiteException.class,
                () -> TfLiteModel.fromResource("/dev/marionette/tracking/mediapipe/face_landmark_with_attention.tflite", 1, false));
    }

    @Test
    void xnnpackTakesOverTheGraph() {
        try (TfLiteModel m = TfLiteModel.fromResource("/dev/marionette/tracking/mediapipe/face_landmark.tflite", 1, false)) {
            assertTrue(m.executedNodes() < 10, "executed nodes " + m.executedNodes() + ": XNNPACK should replace the 210 ops");
        }
    }
}
