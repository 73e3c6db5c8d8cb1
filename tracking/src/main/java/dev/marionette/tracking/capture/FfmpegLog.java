package dev.marionette.tracking.capture;

import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avutil.LogCallback;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;

/**
 * FFmpeg's log, taken over from the native standard error: its errors (a cut MP4's "moov atom
 * not found", a damaged stream's "error while decoding MB ...") would otherwise reach the user
 * as raw lines beside our own message. They go to the {@link System.Logger} at DEBUG instead,
 * and the most recent ones are kept so that a failure can say what FFmpeg saw
 * ({@link #mark()}, {@link #errorsSince(long)}). Messages less severe than errors are dropped,
 * as FFmpeg's own log level did before.
 */
public final class FfmpegLog {
    private static final System.Logger LOG = System.getLogger(FfmpegLog.class.getName());
    private static final int KEPT = 16;
    /** Held for the life of the process: FFmpeg calls it from native code. */
    private static final Callback CALLBACK = new Callback();
    private static boolean installed;

    private static final ArrayDeque<String> recent = new ArrayDeque<>();
    private static long count;

    private FfmpegLog() {}

    /** Routes FFmpeg's log here (once; later calls do nothing). */
    public static synchronized void install() {
        if (installed) return;
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        avutil.setLogCallback(CALLBACK);
        installed = true;
    }

    /** The number of errors logged so far: pass it to {@link #errorsSince(long)}. */
    public static long mark() {
        synchronized (recent) {
            return count;
        }
    }

    /** The distinct error lines logged after the mark (at most the last {@value #KEPT}), oldest first. */
    public static List<String> errorsSince(long mark) {
        synchronized (recent) {
            long newer = Math.min(count - mark, recent.size());
            List<String> out = new ArrayList<>();
            int skip = (int) (recent.size() - newer);
            for (String line : recent) {
                if (skip-- > 0) continue;
                if (!out.contains(line)) out.add(line);
            }
            return out;
        }
    }

    /** " (FFmpeg: a; b)" for the first few distinct errors since the mark, or "" when there were none. */
    static String detailSince(long mark, int max) {
        List<String> lines = errorsSince(mark);
        if (lines.isEmpty()) return "";
        String more = lines.size() > max ? "; ..." : "";
        return " (FFmpeg: " + String.join("; ", lines.subList(0, Math.min(max, lines.size()))) + more + ")";
    }

    /**
     * "[mov,mp4,m4a,3gp,3g2,mj2 @ 0x7f41bc53e980] moov atom not found" becomes "mov,mp4,m4a,3gp,3g2,mj2:
     * moov atom not found": the context's address means nothing to a user and would keep
     * repeats apart.
     */
    static String clean(String line) {
        line = line.strip();
        if (line.startsWith("[")) {
            int close = line.indexOf("] ");
            int at = line.indexOf(" @ ");
            if (close > 0 && at > 0 && at < close) line = line.substring(1, at) + ": " + line.substring(close + 2).strip();
        }
        return line;
    }

    static void record(String line) {
        synchronized (recent) {
            recent.addLast(line);
            if (recent.size() > KEPT) recent.removeFirst();
            count++;
        }
        LOG.log(Level.DEBUG, "ffmpeg: {0}", line);
    }

    private static final class Callback extends LogCallback {
        @Override
        public void call(int level, BytePointer message) {
            if (level > avutil.AV_LOG_ERROR || message == null || message.isNull()) return;
            String line = clean(message.getString());
            if (!line.isEmpty()) record(line);
        }
    }
}
