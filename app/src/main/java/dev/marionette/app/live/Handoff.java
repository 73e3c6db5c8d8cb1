package dev.marionette.app.live;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A one-slot mailbox between two threads: the producer overwrites, the consumer reads the
 * newest value. Nothing queues, so a slow consumer never works on stale data. Each put
 * increases a sequence number so a consumer can wait for something newer than what it saw.
 */
final class Handoff<T> {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private T value;
    private long sequence;

    void put(T v) {
        lock.lock();
        try {
            value = v;
            sequence++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The newest value (null before the first put). */
    T peek() {
        lock.lock();
        try {
            return value;
        } finally {
            lock.unlock();
        }
    }

    long sequence() {
        lock.lock();
        try {
            return sequence;
        } finally {
            lock.unlock();
        }
    }

    /** Waits up to {@code timeoutMs} for a value newer than {@code seen}; returns null on timeout. */
    Versioned<T> awaitNewer(long seen, long timeoutMs) throws InterruptedException {
        lock.lock();
        try {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            while (sequence <= seen) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return null;
                changed.awaitNanos(left);
            }
            return new Versioned<>(value, sequence);
        } finally {
            lock.unlock();
        }
    }

    record Versioned<T>(T value, long sequence) {}
}
