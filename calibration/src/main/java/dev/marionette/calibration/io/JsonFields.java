package dev.marionette.calibration.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.marionette.calibration.CalibrationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads one calibration file's JSON tree and checks its fields, so every problem is reported as
 * "&lt;file&gt;: field 'a.b.c' &lt;what is wrong&gt;", the field spelled as a path from the root.
 */
public final class JsonFields {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String source;

    private JsonFields(String source) {
        this.source = source;
    }

    /** Checks for a file given by hand (tests, in-memory content): messages name {@code source}. */
    public static JsonFields named(String source) {
        return new JsonFields(source);
    }

    /**
     * Parses a whole file. An empty, truncated or non-JSON file is reported with the position
     * where parsing stopped.
     */
    public static JsonNode read(Path file, String what) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CalibrationException("no such " + what + " file: '" + file + "'");
        } catch (IOException e) {
            throw new CalibrationException("cannot read " + what + " file '" + file + "': " + e.getMessage(), e);
        }
        if (bytes.length == 0) throw new CalibrationException(file + ": the file is empty (not a " + what + " file)");
        try {
            JsonNode root = JSON.readTree(bytes);
            if (root == null || root.isMissingNode()) throw new CalibrationException(file + ": no JSON content (not a " + what + " file)");
            return root;
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            // The parser's own message, on one line; its location is already in ours, so it is not chained as a cause.
            String detail = e.getOriginalMessage() == null ? "" : ": " + e.getOriginalMessage().replaceAll("\\s+", " ").strip();
            throw new CalibrationException(file + ": not valid JSON" + where + " (truncated or not a " + what + " file)" + detail);
        } catch (IOException e) {
            throw new CalibrationException("cannot read " + what + " file '" + file + "': " + e.getMessage(), e);
        }
    }

    public static JsonFields of(Path file) {
        return new JsonFields(file.toString());
    }

    public CalibrationException error(String field, String problem) {
        return new CalibrationException(source + ": field '" + field + "' " + problem);
    }

    public CalibrationException error(String problem) {
        return new CalibrationException(source + ": " + problem);
    }

    /**
     * Checks the "format" marker and the version: a file of another kind is named as such, a
     * newer version asks for a newer Marionette.
     */
    public int checkFormat(JsonNode root, String format, int supportedVersion) {
        if (!root.isObject()) throw error("expected a JSON object at the top, found " + kind(root));
        JsonNode f = root.get("format");
        if (f == null) throw error("format", "is missing (expected \"" + format + "\")");
        if (!f.isTextual() || !f.asText().equals(format)) {
            throw error("format", "is " + f + ", expected \"" + format + "\" (is this the right file?)");
        }
        int version = integer(root, "", "version");
        if (version > supportedVersion) {
            throw error("version", "is " + version + ": written by a newer Marionette (this one reads up to version " + supportedVersion + ")");
        }
        if (version < 1) throw error("version", "must be at least 1, got " + version);
        return version;
    }

    public JsonNode field(JsonNode parent, String at, String name) {
        JsonNode n = parent.get(name);
        if (n == null || n.isNull()) throw error(path(at, name), "is missing");
        return n;
    }

    public JsonNode object(JsonNode parent, String at, String name) {
        JsonNode n = field(parent, at, name);
        if (!n.isObject()) throw error(path(at, name), "must be an object, found " + kind(n));
        return n;
    }

    public JsonNode array(JsonNode parent, String at, String name) {
        JsonNode n = field(parent, at, name);
        if (!n.isArray()) throw error(path(at, name), "must be an array, found " + kind(n));
        return n;
    }

    /** A finite number. */
    public double number(JsonNode parent, String at, String name) {
        return number(field(parent, at, name), path(at, name));
    }

    /** A finite number given as the node itself (an array element). */
    public double number(JsonNode n, String fieldPath) {
        if (!n.isNumber()) throw error(fieldPath, "must be a number, found " + kind(n));
        double v = n.asDouble();
        if (!Double.isFinite(v)) throw error(fieldPath, "must be finite, got " + v);
        return v;
    }

    public double positive(JsonNode parent, String at, String name) {
        double v = number(parent, at, name);
        if (!(v > 0)) throw error(path(at, name), "must be positive, got " + v);
        return v;
    }

    public int integer(JsonNode parent, String at, String name) {
        JsonNode n = field(parent, at, name);
        if (!n.isIntegralNumber() || !n.canConvertToInt()) throw error(path(at, name), "must be an integer, found " + kind(n) + " " + n);
        return n.asInt();
    }

    public String text(JsonNode parent, String at, String name) {
        JsonNode n = field(parent, at, name);
        if (!n.isTextual()) throw error(path(at, name), "must be a string, found " + kind(n));
        return n.asText();
    }

    public boolean bool(JsonNode parent, String at, String name) {
        JsonNode n = field(parent, at, name);
        if (!n.isBoolean()) throw error(path(at, name), "must be true or false, found " + kind(n));
        return n.asBoolean();
    }

    /** Refuses fields this version does not know: a typo must not silently fall back to a default. */
    public void onlyKnown(JsonNode object, String at, java.util.List<String> known) {
        for (var it = object.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!known.contains(name)) throw error(path(at, name), "is not a known field (known: " + String.join(", ", known) + ")");
        }
    }

    public static String path(String at, String name) {
        return at.isEmpty() ? name : at + "." + name;
    }

    private static String kind(JsonNode n) {
        return switch (n.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> n.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
