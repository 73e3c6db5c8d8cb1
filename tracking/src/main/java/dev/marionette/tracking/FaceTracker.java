package dev.marionette.tracking;

import dev.marionette.tracking.capture.VideoFrame;
import dev.marionette.tracking.detect.BlazeFaceDetector;
import dev.marionette.tracking.detect.Detection;
import dev.marionette.tracking.detect.FaceDetector;
import dev.marionette.tracking.filter.FaceParamsFilter;
import dev.marionette.tracking.geometry.CameraIntrinsics;
import dev.marionette.tracking.geometry.FaceGeometry;
import dev.marionette.tracking.geometry.HeadPose;
import dev.marionette.tracking.geometry.PoseSolver;
import dev.marionette.tracking.image.RgbImage;
import dev.marionette.tracking.landmarks.FaceLandmarker;
import dev.marionette.tracking.landmarks.FaceLandmarks;
import dev.marionette.tracking.landmarks.Roi;
import dev.marionette.tracking.landmarks.Rois;
import dev.marionette.tracking.params.AdaptiveNeutral;
import dev.marionette.tracking.params.ExpressionEstimator;
import dev.marionette.tracking.params.ExpressionProfile;
import dev.marionette.tracking.params.FaceMeasures;
import dev.marionette.tracking.params.Measure;
import java.util.List;

/**
 * The tracking pipeline for one stream of frames, as in MediaPipe's face mesh graph: the
 * detector runs only when no face is tracked (or the landmark model's presence score fell
 * below the threshold); otherwise the landmarks of frame t give the region of frame t+1. Then
 * pose, expression and filtering.
 *
 * <p>With several faces in view the tracker takes the one with the largest area weighted
 * towards the image centre ({@link #choose}), and reports how many the detector saw.
 *
 * <p>One thread at a time: the models and filters keep state.
 */
public final class FaceTracker implements AutoCloseable {
    private final TrackerOptions options;
    private final FaceDetector detector;
    private final FaceLandmarker landmarker;
    private final PoseSolver solver;
    private final ExpressionEstimator estimator = new ExpressionEstimator();
    private final FaceParamsFilter filter;
    private final AdaptiveNeutral neutral;
    private final float[] measures = new float[Measure.COUNT];
    private float[] headPoints;

    private Roi tracked;
    private HeadPose lastPose;
    private int facesDetected;
    private CameraIntrinsics camera;
    private final StageTimes times = new StageTimes();

    /** Milliseconds spent per stage on the last frame (0 for a stage that did not run). */
    public static final class StageTimes {
        public double detectMs;
        public double landmarksMs;
        public double poseMs;
        public double paramsMs;
        public boolean detectorRan;

        public double totalMs() { return detectMs + landmarksMs + poseMs + paramsMs; }
    }

    public FaceTracker(TrackerOptions options) {
        this.options = options;
        FaceDetector d = null;
        try {
            d = new BlazeFaceDetector(options.threads());
            this.landmarker = new FaceLandmarker(options.model(), options.threads());
        } catch (RuntimeException e) {
            if (d instanceof AutoCloseable c) closeQuietly(c);
            throw e;
        }
        this.detector = d;
        this.solver = PoseSolver.create(options.neutralShape());
        this.filter = new FaceParamsFilter(options.filter());
        this.neutral = options.adaptNeutral() ? new AdaptiveNeutral(options.profile().neutral()) : null;
    }

    /** The raw face measures of the last frame with a face (a copy), for calibration and diagnostics. */
    public float[] lastMeasures() {
        return measures.clone();
    }

    /**
     * The head-frame points (millimetres, 3 per landmark) of the last frame with a face, a copy,
     * or null before the first: what a calibration takes the person's {@code FaceShape} from.
     */
    public float[] lastHeadPoints() {
        return headPoints == null ? null : headPoints.clone();
    }

    /** The neutral measures in use: the profile's, adapted to this person when adapting. */
    public float[] neutralMeasures() {
        return neutral != null ? neutral.neutral() : options.profile().neutral();
    }

    public TrackerOptions options() { return options; }

    /** Timings of the last {@link #track} call; the object is reused. */
    public StageTimes lastTimes() { return times; }

    /** The intrinsics used for the last frame. */
    public CameraIntrinsics camera() { return camera; }

    /** The running estimate of this person's neutral dense displacement. */
    public float[] neutralEstimate() { return filter.neutralEstimate(); }

