package dev.marionette.models.avatar;

import dev.marionette.models.fitting.FaceTextureBaker;
import dev.marionette.models.segmentation.PersonSegmenter;
import dev.marionette.models.template.AtlasPainter;
import dev.marionette.models.template.HeadTemplate;
import dev.marionette.tracking.FaceParams;
import dev.marionette.tracking.FaceTracker;
import dev.marionette.tracking.TrackerOptions;
import dev.marionette.tracking.capture.VideoFrame;
import dev.marionette.tracking.detect.BlazeFaceDetector;
import dev.marionette.tracking.detect.Detection;
import dev.marionette.tracking.filter.FilterSettings;
import dev.marionette.tracking.geometry.CameraIntrinsics;
import dev.marionette.tracking.geometry.FaceGeometry;
import dev.marionette.tracking.geometry.HeadPose;
import dev.marionette.tracking.geometry.PoseSolver;
import dev.marionette.tracking.geometry.RigidFit;
import dev.marionette.tracking.image.RgbImage;
import dev.marionette.tracking.landmarks.FaceLandmarks;
import java.awt.Color;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Builds an avatar from one portrait: find exactly one usable face, track its 478 landmarks,
 * recover pose and the face's shape (the dense displacement at rest becomes the avatar's
 * identity), unwrap the photo into the face texture (mirror and inpaint what it does not show),
 * read the iris colour, and take the skin and hair colours for the parts no photo shows
 * (hair from the person-segmentation mask above the face); then cut the person's pixels the
 * face does not cover (hair, ears, neck, torso) into the avatar's static content
 * ({@link StaticMeshBuilder}).
 */
public final class AvatarBuilder {
    /** Portraits are taken with longer lenses than webcams; 35° vertical is a typical portrait field of view. */
    static final double PORTRAIT_FOV_DEG = 35;
    /** A face must be at least this many pixels across to give a usable texture. */
    public static final int MIN_FACE_PIXELS = 80;
    static final int ATLAS_SIZE = 2048;
    static final int FACE_TEXTURE_SIZE = 1024;

    /** Stages reported to the progress listener, with their share of the work. */
    public static final List<String> STAGES = List.of("detect", "landmarks", "shape", "texture", "colours", "atlas", "static");

    private BiConsumer<String, Double> progress = (stage, fraction) -> { };

    /** Receives (stage, overall fraction 0..1) as the build goes. */
    public AvatarBuilder onProgress(BiConsumer<String, Double> listener) {
        this.progress = listener;
        return this;
    }

    /**
     * @param source      what to record as the source (file name)
     * @param sourceSha256 its checksum (may be empty)
     * @throws AvatarBuildException when the photo has no face, several, or a too small one
     */
    public Avatar build(RgbImage photo, String name, String source, String sourceSha256) {
        step(0);
        Detection face;
        try (BlazeFaceDetector detector = new BlazeFaceDetector(1)) {
            face = chooseFace(detector.detect(photo), photo);
        }
        step(1);
        FaceParams tracked;
        CameraIntrinsics camera = CameraIntrinsics.fromVerticalFov(photo.width(), photo.height(), PORTRAIT_FOV_DEG);
        TrackerOptions options = TrackerOptions.defaults().withFilter(FilterSettings.NONE).withCamera(camera).withAdaptNeutral(false);
        try (FaceTracker tracker = new FaceTracker(options)) {
            VideoFrame frame = new VideoFrame(0, 0, photo);
            tracked = tracker.track(frame);
            // A second pass from the landmarks' own region, as in tracking, refines them.
            FaceParams again = tracker.track(new VideoFrame(1, 33_333, photo));
            if (again.face()) tracked = again;
        }
        if (!tracked.face()) throw new AvatarBuildException("the face found in the photo could not be tracked (landmark model not confident)");
        FaceLandmarks landmarks = tracked.landmarks();
        if (!landmarks.hasIris()) throw new AvatarBuildException("no iris landmarks: the attention landmark model is needed");

        step(2);
        FaceGeometry geometry = PoseSolver.create().solve(landmarks, camera, null);
        // The measured face, with the head rotation it still carries removed, then tempered.
        float[] canonicalFace = dev.marionette.tracking.geometry.CanonicalFaceMesh.bundled().positionsMm();
        float[] measuredFace = geometry.displacementMm();
        for (int i = 0; i < measuredFace.length; i++) measuredFace[i] += canonicalFace[i];
        float[] aligned = dev.marionette.tracking.geometry.RigidFit.ontoCanonical(measuredFace);
        for (int i = 0; i < aligned.length; i++) aligned[i] -= canonicalFace[i];
        float[] identity = dev.marionette.models.fitting.IdentityRegularizer.apply(aligned);
        for (int i = 0; i < identity.length; i++) {
            identity[i] = Math.max(-Avatar.MAX_IDENTITY_MM * 0.9f, Math.min(Avatar.MAX_IDENTITY_MM * 0.9f, identity[i]));
        }

        step(3);
        FaceTextureBaker.Baked baked = new FaceTextureBaker(dev.marionette.tracking.geometry.CanonicalFaceMesh.bundled(), FACE_TEXTURE_SIZE)
                .bake(photo, landmarks, geometry.pose());

        step(4);
        int iris = irisColour(photo, landmarks);
        Color skin = skinColour(baked);
        float[] person;
        try (PersonSegmenter seg = new PersonSegmenter(1)) {
            person = seg.segment(photo);
        }
        Color hair = hairColour(photo, person, landmarks, face);

        step(5);
        HeadTemplate template = HeadTemplate.around(addCanonical(identity));
        var atlas = AtlasPainter.paint(template, ATLAS_SIZE, baked.texture().toBufferedImage(), baked.confidence(),
                new AtlasPainter.Palette(skin, hair, new Color(iris)));

        step(6);
        HeadPose avatarToCamera = avatarToCamera(geometry);
        StaticMesh content = StaticMeshBuilder.build(photo, person, template, avatarToCamera, camera);
        progress.accept("done", 1.0);
        return new Avatar(name, identity, atlas, iris, new Avatar.Provenance(source, sourceSha256,
                java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString(), "marionette avatar builder"),
                content);
    }

