package dev.marionette.app.live;

import dev.marionette.tracking.capture.VideoFrame;

/** A frame and the moment it was captured (System.nanoTime), for capture-to-present latency. */
record CapturedFrame(VideoFrame frame, long capturedNanos) {}
