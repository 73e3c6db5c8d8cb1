package dev.marionette.tracking.capture;

/**
 * A source that reads another one on its own thread: owns that thread and the wrapped source,
 * passes the wrapped source's description through, and stops both on close.
 */
abstract class BackgroundSource implements FrameSource {
    protected final FrameSource source;
    private final Thread thread;
    protected volatile boolean closing;

    protected BackgroundSource(FrameSource source, String threadName) {
        this.source = source;
        this.thread = new Thread(this::readLoop, threadName + " " + source.description());
        thread.setDaemon(true);
    }

    /** Starts the reading thread; call at the end of the subclass constructor. */
    protected final void start() {
        thread.start();
    }

    /** The body of the reading thread: runs until the source ends or {@link #closing}. */
    protected abstract void readLoop();

    @Override public boolean isLive() { return source.isLive(); }

    @Override public String description() { return source.description(); }

    @Override public double frameRate() { return source.frameRate(); }

    @Override public int width() { return source.width(); }

    @Override public int height() { return source.height(); }

    @Override
    public void close() {
        closing = true;
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        source.close();
    }
}
