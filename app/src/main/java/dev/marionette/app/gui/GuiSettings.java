package dev.marionette.app.gui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the panel remembers between runs: last input and its mode, avatar, face profile,
 * frame-rate cap, background and window bounds. A JSON file written atomically; a damaged file falls back to
 * the defaults (and is replaced on the next save).
 *
 * @param input    webcam index, video path, or "demo"
 * @param avatar   .mavatar path, or null for the default avatar
 * @param profile  face profile path, or null
 * @param fpsCap   0 = uncapped
 * @param background "dark", "green" or "blue"
 * @param bounds   x, y, width, height of the panel, or null
 * @param resolution the camera resolution asked for, "1280x720", or null for the camera's default
 * @param cameraFps  the camera frame rate asked for, 0 for the camera's default
 * @param camera     camera calibration (intrinsics) path, or null for the default field of view
 * @param windowSize the avatar window's width and height, or null for the render size
 */
public record GuiSettings(String input, String avatar, String profile, double fpsCap, String background, int[] bounds,
                          String resolution, double cameraFps, String camera, int[] windowSize) {
    public static final GuiSettings DEFAULT = new GuiSettings(null, null, null, 0, "dark", null, null, 0, null, null);
    private static final ObjectMapper JSON = new ObjectMapper();

    public static Path defaultFile() {
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return base.resolve("marionette").resolve("settings.json");
    }

    public static GuiSettings load(Path file) {
        if (!Files.isRegularFile(file)) return DEFAULT;
        try {
            JsonNode n = JSON.readTree(file.toFile());
            int[] bounds = null;
            JsonNode b = n.get("bounds");
            if (b != null && b.isArray() && b.size() == 4) {
                bounds = new int[] {b.get(0).asInt(), b.get(1).asInt(), b.get(2).asInt(), b.get(3).asInt()};
            }
            double cap = n.path("fpsCap").asDouble(0);
            String resolution = text(n, "resolution");
            if (resolution != null && parseResolution(resolution) == null) resolution = null;
            double cameraFps = n.path("cameraFps").asDouble(0);
            return new GuiSettings(text(n, "input"), text(n, "avatar"), text(n, "profile"), cap >= 0 ? cap : 0,
                    n.path("background").asText("dark"), bounds, resolution, cameraFps > 0 && cameraFps <= 240 ? cameraFps : 0,
                    text(n, "camera"), windowSize(n.get("windowSize")));
        } catch (IOException | RuntimeException e) {
            return DEFAULT;
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    public void save(Path file) throws IOException {
        ObjectNode n = JSON.createObjectNode();
        n.put("version", 1);
        n.put("input", input);
        n.put("avatar", avatar);
        n.put("profile", profile);
        n.put("fpsCap", fpsCap);
        n.put("background", background);
        n.put("resolution", resolution);
        n.put("cameraFps", cameraFps);
        n.put("camera", camera);
        if (windowSize != null) n.putArray("windowSize").add(windowSize[0]).add(windowSize[1]);
        if (bounds != null) {
            var a = n.putArray("bounds");
            for (int v : bounds) a.add(v);
        }
        Files.createDirectories(file.getParent());
        byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n);
        try {
            dev.marionette.tracking.io.AtomicFiles.write(file, out -> out.write(bytes));
        } catch (java.io.UncheckedIOException e) {
            throw new IOException(e.getMessage(), e.getCause());
        }
    }

    public GuiSettings withInput(String v) { return new GuiSettings(v, avatar, profile, fpsCap, background, bounds, resolution, cameraFps, camera, windowSize); }

    public GuiSettings withAvatar(String v) { return new GuiSettings(input, v, profile, fpsCap, background, bounds, resolution, cameraFps, camera, windowSize); }

    public GuiSettings withProfile(String v) { return new GuiSettings(input, avatar, v, fpsCap, background, bounds, resolution, cameraFps, camera, windowSize); }

    public GuiSettings withFpsCap(double v) { return new GuiSettings(input, avatar, profile, v, background, bounds, resolution, cameraFps, camera, windowSize); }

    public GuiSettings withBackground(String v) { return new GuiSettings(input, avatar, profile, fpsCap, v, bounds, resolution, cameraFps, camera, windowSize); }

    public GuiSettings withBounds(int[] v) { return new GuiSettings(input, avatar, profile, fpsCap, background, v, resolution, cameraFps, camera, windowSize); }

    /** The camera mode: a resolution such as "1280x720" (null: the camera's default) and a frame rate (0: default). */
    public GuiSettings withCameraMode(String r, double fps) { return new GuiSettings(input, avatar, profile, fpsCap, background, bounds, r, fps, camera, windowSize); }

    /** The camera calibration file to track with (null: the default field of view). */
    public GuiSettings withCamera(String v) { return new GuiSettings(input, avatar, profile, fpsCap, background, bounds, resolution, cameraFps, v, windowSize); }

    /** The avatar window's size (null: the render size). */
    public GuiSettings withWindowSize(int[] v) {
        return new GuiSettings(input, avatar, profile, fpsCap, background, bounds, resolution, cameraFps, camera, v);
    }

    /** A window size from the file: two sides between 64 and 16384, else null. */
    private static int[] windowSize(JsonNode n) {
        if (n == null || !n.isArray() || n.size() != 2) return null;
        int w = n.get(0).asInt(), h = n.get(1).asInt();
        return w >= 64 && h >= 64 && w <= 16384 && h <= 16384 ? new int[] {w, h} : null;
    }

    /** The capture options for a camera input. */
    public dev.marionette.tracking.capture.CaptureOptions captureOptions() {
        int[] wh = resolution == null ? null : parseResolution(resolution);
        return new dev.marionette.tracking.capture.CaptureOptions(wh == null ? null : wh[0], wh == null ? null : wh[1],
                cameraFps > 0 ? cameraFps : null, null);
    }

    /** "1280x720" as width and height, or null when it is not such a text. */
    static int[] parseResolution(String text) {
        var m = java.util.regex.Pattern.compile("(\\d{2,5})\\s*[x×]\\s*(\\d{2,5})").matcher(text.trim());
        if (!m.matches()) return null;
        int w = Integer.parseInt(m.group(1)), h = Integer.parseInt(m.group(2));
        return w > 0 && h > 0 ? new int[] {w, h} : null;
    }
}
