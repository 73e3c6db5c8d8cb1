package dev.marionette.tracking.capture;

/**
 * A camera found on this machine.
 *
 * @param index  0-based position in the list (what "--input 0" means)
 * @param device what the grabber opens: /dev/videoN on Linux, the device name elsewhere
 * @param name   human-readable name
 */
public record CameraInfo(int index, String device, String name) {}
