package dev.marionette.shaders;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The renderer's SPIR-V, compiled from {@code src/main/glsl/<pass>/<name>.<stage>} by the build
 * and loaded from the classpath at {@code /shaders/<pass>/<name>.<stage>.spv}.
 */
public final class Shaders {
    /** First word of every SPIR-V module. */
    public static final int SPIRV_MAGIC = 0x07230203;

    private Shaders() {}

    /**
     * The SPIR-V of one shader, e.g. {@code spirv("mesh/mesh.vert")}.
     *
     * @throws IllegalStateException when it is not on the classpath (the shaders module was not
     *                               built) or is not SPIR-V
     */
    public static byte[] spirv(String shader) {
        String resource = "/shaders/" + shader + ".spv";
        byte[] bytes;
        try (InputStream in = Shaders.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("shader " + resource + " is not on the classpath: build the shaders "
                        + "module (./mvnw -pl shaders process-classes) or check the name");
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read shader " + resource, e);
        }
        if (bytes.length < 20 || bytes.length % 4 != 0
                || ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(0) != SPIRV_MAGIC) {
            throw new IllegalStateException("shader " + resource + " is not SPIR-V (" + bytes.length + " bytes)");
        }
        return bytes;
    }
}
