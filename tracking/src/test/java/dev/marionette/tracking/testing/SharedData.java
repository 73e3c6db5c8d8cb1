package dev.marionette.tracking.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds clips of the optional shared data folder beside the project (../shared/data from the
 * project root, or -Dmarionette.sharedData=DIR). Tests that need one skip with a message when
 * it is absent; a clip whose checksum differs from the expected one is a failure, not a skip.
 */
public final class SharedData {
    private SharedData() {}

    public static Optional<Path> folder() {
        String configured = System.getProperty("marionette.sharedData");
        if (configured != null) return Optional.of(Path.of(configured)).filter(Files::isDirectory);
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolveSibling("shared").resolve("data");
            if (Files.isDirectory(candidate)) return Optional.of(candidate);
        }
        return Optional.empty();
    }

    /** The clip, or the test is skipped; fails when its sha256 is not the expected one. */
    public static Path require(String name, String sha256) {
        Optional<Path> dir = folder();
        Assumptions.assumeTrue(dir.isPresent(), "shared data folder not found (../shared/data): skipping " + name);
        Path clip = dir.get().resolve(name);
        Assumptions.assumeTrue(Files.isRegularFile(clip), clip + " is absent: skipping");
        String actual = sha256(clip);
        if (!actual.equals(sha256)) {
            throw new AssertionError(clip + " has sha256 " + actual + ", the fixtures were made from " + sha256);
        }
        return clip;
    }

    public static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException | java.security.NoSuchAlgorithmException e) {
            throw new AssertionError("cannot hash " + file, e);
        }
    }
}
