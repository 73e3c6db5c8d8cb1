package dev.marionette.tracking.landmarks;

/** The two MediaPipe face landmark models the tracker can run. */
public enum LandmarkModel {
    /** 478 points: the mesh with refined lips and eyes plus 10 iris points; uses custom ops. */
    WITH_ATTENTION("face_landmark_with_attention.tflite", FaceLandmarks.WITH_IRIS_POINTS, true),
    /** 468 points, builtin ops only: lighter, no irises (so no gaze). */
    PLAIN("face_landmark.tflite", FaceLandmarks.MESH_POINTS, false);

    static final String FOLDER = "/dev/marionette/tracking/mediapipe/";

    private final String file;
    private final int points;
    private final boolean customOps;

    LandmarkModel(String file, int points, boolean customOps) {
        this.file = file;
        this.points = points;
        this.customOps = customOps;
    }

    public String file() { return file; }

    public int points() { return points; }

    boolean customOps() { return customOps; }

    String resource() { return FOLDER + file; }
}
