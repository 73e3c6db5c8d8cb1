package dev.marionette.tracking.capture;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Grabs a live source on its own thread and hands the consumer only the newest frame: frames
 * that arrive while the consumer is busy replace the waiting one and are counted as dropped,
 * so tracking never works on stale pictures and latency cannot build up.
 *
 * <p>A capture failure (camera unplugged) is passed to the consumer's next {@link #next()} as a
 * {@link CaptureException}.
 */
public final class LatestFrameSource extends BackgroundSource {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private VideoFrame latest;
    private RuntimeException failure;
    private boolean ended;
    private long dropped;
    private long handedOut;

    public LatestFrameSource(FrameSource source) {
        super(source, "capture");
        start();
    }

    @Override
    protected void readLoop() {
        try {
            while (!closing) {
                VideoFrame f = source.next();
                lock.lock();
                try {
                    if (f == null) {
                        ended = true;
                        arrived.signalAll();
                        return;
                    }
                    if (latest != null) dropped++;
                    latest = f;
                    arrived.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        } catch (RuntimeException e) {
            lock.lock();
            try {
                failure = closing ? null : e;
                ended = true;
                arrived.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** The newest frame not yet returned, waiting for one if needed; null when the source ended. */
    @Override
    public VideoFrame next() {
        lock.lock();
        try {
            while (latest == null && !ended) {
                arrived.await(100, TimeUnit.MILLISECONDS);
                if (closing) return null;
            }
            if (latest != null) {
                VideoFrame f = latest;
                latest = null;
                handedOut++;
                // Renumber: the index counts frames handed out, the timestamp stays the capture time.
                return new VideoFrame(handedOut - 1, f.tMicros(), f.image());
            }
            if (failure != null) {
                RuntimeException e = failure;
                failure = null;
                throw e instanceof CaptureException ? e : new CaptureException(e.getMessage(), e);
            }
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            lock.unlock();
        }
    }

    /** Frames the consumer never saw because a newer one arrived first. */
    public long dropped() {
        lock.lock();
        try {
            return dropped;
        } finally {
            lock.unlock();
        }
    }
}
