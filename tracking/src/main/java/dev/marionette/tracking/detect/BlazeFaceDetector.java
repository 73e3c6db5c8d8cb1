package dev.marionette.tracking.detect;

import dev.marionette.tracking.image.RgbImage;
import dev.marionette.tracking.image.TensorSampler;
import dev.marionette.tracking.landmarks.Roi;
import dev.marionette.tracking.tflite.TfLiteModel;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * MediaPipe's BlazeFace short-range detector: the whole image letterboxed to 128×128 in
 * [−1, 1], 896 SSD anchors, boxes and 6 keypoints decoded with scale 128, sigmoid scores
 * (logits clipped to ±100) above 0.5, then weighted non-max suppression at IoU 0.3 (clusters
 * are averaged by score, which steadies the box between frames). Options are facts of the
 * model's MediaPipe graph.
 *
 * <p>One thread at a time.
 */
public final class BlazeFaceDetector implements FaceDetector {
    static final String RESOURCE = "/dev/marionette/tracking/mediapipe/face_detection_short_range.tflite";
    static final float MIN_SCORE = 0.5f;
    static final float NMS_IOU = 0.3f;
    private static final float SCORE_CLIP = 100f;
    private static final float SCALE = SsdAnchors.INPUT_SIZE;
    private static final int COORDS = 16;

    private final TfLiteModel model;
    private final float[] anchors = SsdAnchors.centres();
    private final int anchorCount = anchors.length / 2;
    private final FloatBuffer input;
    private final FloatBuffer boxes;
    private final FloatBuffer scores;

    public BlazeFaceDetector(int threads) {
        model = TfLiteModel.fromResource(RESOURCE, threads, false);
        input = model.input(0);
        boxes = model.output("regressors");
        scores = model.output("classificators");
        int[] shape = model.outputShape("regressors");
        if (shape[1] != anchorCount || shape[2] != COORDS) {
            model.close();
            throw new IllegalStateException("detector outputs " + java.util.Arrays.toString(shape) + ", expected [1, " + anchorCount + ", 16]");
        }
    }

    @Override
    public List<Detection> detect(RgbImage image) {
        Roi box = TensorSampler.letterbox(image);
        TensorSampler.sample(image, box, SsdAnchors.INPUT_SIZE, SsdAnchors.INPUT_SIZE, TensorSampler.Border.ZERO, -1f, 1f, input);
        model.invoke();

        List<float[]> candidates = new ArrayList<>();
        for (int a = 0; a < anchorCount; a++) {
            float logit = Math.max(-SCORE_CLIP, Math.min(SCORE_CLIP, scores.get(a)));
            float score = (float) (1 / (1 + Math.exp(-logit)));
            if (score < MIN_SCORE) continue;
            // [score, xmin, ymin, w, h, kx0, ky0, ... kx5, ky5] normalized to the letterbox square
            float[] d = new float[5 + 2 * Detection.KEYPOINTS];
            int o = a * COORDS;
            float ax = anchors[2 * a], ay = anchors[2 * a + 1];
            float cx = boxes.get(o) / SCALE + ax, cy = boxes.get(o + 1) / SCALE + ay;
            float w = boxes.get(o + 2) / SCALE, h = boxes.get(o + 3) / SCALE;
            d[0] = score;
            d[1] = cx - w / 2;
            d[2] = cy - h / 2;
            d[3] = w;
            d[4] = h;
            for (int k = 0; k < Detection.KEYPOINTS; k++) {
                d[5 + 2 * k] = boxes.get(o + 4 + 2 * k) / SCALE + ax;
                d[6 + 2 * k] = boxes.get(o + 5 + 2 * k) / SCALE + ay;
            }
            if (w > 0 && h > 0) candidates.add(d);
        }
        List<float[]> merged = weightedNms(candidates, NMS_IOU);
        List<Detection> out = new ArrayList<>(merged.size());
        float side = box.width();
        float left = box.centerX() - side / 2, top = box.centerY() - side / 2;
        for (float[] d : merged) {
            float[] kp = new float[2 * Detection.KEYPOINTS];
            for (int k = 0; k < Detection.KEYPOINTS; k++) {
                kp[2 * k] = left + d[5 + 2 * k] * side;
                kp[2 * k + 1] = top + d[6 + 2 * k] * side;
            }
            out.add(new Detection(d[0], left + d[1] * side, top + d[2] * side, d[3] * side, d[4] * side, kp));
        }
        return out;
    }

    /**
     * Weighted non-max suppression: repeatedly take the best remaining candidate, gather all
     * that overlap it by more than {@code iouThreshold}, and replace the cluster by the
     * score-weighted mean of its boxes and keypoints with the best score.
     */
    static List<float[]> weightedNms(List<float[]> candidates, float iouThreshold) {
        List<float[]> remaining = new ArrayList<>(candidates);
        remaining.sort((p, q) -> Float.compare(q[0], p[0]));
        List<float[]> out = new ArrayList<>();
        while (!remaining.isEmpty()) {
            float[] best = remaining.get(0);
            float[] sum = new float[best.length];
            float weight = 0;
            List<float[]> rest = new ArrayList<>();
            for (float[] c : remaining) {
                if (c == best || iou(best, c) > iouThreshold) {
                    for (int i = 1; i < c.length; i++) sum[i] += c[0] * c[i];
                    weight += c[0];
                } else {
                    rest.add(c);
                }
            }
            for (int i = 1; i < sum.length; i++) sum[i] /= weight;
            sum[0] = best[0];
            out.add(sum);
            remaining = rest;
        }
        return out;
    }

    static float iou(float[] a, float[] b) {
        float ix = Math.max(0, Math.min(a[1] + a[3], b[1] + b[3]) - Math.max(a[1], b[1]));
        float iy = Math.max(0, Math.min(a[2] + a[4], b[2] + b[4]) - Math.max(a[2], b[2]));
        float inter = ix * iy;
        float union = a[3] * a[4] + b[3] * b[4] - inter;
        return union <= 0 ? 0 : inter / union;
    }

    @Override
    public void close() {
        model.close();
    }
}
