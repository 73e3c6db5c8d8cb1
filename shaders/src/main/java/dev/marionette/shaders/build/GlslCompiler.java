package dev.marionette.shaders.build;

import static org.lwjgl.system.MemoryUtil.NULL;
import static org.lwjgl.system.MemoryUtil.memAlloc;
import static org.lwjgl.system.MemoryUtil.memFree;
import static org.lwjgl.system.MemoryUtil.memUTF8;
import static org.lwjgl.util.shaderc.Shaderc.*;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.lwjgl.util.shaderc.ShadercIncludeResolve;
import org.lwjgl.util.shaderc.ShadercIncludeResult;
import org.lwjgl.util.shaderc.ShadercIncludeResultRelease;

/**
 * Build-time GLSL → SPIR-V compiler (shaderc through LWJGL). Compiles every
 * {@code <pass>/<name>.{vert,frag,comp,geom,tesc,tese}} under a source tree into
 * {@code <out>/<pass>/<name>.<stage>.spv}; {@code common/} holds only include files.
 * {@code #include "common/x.glsl"} resolves against the source root, {@code #include "x.glsl"}
 * also against the including file's folder.
 *
 * <p>Run by the shaders module's build in process-classes; not part of the shipped jar.
 * Errors are reported as {@code path:line: error: message} (shaderc's format, with the absolute
 * path so IDEs and CI logs link to the line), all files are tried before failing.
 */
public final class GlslCompiler implements AutoCloseable {
    /** Shader stages by file extension. */
    private static final Map<String, Integer> KINDS = Map.of(
            "vert", shaderc_glsl_vertex_shader,
            "frag", shaderc_glsl_fragment_shader,
            "comp", shaderc_glsl_compute_shader,
            "geom", shaderc_glsl_geometry_shader,
            "tesc", shaderc_glsl_tess_control_shader,
            "tese", shaderc_glsl_tess_evaluation_shader);
    private static final String INCLUDE_FOLDER = "common";

    private final Path sourceRoot;
    private final long compiler;
    private final long options;
    private final ShadercIncludeResolve resolver;
    private final ShadercIncludeResultRelease releaser;
    private final Map<Long, ByteBuffer[]> liveIncludes = new HashMap<>();

    /** What compiling one file gave: SPIR-V words or the compiler's messages. */
    public record Result(Path source, ByteBuffer spirv, String messages) {
        public boolean ok() { return spirv != null; }
    }

    public GlslCompiler(Path sourceRoot) {
        this.sourceRoot = sourceRoot.toAbsolutePath().normalize();
        compiler = shaderc_compiler_initialize();
        if (compiler == NULL) throw new IllegalStateException("shaderc_compiler_initialize failed");
        options = shaderc_compile_options_initialize();
        if (options == NULL) {
            shaderc_compiler_release(compiler);
            throw new IllegalStateException("shaderc_compile_options_initialize failed");
        }
        // Vulkan 1.2 / SPIR-V 1.5: what VulkanContext asks for; every current driver has it.
        shaderc_compile_options_set_target_env(options, shaderc_target_env_vulkan, shaderc_env_version_vulkan_1_2);
        shaderc_compile_options_set_target_spirv(options, shaderc_spirv_version_1_5);
        shaderc_compile_options_set_optimization_level(options, shaderc_optimization_level_performance);
        shaderc_compile_options_set_warnings_as_errors(options);
        resolver = ShadercIncludeResolve.create(this::resolveInclude);
        releaser = ShadercIncludeResultRelease.create((userData, result) -> releaseInclude(result));
        shaderc_compile_options_set_include_callbacks(options, resolver, releaser, NULL);
    }

