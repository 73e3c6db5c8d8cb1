package dev.marionette.app.gui;

import static org.junit.jupiter.api.Assertions.*;

import dev.marionette.tracking.capture.CaptureOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuiSettingsTest {
    @Test
    void everySettingSurvivesARestart(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("cfg/marionette/settings.json");
        GuiSettings s = GuiSettings.DEFAULT.withInput("0").withAvatar("/a/me.mavatar").withProfile("/a/face-profile.json")
                .withFpsCap(30).withBackground("green").withBounds(new int[] {10, 20, 700, 500}).withCameraMode("1280x720", 60)
                .withCamera("/a/camera.json").withWindowSize(new int[] {800, 600});
        s.save(file);
        GuiSettings back = GuiSettings.load(file);
        assertEquals("0", back.input());
        assertEquals("/a/me.mavatar", back.avatar());
        assertEquals("/a/face-profile.json", back.profile());
        assertEquals(30, back.fpsCap());
        assertEquals("green", back.background());
        assertArrayEquals(new int[] {10, 20, 700, 500}, back.bounds());
        assertEquals("1280x720", back.resolution());
        assertEquals(60, back.cameraFps());
        assertEquals("/a/camera.json", back.camera());
        assertArrayEquals(new int[] {800, 600}, back.windowSize());
        assertEquals(new CaptureOptions(1280, 720, 60.0, null), back.captureOptions());
    }

    @Test
    void theCameraDefaultAsksForNothing() {
        assertEquals(CaptureOptions.DEFAULT, GuiSettings.DEFAULT.captureOptions());
        assertEquals(new CaptureOptions(640, 480, null, null), GuiSettings.DEFAULT.withCameraMode("640x480", 0).captureOptions());
    }

    @Test
    void aDamagedFileOrBadValuesFallBackToDefaults(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("settings.json");
        Files.writeString(file, "{\"version\":1,\"resolution\":\"huge\",\"cameraFps\":-3,\"fpsCap\":-1,\"input\":\"demo\"}");
        GuiSettings s = GuiSettings.load(file);
        assertEquals("demo", s.input());
        assertNull(s.resolution());
        assertEquals(0, s.cameraFps());
        assertEquals(0, s.fpsCap());
        Files.writeString(file, "{not json");
        assertEquals(GuiSettings.DEFAULT, GuiSettings.load(file));
    }
}
