package dev.marionette.renderer.bench;

import dev.marionette.models.learned.LearnedAppearance;
import dev.marionette.renderer.mesh.AvatarMesh;
import dev.marionette.renderer.mesh.DebugTextures;
import dev.marionette.renderer.mesh.MeshRenderer;
import dev.marionette.renderer.mesh.OrbitCamera;
import dev.marionette.renderer.triplane.TriPlaneAvatar;
import dev.marionette.renderer.triplane.TriPlaneRenderer;
import dev.marionette.renderer.vk.VulkanContext;
import dev.marionette.tracking.geometry.HeadPose;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Frames per second of a render path, the mesh path or the tri-plane path: each frame deforms
 * the mesh (an animated jaw), turns the camera, renders, and (when asked) reads the image back
 * into a Java byte array, all inside the timed loop. GPU time per stage comes from timestamp
 * queries.
 */
public final class RenderBenchmark {
    private RenderBenchmark() {}

    /** Which path a run measures. */
    public enum Renderer { MESH, TRIPLANE;
        public String label() { return name().toLowerCase(Locale.ROOT); }
    }

    /**
     * @param samples      MSAA samples of the mesh path (the tri-plane path ignores it)
     * @param marchWidth, marchHeight tri-plane march grid; 0 for the default (longer side 128)
     * @param warmupFrames frames rendered before timing (pipeline compilation, caches)
     * @param frames       frames timed
     * @param readback     copy every frame to host memory, as the virtual camera output does
     */
    public record Settings(Renderer renderer, int width, int height, int samples, int marchWidth, int marchHeight,
                           int warmupFrames, int frames, boolean readback) {
        public Settings {
            if (width <= 0 || height <= 0) throw new IllegalArgumentException("size must be positive: " + width + "x" + height);
            if (warmupFrames < 0 || frames <= 0) throw new IllegalArgumentException("need frames > 0 and warm-up >= 0");
            if (marchWidth < 0 || marchHeight < 0 || (marchWidth == 0) != (marchHeight == 0)) {
                throw new IllegalArgumentException("march grid must be both 0 (default) or both positive: " + marchWidth + "x" + marchHeight);
            }
        }

        /** The mesh path. */
        public Settings(int width, int height, int samples, int warmupFrames, int frames, boolean readback) {
            this(Renderer.MESH, width, height, samples, 0, 0, warmupFrames, frames, readback);
        }

        public static Settings of(int width, int height) {
            return new Settings(width, height, 4, 20, 200, true);
        }

        public Settings withRenderer(Renderer r) {
            return new Settings(r, width, height, samples, marchWidth, marchHeight, warmupFrames, frames, readback);
        }

        public Settings withMarch(int w, int h) {
            return new Settings(renderer, width, height, samples, w, h, warmupFrames, frames, readback);
        }
    }

