package dev.marionette.shaders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.marionette.shaders.build.GlslCompiler;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GlslCompilerTest {
    @TempDir Path dir;

    private Path write(String relative, String text) throws IOException {
        Path file = dir.resolve("glsl").resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    @Test
    void errorNamesFileLineAndMessage() throws IOException {
        Path bad = write("demo/broken.frag", """
                #version 450
                layout(location = 0) out vec4 color;
                void main() {
                    color = vec4(undeclaredThing, 1.0);
                }
                """);
        try (GlslCompiler compiler = new GlslCompiler(dir.resolve("glsl"))) {
            GlslCompiler.Result result = compiler.compile(bad);
            assertFalse(result.ok());
            assertTrue(result.messages().contains(bad.toString() + ":4:"), result.messages());
            assertTrue(result.messages().contains("undeclaredThing"), result.messages());
            assertTrue(result.messages().contains("error"), result.messages());
        }
    }

    @Test
    void treeCompilesWithIncludesAndReportsEveryBrokenFile() throws IOException {
        write("common/halve.glsl", "float halve(float x) { return 0.5 * x; }\n");
        write("demo/good.comp", """
                #version 450
                #include "common/halve.glsl"
                layout(local_size_x = 8, local_size_y = 8) in;
                layout(set = 0, binding = 0, rgba8) uniform writeonly image2D target;
                void main() {
                    imageStore(target, ivec2(gl_GlobalInvocationID.xy), vec4(halve(1.0)));
                }
                """);
        Path missingInclude = write("demo/lost.vert", """
                #version 450
                #include "common/nowhere.glsl"
                void main() { gl_Position = vec4(0.0); }
                """);
        Path out = dir.resolve("out");
        Files.createDirectories(out.resolve("demo"));
        Files.writeString(out.resolve("demo/lost.vert.spv"), "stale");
        List<String> errors;
        try (GlslCompiler compiler = new GlslCompiler(dir.resolve("glsl"))) {
            errors = compiler.compileTree(out);
        }
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).contains(missingInclude.toString() + ":2:"), errors.get(0));
        assertTrue(errors.get(0).contains("nowhere.glsl"), errors.get(0));
        assertFalse(Files.exists(out.resolve("demo/lost.vert.spv")), "a failed shader must not leave a stale .spv");
        assertFalse(Files.exists(out.resolve("common")), "include files are not compiled on their own");
        byte[] spirv = Files.readAllBytes(out.resolve("demo/good.comp.spv"));
        assertEquals(Shaders.SPIRV_MAGIC, java.nio.ByteBuffer.wrap(spirv).order(ByteOrder.LITTLE_ENDIAN).getInt(0));
    }

    @Test
    void bundledShadersAreOnTheClasspath() {
        for (String shader : List.of("mesh/mesh.vert", "mesh/mesh.frag", "readback/pack_rgb.comp")) {
            byte[] spirv = Shaders.spirv(shader);
            assertEquals(0, spirv.length % 4, shader);
        }
        IllegalStateException missing = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> Shaders.spirv("mesh/absent.frag"));
        assertTrue(missing.getMessage().contains("/shaders/mesh/absent.frag.spv"), missing.getMessage());
    }
}