    /**
     * Where the photo's camera saw the avatar's head frame: the solved pose maps the measured
     * face to the camera, and the avatar's identity is that face moved rigidly onto the
     * canonical mesh ({@link RigidFit}); the same rigid motion, read off with probe points,
     * is undone.
     */
    static HeadPose avatarToCamera(FaceGeometry geometry) {
        // The measured face (head points of the mesh landmarks), then the probes: origin and unit axes.
        int o = 3 * dev.marionette.tracking.geometry.CanonicalFaceMesh.VERTICES;
        float[] probed = Arrays.copyOf(geometry.headPointsMm(), o + 12);
        Arrays.fill(probed, o, o + 12, 0f);
        float unit = 100;
        for (int k = 0; k < 3; k++) probed[o + 3 * (k + 1) + k] = unit;
        float[] aligned = RigidFit.ontoCanonical(probed);
        double[] t = {aligned[o], aligned[o + 1], aligned[o + 2]};
        // Fit: a = F m + t, F's column k is the image of unit vector k.
        double[] f = new double[9];
        for (int k = 0; k < 3; k++) {
            for (int row = 0; row < 3; row++) f[3 * row + k] = (aligned[o + 3 * (k + 1) + row] - t[row]) / unit;
        }
        // camera = P (F^T (a - t)) + p  =>  rotation P F^T, translation p - P F^T t
        HeadPose pose = geometry.pose();
        double[] r = new double[9];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double sum = 0;
                for (int k = 0; k < 3; k++) sum += pose.r(i, k) * f[3 * j + k];
                r[3 * i + j] = sum;
            }
        }
        double[] translation = new double[3];
        for (int i = 0; i < 3; i++) translation[i] = pose.t(i) - (r[3 * i] * t[0] + r[3 * i + 1] * t[1] + r[3 * i + 2] * t[2]);
        return HeadPose.fromRotation(r, translation);
    }

    private void step(int index) {
        progress.accept(STAGES.get(index), (double) index / STAGES.size());
    }

    private static float[] addCanonical(float[] identity) {
        float[] face = dev.marionette.tracking.geometry.CanonicalFaceMesh.bundled().positionsMm();
        for (int i = 0; i < face.length; i++) face[i] += identity[i];
        return face;
    }

    /** Exactly one clear face of a usable size, or a message saying what is wrong. */
    static Detection chooseFace(List<Detection> found, RgbImage photo) {
        if (found.isEmpty()) {
            throw new AvatarBuildException("no face found in the photo: use a portrait where the face is clearly visible and "
                    + "fills a good part of the picture (crop around the face if it is small)");
        }
        Detection best = found.get(0);
        for (Detection d : found) if (d.area() > best.area()) best = d;
        for (Detection d : found) {
            if (d != best && d.score() > 0.6f && d.area() > 0.25f * best.area()) {
                throw new AvatarBuildException(found.size() + " faces found in the photo: use a portrait of one person (crop the others out)");
            }
        }
        float side = Math.min(best.width(), best.height());
        if (side < MIN_FACE_PIXELS) {
            throw new AvatarBuildException(String.format("the face is too small (%.0f px across, need at least %d): use a closer or larger photo",
                    side, MIN_FACE_PIXELS));
        }
        return best;
    }

    /**
     * Median colour inside the irises, away from the pupil (the darkest quarter) and highlights
     * (the brightest tenth).
     */
    static int irisColour(RgbImage photo, FaceLandmarks lm) {
        int[] samples = new int[4096];
        int n = 0;
        for (int centre : new int[] {FaceLandmarks.RIGHT_IRIS_CENTER, FaceLandmarks.LEFT_IRIS_CENTER}) {
            double radius = 0;
            for (int k = 1; k <= 4; k++) radius += Math.hypot(lm.x(centre + k) - lm.x(centre), lm.y(centre + k) - lm.y(centre));
            radius /= 4;
            int r = (int) Math.ceil(radius);
            for (int dy = -r; dy <= r; dy++) for (int dx = -r; dx <= r; dx++) {
                double d = Math.hypot(dx, dy) / radius;
                if (d < 0.35 || d > 0.9) continue;
                int x = Math.round(lm.x(centre)) + dx, y = Math.round(lm.y(centre)) + dy;
                if (x < 0 || y < 0 || x >= photo.width() || y >= photo.height() || n == samples.length) continue;
                samples[n++] = (photo.get(x, y, 0) << 16) | (photo.get(x, y, 1) << 8) | photo.get(x, y, 2);
            }
        }
        if (n == 0) return 0x5A4632;
        return robustMean(samples, n, 0.25, 0.10);
    }

    /** Luminance-sorted trimmed mean of packed RGB samples. */
    static int robustMean(int[] rgb, int n, double dropDark, double dropBright) {
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = rgb[i];
        Arrays.sort(order, (a, b) -> Integer.compare(luma(a), luma(b)));
        int from = (int) (n * dropDark), to = Math.max(from + 1, (int) (n * (1 - dropBright)));
        long r = 0, g = 0, b = 0;
        for (int i = from; i < to; i++) {
            r += (order[i] >> 16) & 255;
            g += (order[i] >> 8) & 255;
            b += order[i] & 255;
        }
        int count = to - from;
        return (int) ((r / count) << 16 | (g / count) << 8 | (b / count));
    }

    private static int luma(int rgb) {
        return 299 * ((rgb >> 16) & 255) + 587 * ((rgb >> 8) & 255) + 114 * (rgb & 255);
    }

    /** The face texture's cheeks (well-seen skin): trimmed mean of confident texels. */
    static Color skinColour(FaceTextureBaker.Baked baked) {
        RgbImage tex = baked.texture();
        int size = tex.width();
        int[] samples = new int[size * size / 16];
        int n = 0;
        for (int y = size * 45 / 100; y < size * 65 / 100; y += 2) {
            for (int x = size * 20 / 100; x < size * 80 / 100; x += 2) {
                if (baked.confidence()[y * size + x] < 0.5f || n == samples.length) continue;
                samples[n++] = (tex.get(x, y, 0) << 16) | (tex.get(x, y, 1) << 8) | tex.get(x, y, 2);
            }
        }
        return new Color(n == 0 ? 0xCDA087 : robustMean(samples, n, 0.2, 0.2));
    }

    /**
     * Hair: the person's pixels in a band above the forehead (where the segmentation says
     * person but the face mesh does not reach).
     */
    static Color hairColour(RgbImage photo, float[] mask, FaceLandmarks lm, Detection face) {
        float top = Float.MAX_VALUE, minX = Float.MAX_VALUE, maxX = -Float.MAX_VALUE;
        for (int i = 0; i < FaceLandmarks.MESH_POINTS; i++) {
            top = Math.min(top, lm.y(i));
            minX = Math.min(minX, lm.x(i));
            maxX = Math.max(maxX, lm.x(i));
        }
        float faceHeight = face.height();
        int y0 = (int) Math.max(0, top - 0.35f * faceHeight), y1 = (int) Math.max(0, top - 0.05f * faceHeight);
        int[] samples = new int[8192];
        int n = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = (int) Math.max(0, minX); x < Math.min(photo.width(), maxX); x++) {
                if (mask[y * photo.width() + x] < 0.7f || n == samples.length) continue;
                samples[n++] = (photo.get(x, y, 0) << 16) | (photo.get(x, y, 1) << 8) | photo.get(x, y, 2);
            }
        }
        return new Color(n < 20 ? 0x46321F : robustMean(samples, n, 0.2, 0.2));
    }
}
