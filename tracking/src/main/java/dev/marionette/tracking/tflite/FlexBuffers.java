package dev.marionette.tracking.tflite;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A reader of FlexBuffers, the schema-less format TFLite uses for custom-op options. Decodes
 * the whole value into plain Java: Long, Double, Boolean, String, byte[], List and Map.
 *
 * <p>Format facts (from the FlexBuffers specification): the last byte is the root's byte
 * width, the one before it the root's packed type ({@code type << 2 | log2(width)}); offsets
 * point backwards; a vector's length sits just before its first element; an untyped vector
 * (and a map's value vector) is followed by one packed type byte per element; a map keeps the
 * offset and byte width of its key vector in the two slots before its length.
 */
public final class FlexBuffers {
    // Type codes of the format.
    static final int NULL = 0, INT = 1, UINT = 2, FLOAT = 3, KEY = 4, STRING = 5,
            INDIRECT_INT = 6, INDIRECT_UINT = 7, INDIRECT_FLOAT = 8, MAP = 9, VECTOR = 10,
            VECTOR_INT = 11, VECTOR_UINT = 12, VECTOR_FLOAT = 13, VECTOR_KEY = 14,
            VECTOR_STRING_DEPRECATED = 15, VECTOR_INT2 = 16, VECTOR_FLOAT4 = 24, BLOB = 25,
            BOOL = 26, VECTOR_BOOL = 36;

    private final ByteBuffer buf;

    private FlexBuffers(ByteBuffer buf) {
        this.buf = buf.order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Decodes a whole buffer.
     *
     * @throws IllegalArgumentException when the bytes are not a well-formed FlexBuffer
     */
    public static Object decode(ByteBuffer bytes) {
        ByteBuffer b = bytes.slice().order(ByteOrder.LITTLE_ENDIAN);
        int n = b.remaining();
        if (n < 3) throw new IllegalArgumentException("FlexBuffer too short: " + n + " bytes");
        int rootWidth = b.get(n - 1) & 0xFF;
        int packed = b.get(n - 2) & 0xFF;
        if (rootWidth != 1 && rootWidth != 2 && rootWidth != 4 && rootWidth != 8) {
            throw new IllegalArgumentException("FlexBuffer root width " + rootWidth);
        }
        int rootPos = n - 2 - rootWidth;
        if (rootPos < 0) throw new IllegalArgumentException("FlexBuffer root out of range");
        try {
            return new FlexBuffers(b).value(rootPos, rootWidth, packed >>> 2, 1 << (packed & 3));
        } catch (IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("FlexBuffer offsets out of range", e);
        }
    }

    /** Decodes a buffer whose root is a map. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> decodeMap(ByteBuffer bytes) {
        Object root = decode(bytes);
        if (!(root instanceof Map)) throw new IllegalArgumentException("FlexBuffer root is not a map");
        return (Map<String, Object>) root;
    }

    /**
     * The value of type {@code type} stored at {@code pos} in a slot {@code parentWidth} bytes
     * wide; {@code childWidth} is the byte width of what an offset type points at.
     */
    private Object value(int pos, int parentWidth, int type, int childWidth) {
        switch (type) {
            case NULL: return null;
            case INT: return readInt(pos, parentWidth);
            case UINT: return readUInt(pos, parentWidth);
            case FLOAT: return readFloat(pos, parentWidth);
            case BOOL: return readUInt(pos, parentWidth) != 0;
            case INDIRECT_INT: return readInt(target(pos, parentWidth), childWidth);
            case INDIRECT_UINT: return readUInt(target(pos, parentWidth), childWidth);
            case INDIRECT_FLOAT: return readFloat(target(pos, parentWidth), childWidth);
            case KEY: return readKey(target(pos, parentWidth));
            case STRING: {
                int at = target(pos, parentWidth);
                int len = (int) readUInt(at - childWidth, childWidth);
                return new String(bytes(at, len), StandardCharsets.UTF_8);
            }
            case BLOB: {
                int at = target(pos, parentWidth);
                return bytes(at, (int) readUInt(at - childWidth, childWidth));
            }
            case MAP: return map(target(pos, parentWidth), childWidth);
            case VECTOR: return untypedVector(target(pos, parentWidth), childWidth);
            default:
                if ((type >= VECTOR_INT && type <= VECTOR_KEY) || type == VECTOR_BOOL) {
                    return typedVector(target(pos, parentWidth), childWidth, elementType(type), -1);
                }
                if (type >= VECTOR_INT2 && type < VECTOR_FLOAT4 + 1) {
                    int fixed = (type - VECTOR_INT2) / 3 + 2;
                    int element = (type - VECTOR_INT2) % 3 + INT;
                    return typedVector(target(pos, parentWidth), childWidth, element, fixed);
                }
                throw new IllegalArgumentException("FlexBuffer type " + type + " not supported");
        }
    }

    private static int elementType(int vectorType) {
        return vectorType == VECTOR_BOOL ? BOOL : vectorType - VECTOR_INT + INT;
    }

    private List<Object> typedVector(int at, int width, int elementType, int fixedLength) {
        int len = fixedLength >= 0 ? fixedLength : (int) readUInt(at - width, width);
        checkLength(len);
        List<Object> out = new ArrayList<>(len);
        for (int i = 0; i < len; i++) out.add(value(at + i * width, width, elementType, width));
        return out;
    }

    private List<Object> untypedVector(int at, int width) {
        int len = (int) readUInt(at - width, width);
        checkLength(len);
        List<Object> out = new ArrayList<>(len);
        int types = at + len * width;
        for (int i = 0; i < len; i++) {
            int packed = buf.get(types + i) & 0xFF;
            out.add(value(at + i * width, width, packed >>> 2, 1 << (packed & 3)));
        }
        return out;
    }

    private Map<String, Object> map(int at, int width) {
        int len = (int) readUInt(at - width, width);
        checkLength(len);
        int keysAt = target(at - 3 * width, width);
        int keysWidth = (int) readUInt(at - 2 * width, width);
        Map<String, Object> out = new LinkedHashMap<>();
        int types = at + len * width;
        for (int i = 0; i < len; i++) {
            String key = readKey(target(keysAt + i * keysWidth, keysWidth));
            int packed = buf.get(types + i) & 0xFF;
            out.put(key, value(at + i * width, width, packed >>> 2, 1 << (packed & 3)));
        }
        return out;
    }

    private void checkLength(int len) {
        if (len < 0 || len > buf.capacity()) throw new IllegalArgumentException("FlexBuffer vector length " + len);
    }

    private int target(int pos, int width) {
        long offset = readUInt(pos, width);
        long t = pos - offset;
        if (offset < 0 || t < 0 || t >= buf.capacity()) throw new IllegalArgumentException("FlexBuffer offset out of range");
        return (int) t;
    }

    private String readKey(int at) {
        int end = at;
        while (buf.get(end) != 0) end++;
        return new String(bytes(at, end - at), StandardCharsets.UTF_8);
    }

    private byte[] bytes(int at, int len) {
        if (len < 0 || at + len > buf.capacity()) throw new IllegalArgumentException("FlexBuffer string out of range");
        byte[] out = new byte[len];
        buf.get(at, out);
        return out;
    }

    private long readInt(int pos, int width) {
        return switch (width) {
            case 1 -> buf.get(pos);
            case 2 -> buf.getShort(pos);
            case 4 -> buf.getInt(pos);
            case 8 -> buf.getLong(pos);
            default -> throw new IllegalArgumentException("FlexBuffer width " + width);
        };
    }

    private long readUInt(int pos, int width) {
        return switch (width) {
            case 1 -> buf.get(pos) & 0xFFL;
            case 2 -> buf.getShort(pos) & 0xFFFFL;
            case 4 -> buf.getInt(pos) & 0xFFFFFFFFL;
            case 8 -> buf.getLong(pos);
            default -> throw new IllegalArgumentException("FlexBuffer width " + width);
        };
    }

    private double readFloat(int pos, int width) {
        return switch (width) {
            case 4 -> buf.getFloat(pos);
            case 8 -> buf.getDouble(pos);
            default -> throw new IllegalArgumentException("FlexBuffer float width " + width);
        };
    }

    // Typed accessors for op options.

    static int intOf(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v instanceof Long l) return Math.toIntExact(l);
        if (v instanceof Double d && d == Math.rint(d)) return (int) (double) d;
        throw new IllegalArgumentException("option '" + key + "' missing or not an integer: " + v);
    }

    static float floatOf(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v instanceof Double d) return (float) (double) d;
        if (v instanceof Long l) return l;
        throw new IllegalArgumentException("option '" + key + "' missing or not a number: " + v);
    }

    static int[] intsOf(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (!(v instanceof List<?> list)) throw new IllegalArgumentException("option '" + key + "' missing or not a vector");
        int[] out = new int[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Long l)) throw new IllegalArgumentException("option '" + key + "' has a non-integer");
            out[i] = Math.toIntExact(l);
        }
        return out;
    }
}