    /** Tracks one frame. Frames must come in timestamp order. */
    public FaceParams track(VideoFrame frame) {
        RgbImage image = frame.image();
        camera = intrinsicsFor(image.width(), image.height());
        times.detectMs = times.landmarksMs = times.poseMs = times.paramsMs = 0;
        times.detectorRan = false;

        FaceLandmarks face = null;
        long t0 = System.nanoTime();
        if (tracked != null) {
            face = present(landmarker.detect(image, tracked));
        }
        long t1 = System.nanoTime();
        times.landmarksMs += (t1 - t0) / 1e6;
        if (face == null) {
            times.detectorRan = true;
            List<Detection> found = detector.detect(image);
            facesDetected = found.size();
            long t2 = System.nanoTime();
            times.detectMs = (t2 - t1) / 1e6;
            if (!found.isEmpty()) {
                Detection chosen = choose(found, image.width(), image.height());
                face = present(landmarker.detect(image, Rois.fromDetection(chosen)));
                times.landmarksMs += (System.nanoTime() - t2) / 1e6;
            }
        }
        if (face == null) {
            tracked = null;
            lastPose = null;
            if (neutral != null) neutral.pause();
            long t3 = System.nanoTime();
            FaceParams neutral = FaceParams.neutral(frame.index(), frame.tMicros());
            FaceParams lost = new FaceParams(neutral.frame(), neutral.tMicros(), false, 0, facesDetected, null, null,
                    neutral.pose(), neutral.blink(), neutral.gaze(), neutral.blendshapes(), neutral.expressionMm());
            FaceParams out = filter.apply(lost);
            times.paramsMs = (System.nanoTime() - t3) / 1e6;
            return out;
        }
        tracked = Rois.fromLandmarks(face);

        long t4 = System.nanoTime();
        FaceGeometry geometry = solver.solve(face, camera, lastPose);
        lastPose = geometry.pose();
        long t5 = System.nanoTime();
        times.poseMs = (t5 - t4) / 1e6;

        FaceMeasures.compute(geometry.steadyPointsMm(), measures);
        headPoints = geometry.headPointsMm();
        ExpressionProfile profile = options.profile();
        if (neutral != null) {
            neutral.update(frame.tMicros(), measures);
            profile = profile.withNeutral(neutral.neutral());
        }
        ExpressionEstimator.Reading reading = estimator.estimate(measures, face.hasIris(), profile);
        FaceParams raw = new FaceParams(frame.index(), frame.tMicros(), true, face.presence(), facesDetected,
                face.roi(), face, geometry.pose(), reading.blink(), reading.gaze(), reading.blendshapes(),
                geometry.displacementMm());
        FaceParams out = filter.apply(raw);
        times.paramsMs = (System.nanoTime() - t5) / 1e6;
        return out;
    }

    /**
     * No frame arrived (camera unplugged or stalled): the parameters ease towards neutral as for
     * a lost face, at this time.
     *
     * @param frameIndex index to stamp on the result
     */
    public FaceParams noFrame(long frameIndex, long tMicros) {
        reset();
        if (neutral != null) neutral.pause();
        FaceParams n = FaceParams.neutral(frameIndex, tMicros);
        return filter.apply(new FaceParams(n.frame(), n.tMicros(), false, 0, 0, null, null, n.pose(), n.blink(),
                n.gaze(), n.blendshapes(), n.expressionMm()));
    }

    /** Forgets the tracked face (e.g. after a seek): the next frame runs the detector. */
    public void reset() {
        tracked = null;
        lastPose = null;
    }

    private FaceLandmarks present(FaceLandmarks face) {
        return face.presence() >= options.presenceThreshold() ? face : null;
    }

    private CameraIntrinsics intrinsicsFor(int width, int height) {
        CameraIntrinsics c = options.camera();
        if (c == null) {
            if (camera != null && camera.width() == width && camera.height() == height) return camera;
            return CameraIntrinsics.defaultFor(width, height);
        }
        return c.width() == width && c.height() == height ? c : c.scaledTo(width, height);
    }

    /**
     * The face to track among several: largest area, discounted by distance from the image
     * centre (a face at a corner counts half), so the person in front of the camera wins over
     * a bigger face at the edge only when it is not much smaller.
     */
    static Detection choose(List<Detection> found, int width, int height) {
        Detection best = null;
        double bestScore = -1;
        double halfDiagonal = 0.5 * Math.hypot(width, height);
        for (Detection d : found) {
            double off = Math.hypot(d.centerX() - width / 2.0, d.centerY() - height / 2.0) / halfDiagonal;
            double score = d.area() * (1 - 0.5 * Math.min(1, off));
            if (score > bestScore) {
                bestScore = score;
                best = d;
            }
        }
        return best;
    }

    @Override
    public void close() {
        landmarker.close();
        if (detector instanceof AutoCloseable c) closeQuietly(c);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing native models cannot be retried; nothing useful to report
        }
    }
}