    /** Compiles one file; the source name in messages is its absolute path. */
    public Result compile(Path source) {
        Path file = source.toAbsolutePath().normalize();
        Integer kind = KINDS.get(extension(file));
        if (kind == null) throw new IllegalArgumentException("not a shader stage file: " + file);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return new Result(file, null, file + ": error: cannot read: " + e.getMessage());
        }
        long result = shaderc_compile_into_spv(compiler, text, kind, file.toString(), "main", options);
        if (result == NULL) return new Result(file, null, file + ": error: shaderc returned no result (out of memory?)");
        try {
            int status = shaderc_result_get_compilation_status(result);
            String messages = shaderc_result_get_error_message(result);
            if (status != shaderc_compilation_status_success) {
                String why = messages == null || messages.isBlank() ? file + ": error: compilation status " + status : messages.strip();
                return new Result(file, null, why);
            }
            ByteBuffer bytes = shaderc_result_get_bytes(result);
            ByteBuffer copy = ByteBuffer.allocate(bytes.remaining());
            copy.put(bytes).flip();
            return new Result(file, copy, messages == null ? "" : messages.strip());
        } finally {
            shaderc_result_release(result);
        }
    }

    /**
     * Compiles the tree under the source root into {@code outputRoot}; returns the error messages
     * (empty when everything compiled). Files that fail leave no stale .spv behind.
     */
    public List<String> compileTree(Path outputRoot) {
        List<String> errors = new ArrayList<>();
        List<Path> sources;
        try (Stream<Path> walk = Files.walk(sourceRoot)) {
            sources = walk.filter(Files::isRegularFile)
                    .filter(p -> KINDS.containsKey(extension(p)))
                    .filter(p -> !sourceRoot.relativize(p).startsWith(INCLUDE_FOLDER))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list shader sources under " + sourceRoot, e);
        }
        for (Path source : sources) {
            Path relative = sourceRoot.relativize(source);
            if (relative.getNameCount() != 2) {
                errors.add(source + ": error: shaders live at <pass>/<name>.<stage>, one folder deep under " + sourceRoot);
                continue;
            }
            Path target = outputRoot.resolve(relative.toString() + ".spv");
            Result result = compile(source);
            try {
                if (result.ok()) {
                    Files.createDirectories(target.getParent());
                    try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE,
                            StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                        out.write(result.spirv().duplicate());
                    }
                } else {
                    Files.deleteIfExists(target);
                    errors.add(result.messages());
                }
            } catch (IOException e) {
                errors.add(target + ": error: cannot write: " + e.getMessage());
            }
        }
        if (sources.isEmpty()) errors.add(sourceRoot + ": error: no shader sources found");
        return errors;
    }

    private long resolveInclude(long userData, long requestedSource, int type, long requestingSource, long includeDepth) {
        String requested = memUTF8(requestedSource);
        String requesting = memUTF8(requestingSource);
        List<Path> candidates = new ArrayList<>();
        if (type == shaderc_include_type_relative) {
            Path parent = Path.of(requesting).getParent();
            if (parent != null) candidates.add(parent.resolve(requested));
        }
        candidates.add(sourceRoot.resolve(requested));
        for (Path candidate : candidates) {
            Path file = candidate.toAbsolutePath().normalize();
            if (file.startsWith(sourceRoot) && Files.isRegularFile(file)) {
                try {
                    return includeResult(file.toString(), Files.readAllBytes(file));
                } catch (IOException e) {
                    return includeResult("", ("cannot read " + file + ": " + e.getMessage()).getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        // shaderc's convention: an empty source name marks a failed include, the content says why.
        return includeResult("", ("include \"" + requested + "\" not found (looked in " + candidates + ")")
                .getBytes(StandardCharsets.UTF_8));
    }

    /** A native include result; its buffers are remembered so the release callback can free them. */
    private long includeResult(String sourceName, byte[] content) {
        ByteBuffer name = nativeCopy(sourceName.getBytes(StandardCharsets.UTF_8));
        ByteBuffer text = nativeCopy(content);
        ShadercIncludeResult result = ShadercIncludeResult.calloc().source_name(name).content(text);
        liveIncludes.put(result.address(), new ByteBuffer[] {name, text});
        return result.address();
    }

    private static ByteBuffer nativeCopy(byte[] bytes) {
        // one spare byte: memAlloc(0) may return NULL, which shaderc would take for "no name"
        ByteBuffer buffer = memAlloc(bytes.length + 1);
        buffer.put(bytes).flip();
        return buffer;
    }

    private void releaseInclude(long address) {
        ByteBuffer[] buffers = liveIncludes.remove(address);
        if (buffers != null) for (ByteBuffer b : buffers) memFree(b);
        ShadercIncludeResult.create(address).free();
    }

    private static String extension(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    @Override
    public void close() {
        shaderc_compile_options_release(options);
        shaderc_compiler_release(compiler);
        releaser.free();
        resolver.free();
    }

    /** {@code GlslCompiler <glsl source root> <spirv output root>}; exit status 1 on any error. */
    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: GlslCompiler <glsl source root> <spir-v output root>");
            System.exit(2);
        }
        Path sources = Path.of(args[0]);
        if (!Files.isDirectory(sources)) {
            System.err.println(sources + ": error: shader source folder does not exist");
            System.exit(1);
        }
        List<String> errors;
        try (GlslCompiler compiler = new GlslCompiler(sources)) {
            errors = compiler.compileTree(Path.of(args[1]));
        }
        if (!errors.isEmpty()) {
            for (String error : errors) System.err.println(error);
            System.err.println("GLSL compilation failed: " + errors.size() + " file(s) with errors");
            System.exit(1);
        }
    }
}
