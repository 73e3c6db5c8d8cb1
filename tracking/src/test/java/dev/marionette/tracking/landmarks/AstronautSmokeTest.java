package dev.marionette.tracking.landmarks;

import static org.junit.jupiter.api.Assertions.*;

import dev.marionette.tracking.detect.BlazeFaceDetector;
import dev.marionette.tracking.detect.Detection;
import dev.marionette.tracking.image.RgbImage;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.File;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class AstronautSmokeTest {
    @Test
    void smoke() throws Exception {
        RgbImage img = RgbImage.of(ImageIO.read(getClass().getResource("/dev/marionette/tracking/samples/astronaut.png")));
        try (BlazeFaceDetector det = new BlazeFaceDetector(1);
             FaceLandmarker lm = new FaceLandmarker(LandmarkModel.WITH_ATTENTION, 1)) {
            List<Detection> ds = det.detect(img);
            System.out.println("detections " + ds.size());
            for (Detection d : ds) System.out.printf("score %.3f box %.1f %.1f %.1f %.1f kp0 %.1f,%.1f kp1 %.1f,%.1f%n", d.score(), d.xMin(), d.yMin(), d.width(), d.height(), d.keypointX(0), d.keypointY(0), d.keypointX(1), d.keypointY(1));
            Roi roi = Rois.fromDetection(ds.get(0));
            FaceLandmarks f = lm.detect(img, roi);
            System.out.println("presence " + f.presence() + " roi " + roi);
            FaceLandmarks g = lm.detect(img, Rois.fromLandmarks(f));
            System.out.println("presence2 " + g.presence() + " roi " + g.roi());
            for (int i : new int[] {1, 33, 263, 13, 14, 468, 473}) System.out.printf("%d: %.1f %.1f %.1f%n", i, g.x(i), g.y(i), g.z(i));
            BufferedImage out = img.toBufferedImage();
            Graphics2D gr = out.createGraphics();
            for (int i = 0; i < g.count(); i++) {
                gr.setColor(i >= 468 ? Color.CYAN : Color.GREEN);
                gr.fillRect(Math.round(g.x(i)) - 1, Math.round(g.y(i)) - 1, 2, 2);
            }
            gr.dispose();
            ImageIO.write(out, "png", new File("/tmp/astro-lm.png"));
            assertFalse(ds.isEmpty());
        }
    }
}
