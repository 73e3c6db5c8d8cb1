package dev.marionette.app.live;

/**
 * What the control panel shows about a running session, refreshed about twice a second.
 *
 * @param status          what capture is doing ("capturing camera 0 ...", "camera lost ...")
 * @param fps             rendered frames per second over the last interval
 * @param renderMs        mean CPU+GPU time of a render call
 * @param trackMs         last tracking time of one frame
 * @param latencyP50Ms    capture-to-present latency, median over the interval
 * @param latencyP99Ms    its 99th percentile
 * @param lowLight        the camera delivers dark frames or has dropped its frame rate
 * @param recording       frames are being recorded
 */
public record LiveSnapshot(String status, double fps, double renderMs, double trackMs, double latencyP50Ms,
                           double latencyP99Ms, boolean lowLight, boolean recording) {
    public static final LiveSnapshot STARTING = new LiveSnapshot("starting", 0, 0, 0, Double.NaN, Double.NaN, false, false);
}
