package dev.marionette.tracking.geometry;

/**
 * What the pose solver recovers from one face's landmarks.
 *
 * @param pose             head frame to camera frame
 * @param headPointsMm     every landmark (468 or 478) back-projected to 3-D and expressed in the
 *                         head frame, millimetres, 3 per point: the face with the pose removed
 * @param steadyPointsMm   every landmark back-projected to the depth the fitted canonical face
 *                         has at that point (an iris: its eye's lid contour), then into the head
 *                         frame: the landmark model's noisy per-point z no longer slides points
 *                         along their camera rays, which off the optical axis moved a chin by
 *                         millimetres between frames, and unlike one depth for the whole face
 *                         (which read a 10 degree pitch as a 4 mm longer jaw) a neutral face
 *                         measures the same from any pose. Expression measures use these; what
 *                         an expression moves in depth (a chin going back as the jaw opens) is
 *                         not seen.
 * @param displacementMm   468 × 3: {@code headPointsMm - canonical} for the mesh points — the
 *                         dense expression (plus the person's identity; the neutral is removed
 *                         downstream)
 * @param reprojectionRmsPx root mean square reprojection error of the weighted basis points,
 *                         pixels: a fit-quality signal
 */
public record FaceGeometry(HeadPose pose, float[] headPointsMm, float[] steadyPointsMm, float[] displacementMm,
                           double reprojectionRmsPx) {
    public FaceGeometry {
        if (displacementMm.length != 3 * CanonicalFaceMesh.VERTICES) {
            throw new IllegalArgumentException("displacement must have 468 x 3 values");
        }
        if (headPointsMm.length < displacementMm.length || headPointsMm.length % 3 != 0) {
            throw new IllegalArgumentException("head points must cover at least the 468 mesh points");
        }
        if (steadyPointsMm.length != headPointsMm.length) {
            throw new IllegalArgumentException("steady points must match the head points");
        }
    }

    public int pointCount() { return headPointsMm.length / 3; }

    public float headX(int i) { return headPointsMm[3 * i]; }

    public float headY(int i) { return headPointsMm[3 * i + 1]; }

    public float headZ(int i) { return headPointsMm[3 * i + 2]; }
}
