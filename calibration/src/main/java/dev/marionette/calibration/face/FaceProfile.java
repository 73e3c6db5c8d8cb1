package dev.marionette.calibration.face;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import dev.marionette.calibration.CalibrationException;
import dev.marionette.tracking.io.AtomicFiles;
import dev.marionette.calibration.io.JsonFields;
import dev.marionette.tracking.TrackerOptions;
import dev.marionette.tracking.geometry.CanonicalFaceMesh;
import dev.marionette.tracking.geometry.FaceShape;
import dev.marionette.tracking.params.ExpressionProfile;
import dev.marionette.tracking.params.Measure;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A person's face profile: the {@link ExpressionProfile} calibration produced, their neutral
 * {@link FaceShape} (the face the tracker fits head pose to), and the calibration's raw samples (so a later version can recompute the profile from them without a
 * new session). Saved as versioned JSON, written atomically; {@link #load} checks every field.
 *
 * <p>File layout (version 4). Earlier versions are refused with a request to calibrate again:
 * their measures came from a tracker that turned the landmark model's crop by the slant of one
 * eye (its outer to inner corner) instead of the line through both eyes' outer corners, which
 * moved the model's reading (on a rendered face, the chin by 2.6 mm at rest), so their neutral
 * and ranges do not match what the tracker measures now.
 * <pre>
 * { "format": "marionette-face-profile", "version": 4, "createdAt": "2025-01-31T12:00:00Z",
 *   "iris": true,
 *   "measures": { "EYE_OPEN_LEFT": { "neutral": 3.4, "rangeUp": 1.4, "rangeDown": 2.9 }, ... every Measure },
 *   "neutralShape": { "points": [[x, y, z], ... 468 points] },
 *   "samples": { "columns": ["EYE_OPEN_LEFT", ...], "neutral": [[...], ...], "blink": [...], ... } }
 * </pre>
 * Values are canonical millimetres (see {@link Measure}); ranges are positive. "neutralShape"
 * is optional: head-frame millimetres, each point within {@link #MAX_SHAPE_DEVIATION_MM} of the
 * canonical face's. "samples" is optional; when present its "columns" list every measure in
 * {@link Measure} order and each phase holds one row of that many numbers per frame.
 *
 * @param expression the neutral and ranges tracking uses
 * @param iris       whether the iris neutral was measured (else it is the default)
 * @param createdAt  when the calibration ran
 * @param samples    per phase, the measures of each frame used (may be empty)
 * @param neutralShape the neutral face shape, or null (calibrated from measures alone, or a
 *                   version 1 file)
 */
public record FaceProfile(ExpressionProfile expression, boolean iris, Instant createdAt, Map<FacePhase, List<float[]>> samples,
                          FaceShape neutralShape) {
    public static final String FORMAT = "marionette-face-profile";
    public static final int VERSION = 4;
    /**
     * Farthest a neutral shape's point may lie from the canonical face's, millimetres: faces
     * differ by a centimetre or two; more means a broken file, not a face.
     */
    public static final double MAX_SHAPE_DEVIATION_MM = 40;
    private static final List<String> FIELDS = List.of("format", "version", "createdAt", "iris", "measures", "neutralShape", "samples");
    private static final List<String> MEASURE_FIELDS = List.of("neutral", "rangeUp", "rangeDown");

    public FaceProfile {
        Objects.requireNonNull(expression, "expression");
        Objects.requireNonNull(createdAt, "createdAt");
        Map<FacePhase, List<float[]>> copy = new EnumMap<>(FacePhase.class);
        for (var e : samples.entrySet()) {
            List<float[]> rows = new ArrayList<>(e.getValue().size());
            for (float[] row : e.getValue()) {
                if (row.length != Measure.COUNT) throw new IllegalArgumentException("a sample needs " + Measure.COUNT + " measures");
                rows.add(row.clone());
            }
            copy.put(e.getKey(), List.copyOf(rows));
        }
        samples = java.util.Collections.unmodifiableMap(copy);
        if (neutralShape != null && neutralShape.maxDeviationMm() > MAX_SHAPE_DEVIATION_MM) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "the neutral face shape lies up to %.0f mm from the canonical face (at most %.0f)",
                    neutralShape.maxDeviationMm(), MAX_SHAPE_DEVIATION_MM));
        }
    }

    /** A profile without a neutral shape. */
    public FaceProfile(ExpressionProfile expression, boolean iris, Instant createdAt, Map<FacePhase, List<float[]>> samples) {
        this(expression, iris, createdAt, samples, null);
    }

    /** A profile without samples or neutral shape. */
    public static FaceProfile of(ExpressionProfile expression, boolean iris, Instant createdAt) {
        return new FaceProfile(expression, iris, createdAt, Map.of());
    }

    /** Tracking with this person's profile: their expression neutral and ranges, and their face for head pose. */
    public TrackerOptions applyTo(TrackerOptions options) {
        return options.withProfile(expression).withNeutralShape(neutralShape);
    }

    /** Frames kept for a phase. */
    public int sampleCount(FacePhase phase) {
        List<float[]> s = samples.get(phase);
        return s == null ? 0 : s.size();
    }

    /**
     * Writes the file atomically: a crash or a kill at any moment leaves either the previous
     * file or this one, whole (see {@link AtomicFiles}).
     *
     * @throws CalibrationException when the file cannot be written
     */
    public void save(Path file) {
        try {
            AtomicFiles.write(file, out -> {
                try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
                    g.setPrettyPrinter(new RowsPerLine());
                    write(g);
                }
            });
        } catch (java.io.UncheckedIOException e) {
            throw new CalibrationException(e.getMessage(), e);
        }
    }

    private void write(JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("format", FORMAT);
        g.writeNumberField("version", VERSION);
        g.writeStringField("createdAt", createdAt.toString());
        g.writeBooleanField("iris", iris);
        g.writeObjectFieldStart("measures");
        for (Measure m : Measure.values()) {
            g.writeObjectFieldStart(m.name());
            g.writeNumberField("neutral", expression.neutral(m));
            g.writeNumberField("rangeUp", expression.rangeUp(m));
            g.writeNumberField("rangeDown", expression.rangeDown(m));
            g.writeEndObject();
        }
        g.writeEndObject();
        if (neutralShape != null) {
            g.writeObjectFieldStart("neutralShape");
            g.writeArrayFieldStart("points");
            for (int i = 0; i < CanonicalFaceMesh.VERTICES; i++) {
                g.writeStartArray();
                g.writeNumber(neutralShape.x(i));
                g.writeNumber(neutralShape.y(i));
                g.writeNumber(neutralShape.z(i));
                g.writeEndArray();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        if (!samples.isEmpty()) {
            g.writeObjectFieldStart("samples");
            g.writeArrayFieldStart("columns");
            for (Measure m : Measure.values()) g.writeString(m.name());
            g.writeEndArray();
            for (FacePhase p : FacePhase.values()) {
                List<float[]> rows = samples.get(p);
                if (rows == null) continue;
                g.writeArrayFieldStart(p.id());
                for (float[] row : rows) {
                    g.writeStartArray();
                    for (float v : row) g.writeNumber(v);
                    g.writeEndArray();
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        }
        g.writeEndObject();
        g.writeRaw('\n');
    }

    /** Objects and lists indented as usual, except sample rows and shape points: one row of numbers per line. */
    private static final class RowsPerLine extends DefaultPrettyPrinter {
        /**
         * Nesting inside a sample row (root object, "samples", the phase's list, the row) or a
         * shape point (root object, "neutralShape", "points", the point).
         */
        private static final int ROW = 4;

        RowsPerLine() {
            _arrayIndenter = new DefaultIndenter("  ", "\n") {
                @Override
                public void writeIndentation(JsonGenerator g, int level) throws IOException {
                    if (level >= ROW) g.writeRaw(' ');
                    else super.writeIndentation(g, level);
                }
            };
        }

        @Override
        public void writeEndArray(JsonGenerator g, int values) throws IOException {
            if (_nesting >= ROW) {
                _nesting--;
                g.writeRaw(" ]");
            } else {
                super.writeEndArray(g, values);
            }
        }

        @Override
        public DefaultPrettyPrinter createInstance() {
            return new RowsPerLine();
        }
    }

    /**
     * Reads and checks a profile.
     *
     * @throws CalibrationException naming the file and, for a bad value, the field
     */
    public static FaceProfile load(Path file) {
        JsonNode root = JsonFields.read(file, "face profile");
        JsonFields f = JsonFields.of(file);
        int version = f.checkFormat(root, FORMAT, VERSION);
        if (version < VERSION) {
            throw f.error("version", "is " + version + ": this face profile was made by an older Marionette whose tracker measured"
                    + " faces differently; calibrate again (marionette calibrate face, or \"Calibrate face…\" in the panel)");
        }
        f.onlyKnown(root, "", FIELDS);
        String createdText = f.text(root, "", "createdAt");
        Instant created;
        try {
            created = Instant.parse(createdText);
        } catch (DateTimeParseException e) {
            throw f.error("createdAt", "must be an ISO-8601 instant such as 2025-01-31T12:00:00Z, got '" + createdText + "'");
        }
        boolean iris = f.bool(root, "", "iris");

        JsonNode measures = f.object(root, "", "measures");
        float[] neutral = new float[Measure.COUNT], up = new float[Measure.COUNT], down = new float[Measure.COUNT];
        List<String> names = new ArrayList<>();
        for (Measure m : Measure.values()) names.add(m.name());
        f.onlyKnown(measures, "measures", names);
        for (Measure m : Measure.values()) {
            String at = "measures." + m.name();
            JsonNode entry = f.object(measures, "measures", m.name());
            f.onlyKnown(entry, at, MEASURE_FIELDS);
            neutral[m.ordinal()] = toFloat(f, f.number(entry, at, "neutral"), at + ".neutral");
            up[m.ordinal()] = toFloat(f, f.positive(entry, at, "rangeUp"), at + ".rangeUp");
            down[m.ordinal()] = toFloat(f, f.positive(entry, at, "rangeDown"), at + ".rangeDown");
        }

        FaceShape shape = null;
        JsonNode shapeNode = root.get("neutralShape");
        if (shapeNode != null && !shapeNode.isNull()) {
            JsonNode o = f.object(root, "", "neutralShape");
            f.onlyKnown(o, "neutralShape", List.of("points"));
            JsonNode points = f.array(o, "neutralShape", "points");
            if (points.size() != CanonicalFaceMesh.VERTICES) {
                throw f.error("neutralShape.points", "must hold the " + CanonicalFaceMesh.VERTICES + " mesh points, found " + points.size());
            }
            float[] xyz = new float[3 * CanonicalFaceMesh.VERTICES];
            for (int i = 0; i < points.size(); i++) {
                String at = "neutralShape.points[" + i + "]";
                JsonNode p = points.get(i);
                if (!p.isArray() || p.size() != 3) throw f.error(at, "must be [x, y, z] in millimetres, found " + p);
                for (int a = 0; a < 3; a++) xyz[3 * i + a] = toFloat(f, f.number(p.get(a), at + "[" + a + "]"), at + "[" + a + "]");
            }
            shape = new FaceShape(xyz);
            if (shape.maxDeviationMm() > MAX_SHAPE_DEVIATION_MM) {
                throw f.error("neutralShape", String.format(java.util.Locale.ROOT,
                        "is not a face: a point lies %.0f mm from the canonical face's (at most %.0f)", shape.maxDeviationMm(),
                        MAX_SHAPE_DEVIATION_MM));
            }
        }

        Map<FacePhase, List<float[]>> samples = new EnumMap<>(FacePhase.class);
        JsonNode s = root.get("samples");
        if (s != null && !s.isNull()) {
            s = f.object(root, "", "samples");
            JsonNode columns = f.array(s, "samples", "columns");
            if (columns.size() != Measure.COUNT) {
                throw f.error("samples.columns", "must list the " + Measure.COUNT + " measures, found " + columns.size());
            }
            for (int i = 0; i < Measure.COUNT; i++) {
                if (!columns.get(i).isTextual() || !columns.get(i).asText().equals(Measure.values()[i].name())) {
                    throw f.error("samples.columns[" + i + "]", "must be " + Measure.values()[i].name() + ", found " + columns.get(i));
                }
            }
            for (var it = s.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (name.equals("columns")) continue;
                FacePhase phase = FacePhase.byId(name);
                if (phase == null) throw f.error("samples." + name, "is not a calibration phase (phases: " + FacePhase.ids() + ")");
                JsonNode rows = f.array(s, "samples", name);
                List<float[]> out = new ArrayList<>(rows.size());
                for (int r = 0; r < rows.size(); r++) {
                    String at = "samples." + name + "[" + r + "]";
                    JsonNode row = rows.get(r);
                    if (!row.isArray() || row.size() != Measure.COUNT) {
                        throw f.error(at, "must be an array of " + Measure.COUNT + " numbers, found "
                                + (row.isArray() ? row.size() + " values" : row.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)));
                    }
                    float[] v = new float[Measure.COUNT];
                    for (int c = 0; c < Measure.COUNT; c++) v[c] = toFloat(f, f.number(row.get(c), at + "[" + c + "]"), at + "[" + c + "]");
                    out.add(v);
                }
                samples.put(phase, out);
            }
        }
        return new FaceProfile(new ExpressionProfile(neutral, up, down), iris, created, samples, shape);
    }

    private static float toFloat(JsonFields f, double v, String field) {
        float x = (float) v;
        if (!Float.isFinite(x)) throw f.error(field, "is out of range: " + v);
        if (v > 0 && x == 0) throw f.error(field, "is too small to use: " + v);
        return x;
    }
}
