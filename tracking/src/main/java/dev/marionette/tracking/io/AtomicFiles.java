package dev.marionette.tracking.io;

import java.io.UncheckedIOException;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces a file so that a reader (or a crash at any instant) sees either the old content or
 * the complete new one, never a mix or a truncated file: the new content goes to a temporary
 * file in the same folder (same file system, so the rename is atomic), is forced to the disk,
 * and is then renamed over the target; finally the folder itself is forced so the rename
 * survives a power cut.
 *
 * <p>Temporary files are named {@code .<target name>.<pid>.<random>.tmp}: hidden, and not
 * ending in the target's extension, so nothing that looks for {@code *.json} picks one up. A
 * process killed mid-write leaves its temporary file behind; the next write of the same target
 * deletes those whose process is gone.
 */
public final class AtomicFiles {
    private static final String SUFFIX = ".tmp";

    /** Writes the content of a file. Closing the stream it gets is allowed and does nothing. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {}

    private static UncheckedIOException failure(String message) {
        return new UncheckedIOException(message, new java.io.IOException(message));
    }

    private static java.io.IOException asIo(Exception e) {
        return e instanceof java.io.IOException io ? io : new java.io.IOException(e.getMessage(), e);
    }

    /**
     * Atomically replaces (or creates) {@code target} with what {@code content} writes.
     *
     * @throws UncheckedIOException naming the file when the folder is missing or not writable,
     *         or the disk is full; the target is then unchanged
     */
    public static void write(Path target, Content content) {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw failure("cannot write '" + target + "': folder " + dir + " does not exist");
        }
        if (Files.isDirectory(absolute)) throw failure("cannot write '" + target + "': it is a folder");
        String name = absolute.getFileName().toString();
        removeStaleTemporaries(dir, name);
        Path tmp;
        try {
            tmp = Files.createTempFile(dir, "." + name + "." + ProcessHandle.current().pid() + ".", SUFFIX);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write '" + target + "': " + reason(e), asIo(e));
        }
        boolean moved = false;
        try {
            copyPermissions(absolute, tmp);
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream out = new BufferedOutputStream(new KeepOpen(Channels.newOutputStream(channel)), 1 << 16);
                content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            try {
                Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                // Same folder, so this only happens on exotic file systems; refusing beats a torn file.
                throw new UncheckedIOException("cannot write '" + target + "': its file system cannot replace files atomically", asIo(e));
            }
            moved = true;
            forceDirectory(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write '" + target + "': " + reason(e), asIo(e));
        } finally {
            if (!moved) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the next write removes it once this process is gone
                }
            }
        }
    }

    /**
     * The temporary files of writes of {@code target} that can no longer finish: their
     * process is gone. Files of a live process (another writer right now) are left alone.
     */
    public static java.util.List<Path> staleTemporaries(Path target) {
        Path absolute = target.toAbsolutePath();
        java.util.List<Path> out = new java.util.ArrayList<>();
        Pattern pattern = temporaryPattern(absolute.getFileName().toString());
        try (DirectoryStream<Path> files = Files.newDirectoryStream(absolute.getParent())) {
            for (Path p : files) {
                Matcher m = pattern.matcher(p.getFileName().toString());
                if (!m.matches()) continue;
                long pid = Long.parseLong(m.group(1));
                boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
                if (!alive) out.add(p);
            }
        } catch (IOException | NumberFormatException e) {
            // an unreadable folder has nothing we could clean
        }
        return out;
    }

    /** Whether {@code file} is a temporary file of a write of {@code target} (finished or not). */
    public static boolean isTemporaryOf(Path file, Path target) {
        return temporaryPattern(target.getFileName().toString()).matcher(file.getFileName().toString()).matches();
    }

    private static void removeStaleTemporaries(Path dir, String name) {
        for (Path p : staleTemporaries(dir.resolve(name))) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // not ours to insist on; it never affects the target
            }
        }
    }

    private static Pattern temporaryPattern(String name) {
        return Pattern.compile(Pattern.quote("." + name + ".") + "(\\d+)\\.\\d+" + Pattern.quote(SUFFIX));
    }

    /**
     * Temporary files are created readable by their owner only; the result should look like any
     * other file the user writes: the old file's permissions, else rw-r--r--.
     */
    private static void copyPermissions(Path target, Path tmp) {
        PosixFileAttributeView view = Files.getFileAttributeView(tmp, PosixFileAttributeView.class);
        if (view == null) return; // not a POSIX file system: the default is fine
        try {
            view.setPermissions(Files.exists(target)
                    ? Files.getPosixFilePermissions(target)
                    : PosixFilePermissions.fromString("rw-r--r--"));
        } catch (IOException | UnsupportedOperationException e) {
            // keep the owner-only default: safe, merely stricter
        }
    }

    /** Makes the rename durable. Folders cannot be opened for syncing on every system (Windows); there it is skipped. */
    private static void forceDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // the data itself is already on disk; only the rename's durability is left to the OS
        }
    }

    /** Writers such as Jackson close their target when done; the channel must stay open to be forced. */
    private static final class KeepOpen extends FilterOutputStream {
        KeepOpen(OutputStream out) { super(out); }

        @Override public void write(byte[] b, int off, int len) throws IOException { out.write(b, off, len); }

        @Override public void close() throws IOException { flush(); }
    }

    private static String reason(IOException e) {
        String m = e.getMessage();
        if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
        if (e instanceof java.nio.file.NoSuchFileException) return "no such file or folder: " + m;
        return m == null ? e.getClass().getSimpleName() : m;
    }
}
