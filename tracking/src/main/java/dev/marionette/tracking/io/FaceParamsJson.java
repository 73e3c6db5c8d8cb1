package dev.marionette.tracking.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.marionette.tracking.FaceParams;
import dev.marionette.tracking.geometry.CanonicalFaceMesh;
import dev.marionette.tracking.geometry.HeadPose;
import dev.marionette.tracking.landmarks.FaceLandmarks;
import dev.marionette.tracking.landmarks.Roi;
import dev.marionette.tracking.params.Blendshape;
import dev.marionette.tracking.params.Blendshapes;
import dev.marionette.tracking.params.Blink;
import dev.marionette.tracking.params.EyeGaze;
import dev.marionette.tracking.params.Gaze;
import java.util.Iterator;
import java.util.Map;

/**
 * The JSON-lines form of {@link FaceParams}: one object per frame (schema in the README).
 * Writing is hand-rolled for speed (a 478-landmark line is written in microseconds); reading
 * uses Jackson and checks every field, so a damaged line fails with a message naming the field.
 */
public final class FaceParamsJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private FaceParamsJson() {}

    /**
     * Appends one line (without the newline).
     *
     * @param dense include the 468 × 3 dense displacement as "expression"
     */
    public static void write(FaceParams p, boolean dense, StringBuilder out) {
        out.append("{\"frame\":").append(p.frame());
        out.append(",\"timeMs\":");
        JsonNumbers.append(out, p.tMicros() / 1000.0, 3);
        out.append(",\"face\":").append(p.face());
        out.append(",\"score\":");
        JsonNumbers.append(out, p.score(), 4);
        out.append(",\"faces\":").append(p.facesDetected());
        if (p.roi() != null) {
            Roi r = p.roi();
            out.append(",\"roi\":{\"cx\":");
            JsonNumbers.append(out, r.centerX(), 2);
            out.append(",\"cy\":");
            JsonNumbers.append(out, r.centerY(), 2);
            out.append(",\"w\":");
            JsonNumbers.append(out, r.width(), 2);
            out.append(",\"h\":");
            JsonNumbers.append(out, r.height(), 2);
            out.append(",\"rotation\":");
            JsonNumbers.append(out, r.rotation(), 5);
            out.append('}');
        }
        out.append(",\"landmarks\":");
        FaceLandmarks lm = p.landmarks();
        if (lm == null) {
            out.append("null");
        } else {
            out.append('[');
            for (int i = 0; i < lm.count(); i++) {
                if (i > 0) out.append(',');
                out.append('[');
                JsonNumbers.append(out, lm.x(i), 2);
                out.append(',');
                JsonNumbers.append(out, lm.y(i), 2);
                out.append(',');
                JsonNumbers.append(out, lm.z(i), 2);
                out.append(']');
            }
            out.append(']');
        }
        HeadPose pose = p.pose();
        out.append(",\"pose\":{\"yaw\":");
        JsonNumbers.append(out, pose.yawDeg(), 3);
        out.append(",\"pitch\":");
        JsonNumbers.append(out, pose.pitchDeg(), 3);
        out.append(",\"roll\":");
        JsonNumbers.append(out, pose.rollDeg(), 3);
        out.append(",\"matrix\":[");
        for (int row = 0; row < 3; row++) {
            if (row > 0) out.append(',');
            out.append('[');
            for (int col = 0; col < 3; col++) {
                if (col > 0) out.append(',');
                JsonNumbers.append(out, pose.r(row, col), 6);
            }
            out.append(']');
        }
        out.append("],\"translationMm\":[");
        for (int k = 0; k < 3; k++) {
            if (k > 0) out.append(',');
            JsonNumbers.append(out, pose.t(k), 2);
        }
        out.append("]},\"blink\":{\"left\":");
        JsonNumbers.append(out, p.blink().left(), 4);
        out.append(",\"right\":");
        JsonNumbers.append(out, p.blink().right(), 4);
        out.append("},\"gaze\":");
        if (p.gaze() == null) {
            out.append("null");
        } else {
            out.append("{\"left\":");
            eye(out, p.gaze().left());
            out.append(",\"right\":");
            eye(out, p.gaze().right());
            out.append('}');
        }
        out.append(",\"blendshapes\":{");
        Blendshape[] shapes = Blendshape.values();
        for (int i = 0; i < shapes.length; i++) {
            if (i > 0) out.append(',');
            out.append('"').append(shapes[i].arkitName()).append("\":");
            JsonNumbers.append(out, p.blendshapes().get(shapes[i]), 4);
        }
        out.append('}');
        if (dense) {
            out.append(",\"expression\":[");
            float[] e = p.expressionMm();
            for (int i = 0; i < e.length; i++) {
                if (i > 0) out.append(',');
                JsonNumbers.append(out, e[i], 3);
            }
            out.append(']');
        }
        out.append('}');
    }

    private static void eye(StringBuilder out, EyeGaze g) {
        out.append("{\"yaw\":");
        JsonNumbers.append(out, g.yawDeg(), 3);
        out.append(",\"pitch\":");
        JsonNumbers.append(out, g.pitchDeg(), 3);
        out.append('}');
    }

    public static String toLine(FaceParams p, boolean dense) {
        StringBuilder sb = new StringBuilder(16384);
        write(p, dense, sb);
        return sb.toString();
    }

    /**
     * Parses one line.
     *
     * @throws IllegalArgumentException naming what is wrong, for anything that is not a valid line
     */
    public static FaceParams parse(String line) {
        JsonNode n;
        try {
            n = MAPPER.readTree(line);
        } catch (Exception e) {
            throw new IllegalArgumentException("not JSON: " + firstLine(e.getMessage()));
        }
        if (n == null || !n.isObject()) throw new IllegalArgumentException("not a JSON object");
        long frame = requireLong(n, "frame");
        double timeMs = requireNumber(n, "timeMs");
        boolean face = require(n, "face").asBoolean();
        float score = (float) (n.has("score") ? requireNumber(n, "score") : (face ? 1 : 0));
        int faces = n.has("faces") ? (int) requireLong(n, "faces") : (face ? 1 : 0);

        Roi roi = null;
        JsonNode r = n.get("roi");
        if (r != null && !r.isNull()) {
            roi = new Roi((float) requireNumber(r, "cx"), (float) requireNumber(r, "cy"),
                    (float) requireNumber(r, "w"), (float) requireNumber(r, "h"), (float) requireNumber(r, "rotation"));
        }
        FaceLandmarks landmarks = null;
        JsonNode lm = n.get("landmarks");
        if (lm != null && !lm.isNull()) {
            if (!lm.isArray()) throw new IllegalArgumentException("landmarks: not an array");
            float[] xyz = new float[3 * lm.size()];
            for (int i = 0; i < lm.size(); i++) {
                JsonNode point = lm.get(i);
                if (!point.isArray() || point.size() != 3) throw new IllegalArgumentException("landmarks[" + i + "]: not [x,y,z]");
                for (int k = 0; k < 3; k++) {
                    if (!point.get(k).isNumber()) throw new IllegalArgumentException("landmarks[" + i + "]: not numbers");
                    xyz[3 * i + k] = (float) point.get(k).asDouble();
                }
            }
            if (roi == null) roi = boundingRoi(xyz);
            landmarks = new FaceLandmarks(xyz, Math.max(0, Math.min(1, score)), roi);
        }

        JsonNode pn = require(n, "pose");
        HeadPose pose;
        JsonNode t = require(pn, "translationMm");
        if (!t.isArray() || t.size() != 3) throw new IllegalArgumentException("pose.translationMm: not [x,y,z]");
        double[] translation = {t.get(0).asDouble(), t.get(1).asDouble(), t.get(2).asDouble()};
        pose = HeadPose.fromAngles(requireNumber(pn, "yaw"), requireNumber(pn, "pitch"), requireNumber(pn, "roll"),
                translation[0], translation[1], translation[2]);

        JsonNode b = require(n, "blink");
        Blink blink = new Blink(clamp01(requireNumber(b, "left")), clamp01(requireNumber(b, "right")));
        Gaze gaze = null;
        JsonNode g = n.get("gaze");
        if (g != null && !g.isNull()) {
            gaze = new Gaze(eye(require(g, "left"), "gaze.left"), eye(require(g, "right"), "gaze.right"));
        }
        float[] coefficients = new float[Blendshape.values().length];
        JsonNode bs = n.get("blendshapes");
        if (bs != null && !bs.isNull()) {
            if (!bs.isObject()) throw new IllegalArgumentException("blendshapes: not an object");
            Iterator<Map.Entry<String, JsonNode>> it = bs.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                Blendshape shape = Blendshape.byName(e.getKey());
                if (shape == null) continue; // a newer writer's extra coefficient
                if (!e.getValue().isNumber()) throw new IllegalArgumentException("blendshapes." + e.getKey() + ": not a number");
                coefficients[shape.ordinal()] = clamp01(e.getValue().asDouble());
            }
        }
        float[] dense = new float[3 * CanonicalFaceMesh.VERTICES];
        JsonNode ex = n.get("expression");
        if (ex != null && !ex.isNull()) {
            if (!ex.isArray() || ex.size() != dense.length) {
                throw new IllegalArgumentException("expression: expected " + dense.length + " numbers");
            }
            for (int i = 0; i < dense.length; i++) dense[i] = (float) ex.get(i).asDouble();
        }
        if (face && landmarks == null) throw new IllegalArgumentException("face is true but landmarks are missing");
        return new FaceParams(frame, Math.round(timeMs * 1000), face, Math.max(0, Math.min(1, score)), faces, roi,
                landmarks, pose, blink, gaze, Blendshapes.of(coefficients), dense);
    }

    private static EyeGaze eye(JsonNode node, String name) {
        double yaw = requireNumber(node, "yaw"), pitch = requireNumber(node, "pitch");
        if (Math.abs(yaw) > 90 || Math.abs(pitch) > 90) throw new IllegalArgumentException(name + ": angle beyond 90 degrees");
        return new EyeGaze((float) yaw, (float) pitch);
    }

    private static Roi boundingRoi(float[] xyz) {
        float minX = Float.MAX_VALUE, minY = Float.MAX_VALUE, maxX = -Float.MAX_VALUE, maxY = -Float.MAX_VALUE;
        for (int i = 0; i < xyz.length; i += 3) {
            minX = Math.min(minX, xyz[i]);
            maxX = Math.max(maxX, xyz[i]);
            minY = Math.min(minY, xyz[i + 1]);
            maxY = Math.max(maxY, xyz[i + 1]);
        }
        return new Roi((minX + maxX) / 2, (minY + maxY) / 2, Math.max(1, maxX - minX), Math.max(1, maxY - minY), 0);
    }

    private static JsonNode require(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) throw new IllegalArgumentException("missing field \"" + field + "\"");
        return v;
    }

    private static double requireNumber(JsonNode n, String field) {
        JsonNode v = require(n, field);
        if (!v.isNumber()) throw new IllegalArgumentException("field \"" + field + "\" is not a number");
        double d = v.asDouble();
        if (!Double.isFinite(d)) throw new IllegalArgumentException("field \"" + field + "\" is not finite");
        return d;
    }

    private static long requireLong(JsonNode n, String field) {
        JsonNode v = require(n, field);
        if (!v.canConvertToLong() || !v.isIntegralNumber()) throw new IllegalArgumentException("field \"" + field + "\" is not an integer");
        long value = v.asLong();
        if (value < 0) throw new IllegalArgumentException("field \"" + field + "\" is negative");
        return value;
    }

    private static float clamp01(double v) {
        return (float) Math.max(0, Math.min(1, v));
    }

    private static String firstLine(String s) {
        if (s == null) return "unreadable";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
