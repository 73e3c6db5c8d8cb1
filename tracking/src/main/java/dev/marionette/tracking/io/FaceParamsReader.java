package dev.marionette.tracking.io;

import dev.marionette.tracking.FaceParams;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Reads a params.jsonl file frame by frame. A line that does not parse is skipped with a
 * warning naming the line number and the problem; blank lines are ignored.
 */
public final class FaceParamsReader implements AutoCloseable {
    private final Path path;
    private final BufferedReader reader;
    private final Consumer<String> warnings;
    private long lineNumber;
    private long skipped;

    private FaceParamsReader(Path path, BufferedReader reader, Consumer<String> warnings) {
        this.path = path;
        this.reader = reader;
        this.warnings = warnings;
    }

    /**
     * @throws IOException with a message naming the file when it is missing or unreadable
     */
    public static FaceParamsReader open(Path path, Consumer<String> warnings) throws IOException {
        if (Files.isDirectory(path)) throw new IOException("'" + path + "' is a folder, not a params file");
        try {
            return new FaceParamsReader(path, Files.newBufferedReader(path, StandardCharsets.UTF_8), warnings);
        } catch (NoSuchFileException e) {
            throw new IOException("no params file at '" + path + "'", e);
        }
    }

    /** The next valid frame, or null at the end of the file. */
    public FaceParams next() {
        try {
            String line;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) continue;
                try {
                    return FaceParamsJson.parse(line);
                } catch (IllegalArgumentException e) {
                    skipped++;
                    warnings.accept(path.getFileName() + ":" + lineNumber + ": skipped, " + e.getMessage());
                }
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read '" + path + "': " + e.getMessage(), e);
        }
    }

    /** Lines skipped so far because they did not parse. */
    public long skipped() { return skipped; }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
