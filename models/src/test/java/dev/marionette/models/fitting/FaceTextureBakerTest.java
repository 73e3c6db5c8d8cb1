package dev.marionette.models.fitting;

import static org.junit.jupiter.api.Assertions.*;

import dev.marionette.tracking.FaceParams;
import dev.marionette.tracking.FaceTracker;
import dev.marionette.tracking.TrackerOptions;
import dev.marionette.tracking.capture.FrameSource;
import dev.marionette.tracking.capture.FrameSources;
import dev.marionette.tracking.filter.FilterSettings;
import dev.marionette.tracking.geometry.CanonicalFaceMesh;
import dev.marionette.tracking.image.RgbImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class FaceTextureBakerTest {
    @Test
    void bakesTheAstronautWithoutHoles() throws Exception {
        RgbImage photo;
        FaceParams p;
        try (FrameSource s = FrameSources.bundledSample(); FaceTracker t = new FaceTracker(TrackerOptions.defaults().withFilter(FilterSettings.NONE))) {
            var frame = s.next();
            photo = frame.image();
            p = t.track(frame);
        }
        CanonicalFaceMesh mesh = CanonicalFaceMesh.bundled();
        FaceTextureBaker.Baked baked = new FaceTextureBaker(mesh, 512).bake(photo, p.landmarks(), p.pose());
        Path dir = Files.createDirectories(Path.of("target", "fitting-tests"));
        ImageIO.write(baked.texture().toBufferedImage(), "png", new File(dir.toFile(), "astronaut-texture.png"));
        RgbImage tex = baked.texture();
        // The nose tip's texel (landmark 1) has the colour of the photo at landmark 1.
        float[] uv = mesh.uvs();
        int tu = (int) (uv[2] * 512), tv = (int) (uv[3] * 512);
        for (int ch = 0; ch < 3; ch++) {
            int photoValue = photo.get(Math.round(p.landmarks().x(1)), Math.round(p.landmarks().y(1)), ch);
            assertEquals(photoValue, tex.get(tu, tv, ch), 25, "channel " + ch);
        }
        // Skin everywhere on the face islands; no black holes anywhere in the texture.
        long dark = 0;
        for (int y = 0; y < 512; y++) for (int x = 0; x < 512; x++) {
            if (tex.get(x, y, 0) + tex.get(x, y, 1) + tex.get(x, y, 2) < 30) dark++;
        }
        assertTrue(dark < 512 * 512 / 200, "dark texels " + dark);
    }
}
