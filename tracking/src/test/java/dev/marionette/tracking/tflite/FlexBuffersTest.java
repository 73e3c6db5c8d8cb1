package dev.marionette.tracking.tflite;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FlexBuffersTest {
    /**
     * {"a": 5, "b": 1.5, "v": [1, 2, 3]} laid out by hand from the format description: an
     * indirect float, a typed int vector, a key vector and a map of byte width 1.
     */
    static byte[] handMadeMap() {
        return new byte[] {
            0, 0, (byte) 0xC0, 0x3F,            // 0: float 1.5
            'a', 0, 'b', 0, 'v', 0,              // 4: keys
            3, 1, 2, 3,                          // 10: typed int vector, size then elements (11..13)
            3, 11, 10, 9,                        // 14: key vector size 3, offsets to 4, 6, 8 from 15, 16, 17
            3, 1, 3,                             // 18: offset back to the key vector (18-3=15), keys width, map size
            5, 22, 12,                           // 21: values: int 5; offset to float at 0; offset to vector at 11
            4, 34, 44,                           // 24: types: INT w1, INDIRECT_FLOAT w4, VECTOR_INT w1
            6, 36, 1,                            // 27: root: offset to map values (27-21), MAP w1, root width 1
        };
    }

    @Test
    void decodesAHandMadeMap() {
        Map<String, Object> m = FlexBuffers.decodeMap(ByteBuffer.wrap(handMadeMap()));
        assertEquals(5L, m.get("a"));
        assertEquals(1.5, (Double) m.get("b"), 0);
        assertEquals(List.of(1L, 2L, 3L), m.get("v"));
        assertEquals(5, FlexBuffers.intOf(m, "a"));
        assertEquals(1.5f, FlexBuffers.floatOf(m, "b"));
        assertArrayEquals(new int[] {1, 2, 3}, FlexBuffers.intsOf(m, "v"));
    }

    @Test
    void scalarRootsDecode() {
        assertEquals(-3L, FlexBuffers.decode(ByteBuffer.wrap(new byte[] {(byte) -3, 4, 1})));
        assertEquals(true, FlexBuffers.decode(ByteBuffer.wrap(new byte[] {1, 104, 1})));
    }

    @Test
    void rejectsDamage() {
        assertThrows(IllegalArgumentException.class, () -> FlexBuffers.decode(ByteBuffer.wrap(new byte[] {1})));
        byte[] bad = handMadeMap();
        bad[bad.length - 3] = 100; // root offset points before the buffer
        assertThrows(IllegalArgumentException.class, () -> FlexBuffers.decode(ByteBuffer.wrap(bad)));
        byte[] width = handMadeMap();
        width[width.length - 1] = 3;
        assertThrows(IllegalArgumentException.class, () -> FlexBuffers.decode(ByteBuffer.wrap(width)));
        Map<String, Object> m = FlexBuffers.decodeMap(ByteBuffer.wrap(handMadeMap()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FlexBuffers.intOf(m, "missing"));
        assertTrue(e.getMessage().contains("missing"));
    }
}
