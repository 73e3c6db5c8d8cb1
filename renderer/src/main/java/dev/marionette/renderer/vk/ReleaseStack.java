package dev.marionette.renderer.vk;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What a constructor has created so far, so that a failure part-way releases it in reverse
 * (the owner's close() does the same on success).
 */
public final class ReleaseStack {
    private final Deque<AutoCloseable> owned = new ArrayDeque<>();

    public <T extends AutoCloseable> T push(T resource) {
        owned.push(resource);
        return resource;
    }

    public void onClose(Runnable release) {
        owned.push(release::run);
    }

    /** Releases everything, newest first; failures are added to {@code cause} as suppressed. */
    public void closeAll(Throwable cause) {
        while (!owned.isEmpty()) {
            try {
                owned.pop().close();
            } catch (Exception e) {
                cause.addSuppressed(e);
            }
        }
    }
}
