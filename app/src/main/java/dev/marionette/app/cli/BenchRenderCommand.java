package dev.marionette.app.cli;

import dev.marionette.models.avatar.Avatar;
import dev.marionette.models.template.HeadTemplate;
import dev.marionette.renderer.bench.RenderBenchmark;
import dev.marionette.renderer.mesh.AvatarMesh;
import dev.marionette.renderer.vk.Vulkan;
import dev.marionette.renderer.vk.VulkanContext;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * marionette bench render: frames per second of an avatar's head on a renderer, read-back
 * included, with GPU milliseconds per stage from timestamp queries.
 */
@Command(name = "render", mixinStandardHelpOptions = true,
        description = {"Time a renderer on the default avatar (or --avatar). Prints JSON: fps, device, size,",
                "GPU ms per stage (rasterize planes, blend, march+decode, upsample, read back for the tri-plane path)."})
public final class BenchRenderCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--size", defaultValue = "512", description = "Output size (square, default ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--renderer", defaultValue = "triplane", description = "triplane (default) or mesh.")
    RendererName renderer;

    @Option(names = "--march", description = "Tri-plane march grid, e.g. 128 (default: 128, Next3D's).")
    Integer march;

    @Option(names = "--frames", defaultValue = "200", description = "Frames timed (default ${DEFAULT-VALUE}).")
    int frames;

    @Option(names = "--avatar", defaultValue = "default", description = "Avatar file, or 'default'.")
    String avatar;

    @Override
    public Integer call() {
        if (size < 64 || size > 4096) throw new UserFacingException("--size must be between 64 and 4096");
        if (frames < 1) throw new UserFacingException("--frames must be at least 1");
        if (!Vulkan.isAvailable()) {
            throw new UserFacingException("no Vulkan driver found (" + Vulkan.probe().message()
                    + "): install your GPU's Vulkan driver, or mesa-vulkan-drivers for the software renderer");
        }
        Avatar model = AvatarOption.load(avatar);
        HeadTemplate template = HeadTemplate.around(model.neutralFace());
        AvatarMesh mesh = new AvatarMesh(template.neutralPositions(), template.uvs(), template.triangles());
        RenderBenchmark.Settings settings = new RenderBenchmark.Settings(size, size, 4, 20, frames, true)
                .withRenderer(renderer == RendererName.mesh ? RenderBenchmark.Renderer.MESH : RenderBenchmark.Renderer.TRIPLANE);
        if (march != null) settings = settings.withMarch(Math.min(march, size), Math.min(march, size));
        spec.commandLine().getErr().println("marionette: benchmarking the " + renderer + " renderer on a " + (model.isLearned() ? "learned" : "photo")
                + " avatar at " + size + "x" + size);
        try (VulkanContext vk = VulkanContext.create(VulkanContext.Options.headless())) {
            // A learned avatar: the tri-plane path decodes its neural features on the GPU, the mesh path samples the baked atlas.
            RenderBenchmark.Result r = RenderBenchmark.run(vk, mesh, dev.marionette.renderer.avatar.AvatarAlbedo.of(model),
                    model.isLearned() ? model.learned() : null, settings);
            spec.commandLine().getOut().println(r.toJson());
            spec.commandLine().getOut().flush();
        }
        return 0;
    }
}
