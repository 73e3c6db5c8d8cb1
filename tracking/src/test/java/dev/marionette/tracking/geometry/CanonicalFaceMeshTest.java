package dev.marionette.tracking.geometry;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class CanonicalFaceMeshTest {
    private final CanonicalFaceMesh mesh = CanonicalFaceMesh.bundled();

    @Test
    void bundledMeshHasTheCanonicalTopology() {
        assertEquals(898, mesh.triangleCount(), "MediaPipe's canonical mesh has 898 triangles");
        int weighted = 0;
        for (int i = 0; i < CanonicalFaceMesh.VERTICES; i++) if (mesh.procrustesWeight(i) > 0) weighted++;
        assertTrue(weighted > 20 && weighted < 468, "a partial Procrustes basis, got " + weighted);
        System.out.printf("weighted=%d iod=%.2f x33=%.2f x263=%.2f nose z=%.2f chin y=%.2f forehead y=%.2f%n",
                weighted, mesh.interOcularMm(), mesh.x(33), mesh.x(263), mesh.z(1), mesh.y(152), mesh.y(10));
    }

    @Test
    void headFrameAxesAreAsDocumented() {
        // Landmark 33 is the subject's right outer eye corner: the viewer's left, so -x.
        assertTrue(mesh.x(33) < 0 && mesh.x(263) > 0);
        // Forehead (10) above chin (152); nose tip (1) in front of the eye corners.
        assertTrue(mesh.y(10) > mesh.y(152));
        assertTrue(mesh.z(1) > mesh.z(33) + 10);
        // Millimetres: adult inter-ocular (outer corners) distance is about 9 cm.
        assertEquals(90, mesh.interOcularMm(), 15);
    }

    @Test
    void trianglesFaceTheViewer() {
        int[] t = mesh.triangles();
        int facing = 0, total = 0;
        for (int k = 0; k < t.length; k += 3) {
            float ax = mesh.x(t[k + 1]) - mesh.x(t[k]), ay = mesh.y(t[k + 1]) - mesh.y(t[k]);
            float bx = mesh.x(t[k + 2]) - mesh.x(t[k]), by = mesh.y(t[k + 2]) - mesh.y(t[k]);
            float nz = ax * by - ay * bx;
            if (Math.abs(nz) < 1e-3f) continue;
            total++;
            if (nz > 0) facing++;
        }
        assertTrue(facing > 0.9 * total, "counter-clockwise seen from +z: " + facing + "/" + total);
    }

    @Test
    void rejectsBytesThatAreNotMetadata() {
        assertThrows(IllegalArgumentException.class, () -> CanonicalFaceMesh.parse(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5})));
        assertThrows(IllegalArgumentException.class, () -> CanonicalFaceMesh.parse(ByteBuffer.wrap(new byte[0])));
        // A well-formed message with a mesh of the wrong size.
        byte[] tooSmall = {0x0A, 0x05, 0x1D, 0, 0, (byte) 0x80, 0x3F};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CanonicalFaceMesh.parse(ByteBuffer.wrap(tooSmall)));
        assertTrue(e.getMessage().contains("468"), e.getMessage());
    }
}
