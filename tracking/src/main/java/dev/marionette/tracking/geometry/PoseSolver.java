package dev.marionette.tracking.geometry;

import dev.marionette.tracking.landmarks.FaceLandmarks;

/** Recovers head pose and the pose-free 3-D face from landmarks in one image. */
public interface PoseSolver {
    /**
     * @param face     landmarks in image pixels, z relative in the pixel scale of x
     * @param camera   intrinsics of the image the landmarks were found in
     * @param previous the last frame's pose as a starting point, or null
     */
    FaceGeometry solve(FaceLandmarks face, CameraIntrinsics camera, HeadPose previous);

    /** Fits the canonical mean face. */
    static PoseSolver create() {
        return new PerspectiveProcrustesSolver(CanonicalFaceMesh.bundled());
    }

    /** Fits a known person's neutral face (the canonical one when null). */
    static PoseSolver create(FaceShape reference) {
        return new PerspectiveProcrustesSolver(CanonicalFaceMesh.bundled(), reference);
    }
}
