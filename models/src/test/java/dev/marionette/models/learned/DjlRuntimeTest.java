package dev.marionette.models.learned;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.util.Utils;
import org.junit.jupiter.api.Test;

class DjlRuntimeTest {
    @Test
    void bundledPytorchLoadsOfflineAndComputes() {
        Engine engine = DjlRuntime.pytorch();
        assertEquals("PyTorch", engine.getEngineName());
        assertTrue(Utils.isOfflineMode(), "DJL must be told it is offline before it loads");
        assertTrue(engine.getVersion().startsWith("2.7.1"), "bundled libtorch, got " + engine.getVersion());
        try (NDManager manager = engine.newBaseManager()) {
            NDArray a = manager.create(new float[] {1, 2, 3, 4}, new ai.djl.ndarray.types.Shape(2, 2));
            NDArray b = a.matMul(a.transpose());
            assertArrayEquals(new float[] {5, 11, 11, 25}, b.toFloatArray(), 0f);
        }
    }
}
