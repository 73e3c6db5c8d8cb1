package dev.marionette.calibration.face;

import static org.junit.jupiter.api.Assertions.*;

import dev.marionette.tracking.io.AtomicFiles;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process killed with SIGKILL while rewriting a profile leaves a loadable one: the first
 * profile or a complete later one, never a torn file; and nothing a loader would mistake for a
 * profile.
 */
class FaceProfileAtomicWriteTest {
    /** Rows in the rewritten profiles: several megabytes, so a write takes long enough to be caught in the middle. */
    static final int ROWS = 40_000;

    @Test
    void killedMidWriteLeavesTheOldOrANewCompleteProfile(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("profile.json");
        int midWriteKills = 0;
        for (int trial = 0; trial < 6 && (trial < 2 || midWriteKills == 0); trial++) {
            Files.deleteIfExists(target);
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx1g", "-cp", System.getProperty("java.class.path"), ProfileRewriter.class.getName(),
                    target.toString(), Integer.toString(ROWS))
                    .redirectErrorStream(true).start();
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String l; (l = r.readLine()) != null; ) lines.add(l);
                } catch (Exception ignored) {
                    // the child was killed
                }
            });
            reader.setDaemon(true);
            reader.start();
            try {
                String line;
                while (!"rewriting".equals(line = lines.poll(60, TimeUnit.SECONDS))) {
                    assertNotNull(line, "the child did not start rewriting");
                    assertTrue(line.equals("first"), "unexpected child output: " + line);
                }
                // Kill as soon as a rewrite is under way: its temporary file exists (after a first complete rewrite in
                // later trials, so the kill may also land between writes).
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                boolean sawSave = trial % 2 == 0;
                while (System.nanoTime() < deadline) {
                    if (!sawSave) {
                        String l = lines.poll();
                        if (l != null && l.startsWith("saved ")) sawSave = true;
                        if (!sawSave) continue;
                    }
                    if (!temporaries(dir, target).isEmpty()) break;
                }
            } finally {
                child.destroyForcibly();
                assertTrue(child.waitFor(30, TimeUnit.SECONDS), "child did not die");
            }
            assertNotEquals(0, child.exitValue(), "the child was killed, not finished");

            FaceProfile loaded = FaceProfile.load(target);
            long generation = loaded.createdAt().getEpochSecond();
            int rows = loaded.sampleCount(FacePhase.NEUTRAL);
            if (generation == 0) {
                assertEquals(10, rows, "the first profile, whole");
            } else {
                assertEquals(ROWS, rows, "a complete later profile (generation " + generation + ")");
                assertArrayEquals(ProfileRewriter.rowsOf(ROWS).get(ROWS - 1), loaded.samples().get(FacePhase.NEUTRAL).get(ROWS - 1));
            }

            List<Path> left = temporaries(dir, target);
            if (!left.isEmpty()) midWriteKills++;
            try (Stream<Path> files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    if (p.equals(target)) continue;
                    assertTrue(AtomicFiles.isTemporaryOf(p, target), "only the profile and its writer's temporaries: " + p);
                    assertFalse(p.getFileName().toString().endsWith(".json"), "a temporary must not look like a profile: " + p);
                }
            }
            assertEquals(left, AtomicFiles.staleTemporaries(target), "the dead writer's temporaries count as stale");
        }
        assertTrue(midWriteKills > 0, "at least one kill landed in the middle of a write");

        // The next write of the same file clears what the killed writers left.
        ProfileRewriter.profile(FaceProfile.load(target).expression(), 99, 3).save(target);
        assertEquals(List.of(), temporaries(dir, target));
        assertEquals(99, FaceProfile.load(target).createdAt().getEpochSecond());
    }

    private static List<Path> temporaries(Path dir, Path target) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> AtomicFiles.isTemporaryOf(p, target)).sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
