package dev.marionette.tracking.io;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @Test
    void replacesTheFileAndLeavesNothingBehind(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("a.json");
        AtomicFiles.write(f, out -> out.write("one".getBytes(StandardCharsets.UTF_8)));
        AtomicFiles.write(f, out -> {
            out.write("two".getBytes(StandardCharsets.UTF_8));
            out.close(); // writers such as Jackson close their target; the file must still be completed
        });
        assertEquals("two", Files.readString(f));
        assertEquals(List.of(f), list(dir));
        if (Files.getFileStore(f).supportsFileAttributeView("posix")) {
            assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        }
    }

    @Test
    void aFailingWriterLeavesTheOldFileAndNoTemporary(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("a.json");
        AtomicFiles.write(f, out -> out.write('1'));
        java.io.UncheckedIOException e = assertThrows(java.io.UncheckedIOException.class, () -> AtomicFiles.write(f, out -> {
            out.write("half".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        }));
        assertTrue(e.getMessage().contains("disk full") && e.getMessage().contains("a.json"), e.getMessage());
        assertEquals("1", Files.readString(f));
        assertEquals(List.of(f), list(dir));
    }

    @Test
    void staleTemporariesOfDeadWritersAreRemovedByTheNextWrite(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("p.json");
        long dead = deadPid();
        Path stale = Files.writeString(dir.resolve(".p.json." + dead + ".123456.tmp"), "{\"half");
        Path live = Files.writeString(dir.resolve(".p.json." + ProcessHandle.current().pid() + ".99.tmp"), "{");
        Path other = Files.writeString(dir.resolve(".q.json." + dead + ".1.tmp"), "{");
        assertTrue(AtomicFiles.isTemporaryOf(stale, f));
        assertFalse(AtomicFiles.isTemporaryOf(other, f));
        assertEquals(List.of(stale), AtomicFiles.staleTemporaries(f));
        AtomicFiles.write(f, out -> out.write('x'));
        assertFalse(Files.exists(stale), "a dead writer's leftover is cleared");
        assertTrue(Files.exists(live), "a live writer's file is not touched");
        assertTrue(Files.exists(other), "another target's file is not touched");
    }

    @Test
    void missingFolderIsExplained(@TempDir Path dir) {
        java.io.UncheckedIOException e = assertThrows(java.io.UncheckedIOException.class,
                () -> AtomicFiles.write(dir.resolve("no/such/x.json"), out -> out.write('x')));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        e = assertThrows(java.io.UncheckedIOException.class, () -> AtomicFiles.write(dir, out -> out.write('x')));
        assertTrue(e.getMessage().contains("is a folder"), e.getMessage());
    }

    /** The pid of a process that has exited. */
    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        p.waitFor();
        return p.pid();
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
