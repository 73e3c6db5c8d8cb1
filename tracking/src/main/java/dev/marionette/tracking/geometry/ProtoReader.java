package dev.marionette.tracking.geometry;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A reader of the protobuf wire format, just enough for MediaPipe's small metadata files:
 * varints, 32-bit fixed fields, length-delimited fields (sub-messages and packed arrays).
 * Unknown fields are skipped, so newer files with extra fields still load.
 */
final class ProtoReader {
    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LENGTH_DELIMITED = 2;
    static final int FIXED32 = 5;

    private final ByteBuffer buffer;
    private int tag;

    ProtoReader(ByteBuffer buffer) {
        this.buffer = buffer.slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Advances to the next field; false at the end of this message. */
    boolean next() {
        if (!buffer.hasRemaining()) {
            return false;
        }
        long key = readVarint();
        tag = (int) key;
        if (fieldNumber() == 0) {
            throw new IllegalArgumentException("corrupt protobuf: field number 0 at byte " + buffer.position());
        }
        return true;
    }

    int fieldNumber() { return tag >>> 3; }

    int wireType() { return tag & 7; }

    long readVarint() {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (!buffer.hasRemaining()) {
                throw new IllegalArgumentException("corrupt protobuf: truncated varint");
            }
            byte b = buffer.get();
            result |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return result;
            }
        }
        throw new IllegalArgumentException("corrupt protobuf: varint longer than 10 bytes");
    }

    float readFloat() {
        require(4);
        return buffer.getFloat();
    }

    /** The payload of a length-delimited field, as a reader of its own. */
    ProtoReader readMessage() {
        return new ProtoReader(readBytes());
    }

    ByteBuffer readBytes() {
        long length = readVarint();
        if (length < 0 || length > buffer.remaining()) {
            throw new IllegalArgumentException("corrupt protobuf: field of " + length + " bytes with "
                    + buffer.remaining() + " left");
        }
        ByteBuffer payload = buffer.slice(buffer.position(), (int) length).order(ByteOrder.LITTLE_ENDIAN);
        buffer.position(buffer.position() + (int) length);
        return payload;
    }

    void skip() {
        switch (wireType()) {
            case VARINT -> readVarint();
            case FIXED64 -> { require(8); buffer.position(buffer.position() + 8); }
            case LENGTH_DELIMITED -> readBytes();
            case FIXED32 -> { require(4); buffer.position(buffer.position() + 4); }
            default -> throw new IllegalArgumentException("corrupt protobuf: wire type " + wireType());
        }
    }

    boolean hasRemaining() { return buffer.hasRemaining(); }

    private void require(int bytes) {
        if (buffer.remaining() < bytes) {
            throw new IllegalArgumentException("corrupt protobuf: truncated fixed field");
        }
    }
}