    /**
     * @param fps            frames per second over the timed loop (wall clock)
     * @param cpuMsPerFrame  mean wall-clock milliseconds per frame
     * @param gpuMsPerStage  mean GPU milliseconds of each stage ({@link MeshRenderer#STAGES} or {@link
     *                       TriPlaneRenderer#STAGES}); NaN without timestamps
     * @param marchWidth, marchHeight the tri-plane march grid (0 for the mesh path)
     */
    public record Result(String device, String deviceType, String path, int width, int height, int samples,
                         int marchWidth, int marchHeight,
                         boolean readback, int frames, double fps, double cpuMsPerFrame, Map<String, Double> gpuMsPerStage) {
        /** One JSON object on one line. */
        public String toJson() {
            StringBuilder json = new StringBuilder("{");
            json.append("\"device\":").append(quote(device))
                    .append(",\"deviceType\":").append(quote(deviceType))
                    .append(",\"path\":").append(quote(path))
                    .append(",\"width\":").append(width)
                    .append(",\"height\":").append(height)
                    .append(",\"samples\":").append(samples)
                    .append(",\"marchWidth\":").append(marchWidth)
                    .append(",\"marchHeight\":").append(marchHeight)
                    .append(",\"readback\":").append(readback)
                    .append(",\"frames\":").append(frames)
                    .append(",\"fps\":").append(number(fps))
                    .append(",\"cpuMsPerFrame\":").append(number(cpuMsPerFrame))
                    .append(",\"gpuMs\":{");
            boolean first = true;
            for (Map.Entry<String, Double> stage : gpuMsPerStage.entrySet()) {
                if (!first) json.append(',');
                json.append(quote(stage.getKey())).append(':').append(number(stage.getValue()));
                first = false;
            }
            return json.append("}}").toString();
        }

        private static String number(double v) {
            return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "null";
        }

        private static String quote(String s) {
            return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
    }

    /** The canonical face with the UV checker texture. */
    public static Result run(VulkanContext context, Settings settings) {
        return run(context, AvatarMesh.canonicalFace(), DebugTextures.uvChecker(512, 8), settings);
    }

    /** What the timed loop needs of a renderer. */
    private interface Path extends AutoCloseable {
        void render(HeadPose pose, float[] displacementMm, boolean readback);

        void readRgb(byte[] rgb);

        List<String> stages();

        double stageMs(int stage);

        int samples();

        @Override void close();
    }

    public static Result run(VulkanContext context, AvatarMesh mesh, BufferedImage texture, Settings settings) {
        return run(context, mesh, texture, null, settings);
    }

    /**
     * As above for a learned avatar ({@code learned} non-null; its UV space is the mesh's): the
     * tri-plane path carries its features through the planes and decodes them with its MLP; the
     * mesh path samples {@code texture}, the atlas it bakes to.
     */
    public static Result run(VulkanContext context, AvatarMesh mesh, BufferedImage texture, LearnedAppearance learned, Settings settings) {
        try (Path path = open(context, mesh, texture, learned, settings)) {
            float[] positions = mesh.positionsMm();
            float[] jaw = jawOpening(positions);
            float[] displacement = new float[positions.length];
            float[] pivot = mesh.boundsCentreMm();
            byte[] pixels = new byte[settings.width() * settings.height() * 3];
            // A turntable of poses made up front: the timed loop allocates nothing.
            HeadPose[] turntable = new HeadPose[64];
            for (int i = 0; i < turntable.length; i++) {
                turntable[i] = OrbitCamera.pose(25 * Math.sin(2 * Math.PI * i / turntable.length), 0, 450, pivot);
            }
            int stages = path.stages().size();
            double[] gpuSum = new double[stages];
            int[] gpuCount = new int[stages];
            long start = 0;
            for (int frame = 0; frame < settings.warmupFrames() + settings.frames(); frame++) {
                if (frame == settings.warmupFrames()) start = System.nanoTime();
                double phase = frame * 0.1;
                float open = (float) (0.5 + 0.5 * Math.sin(phase));
                for (int i = 0; i < displacement.length; i++) displacement[i] = jaw[i] * open;
                path.render(turntable[frame % turntable.length], displacement, settings.readback());
                if (settings.readback()) path.readRgb(pixels);
                if (frame >= settings.warmupFrames()) {
                    for (int s = 0; s < stages; s++) {
                        double ms = path.stageMs(s);
                        if (!Double.isNaN(ms)) {
                            gpuSum[s] += ms;
                            gpuCount[s]++;
                        }
                    }
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Map<String, Double> gpu = new LinkedHashMap<>();
            for (int s = 0; s < stages; s++) {
                gpu.put(path.stages().get(s), gpuCount[s] == 0 ? Double.NaN : gpuSum[s] / gpuCount[s]);
            }
            VulkanContext.DeviceInfo info = context.info();
            int marchW = 0, marchH = 0;
            if (path instanceof TriPlanePath t) {
                marchW = t.renderer.settings().marchWidth();
                marchH = t.renderer.settings().marchHeight();
            }
            return new Result(info.name(), info.type(), settings.renderer().label(), settings.width(), settings.height(),
                    path.samples(), marchW, marchH, settings.readback(), settings.frames(),
                    settings.frames() / seconds, 1000 * seconds / settings.frames(), gpu);
        }
    }

    private static Path open(VulkanContext context, AvatarMesh mesh, BufferedImage texture, LearnedAppearance learned, Settings settings) {
        return switch (settings.renderer()) {
            case MESH -> new MeshPath(new MeshRenderer(context, mesh, texture,
                    MeshRenderer.Settings.of(settings.width(), settings.height()).withSamples(settings.samples())));
            case TRIPLANE -> {
                TriPlaneRenderer.Settings s = TriPlaneRenderer.Settings.of(settings.width(), settings.height());
                if (settings.marchWidth() > 0) s = s.withMarch(settings.marchWidth(), settings.marchHeight());
                TriPlaneAvatar avatar = TriPlaneAvatar.of(mesh, texture);
                if (learned != null) avatar = avatar.withLearned(new TriPlaneAvatar.Learned(learned, 1, 1));
                yield new TriPlanePath(new TriPlaneRenderer(context, avatar, s));
            }
        };
    }

    private record MeshPath(MeshRenderer renderer) implements Path {
        public void render(HeadPose pose, float[] d, boolean readback) { renderer.render(pose, d, readback); }

        public void readRgb(byte[] rgb) { renderer.target().readRgb(rgb); }

        public List<String> stages() { return MeshRenderer.STAGES; }

        public double stageMs(int stage) { return renderer.stageMs(stage); }

        public int samples() { return renderer.target().samples(); }

        public void close() { renderer.close(); }
    }

    private record TriPlanePath(TriPlaneRenderer renderer) implements Path {
        public void render(HeadPose pose, float[] d, boolean readback) { renderer.render(pose, d, readback); }

        public void readRgb(byte[] rgb) { renderer.readRgb(rgb); }

        public List<String> stages() { return TriPlaneRenderer.STAGES; }

        public double stageMs(int stage) { return renderer.stageMs(stage); }

        public int samples() { return 1; }

        public void close() { renderer.close(); }
    }

    /** Vertices below the lower lip (landmark 14) move down 12 mm and back 4 mm, fading in over 15 mm. */
    private static float[] jawOpening(float[] positions) {
        float[] jaw = new float[positions.length];
        if (positions.length < 3 * 15) return jaw;
        float lipY = positions[3 * 14 + 1];
        for (int i = 0; i < positions.length / 3; i++) {
            float below = lipY - positions[3 * i + 1];
            if (below <= 0 || Math.abs(positions[3 * i]) > 70) continue;
            float w = Math.min(1f, below / 15f);
            jaw[3 * i + 1] = -12f * w;
            jaw[3 * i + 2] = -4f * w;
        }
        return jaw;
    }

    /**
     * {@code RenderBenchmark [--renderer mesh|triplane] [WxH ...] [--march WxH] [--frames N]
     * [--no-readback]}: one JSON line per size (default 256x256 and 512x512).
     */
    public static void main(String[] args) {
        List<int[]> sizes = new ArrayList<>();
        int frames = 200;
        boolean readback = true;
        Renderer renderer = Renderer.MESH;
        int[] march = {0, 0};
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--frames" -> frames = Integer.parseInt(args[++i]);
                case "--no-readback" -> readback = false;
                case "--renderer" -> renderer = Renderer.valueOf(args[++i].toUpperCase(Locale.ROOT));
                case "--march" -> march = size(args[++i]);
                default -> sizes.add(size(args[i]));
            }
        }
        if (sizes.isEmpty()) {
            sizes.add(new int[] {256, 256});
            sizes.add(new int[] {512, 512});
        }
        try (VulkanContext context = VulkanContext.create(VulkanContext.Options.headless())) {
            for (int[] size : sizes) {
                Settings settings = new Settings(renderer, size[0], size[1], 4, march[0], march[1], Math.min(20, frames), frames, readback);
                System.out.println(run(context, settings).toJson());
            }
        }
    }

    private static int[] size(String text) {
        String[] wh = text.toLowerCase(Locale.ROOT).split("x");
        if (wh.length != 2) throw new IllegalArgumentException("size must look like 256x256: " + text);
        return new int[] {Integer.parseInt(wh[0]), Integer.parseInt(wh[1])};
    }
}
