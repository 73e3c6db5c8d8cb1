package dev.marionette.tracking.geometry;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * MediaPipe's canonical face mesh: 468 vertices in the order of the face landmarks, their UVs,
 * the triangles, and the per-landmark weights of the Procrustes basis that separates head
 * motion from expression.
 *
 * <p>Coordinate frame (the "head frame" used everywhere in Marionette): millimetres, origin
 * near the centre of the head behind the nose, +x towards the viewer's right when the face
 * looks at the camera (the subject's left), +y up, +z out of the face towards the camera. The
 * file stores centimetres; they are converted once here.
 */
public final class CanonicalFaceMesh {
    public static final int VERTICES = 468;
    private static final String RESOURCE = "/dev/marionette/tracking/mediapipe/geometry_pipeline_metadata_landmarks.binarypb";
    private static final float MM_PER_CM = 10f;

    private static volatile CanonicalFaceMesh bundled;

    private final float[] positionsMm;
    private final float[] uvs;
    private final int[] triangles;
    private final float[] procrustesWeights;

    private CanonicalFaceMesh(float[] positionsMm, float[] uvs, int[] triangles, float[] procrustesWeights) {
        this.positionsMm = positionsMm;
        this.uvs = uvs;
        this.triangles = triangles;
        this.procrustesWeights = procrustesWeights;
    }

    /** The mesh bundled with the tracker, parsed once. */
    public static CanonicalFaceMesh bundled() {
        CanonicalFaceMesh mesh = bundled;
        if (mesh == null) {
            synchronized (CanonicalFaceMesh.class) {
                mesh = bundled;
                if (mesh == null) {
                    try (InputStream in = CanonicalFaceMesh.class.getResourceAsStream(RESOURCE)) {
                        if (in == null) {
                            throw new IllegalStateException("missing resource " + RESOURCE + " (broken build?)");
                        }
                        mesh = parse(ByteBuffer.wrap(in.readAllBytes()));
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot read " + RESOURCE, e);
                    }
                    bundled = mesh;
                }
            }
        }
        return mesh;
    }

    /**
     * Parses a serialized {@code mediapipe.face_geometry.GeometryPipelineMetadata}. Field numbers
     * (facts of MediaPipe's .proto files): metadata {canonical_mesh = 1, procrustes_landmark_basis
     * = 2 (repeated), input_source = 3}; Mesh3d {vertex_type = 1, primitive_type = 2,
     * vertex_buffer = 3 (repeated float, 5 per vertex: x y z u v), index_buffer = 4 (repeated
     * uint32)}; WeightedLandmarkRef {landmark_id = 1, weight = 2}.
     *
     * @throws IllegalArgumentException when the bytes are not such a message or sizes disagree
     */
    public static CanonicalFaceMesh parse(ByteBuffer bytes) {
        FloatList vertexBuffer = new FloatList();
        IntList indexBuffer = new IntList();
        float[] weights = new float[VERTICES];
        boolean sawMesh = false;
        ProtoReader metadata = new ProtoReader(bytes);
        while (metadata.next()) {
            if (metadata.fieldNumber() == 1 && metadata.wireType() == ProtoReader.LENGTH_DELIMITED) {
                sawMesh = true;
                ProtoReader mesh = metadata.readMessage();
                while (mesh.next()) {
                    switch (mesh.fieldNumber()) {
                        case 1, 2 -> {
                            long enumValue = mesh.readVarint();
                            if (enumValue != 0) {
                                throw new IllegalArgumentException("unsupported mesh "
                                        + (mesh.fieldNumber() == 1 ? "vertex" : "primitive") + " type " + enumValue);
                            }
                        }
                        case 3 -> readFloats(mesh, vertexBuffer);
                        case 4 -> readUInts(mesh, indexBuffer);
                        default -> mesh.skip();
                    }
                }
            } else if (metadata.fieldNumber() == 2 && metadata.wireType() == ProtoReader.LENGTH_DELIMITED) {
                ProtoReader ref = metadata.readMessage();
                long id = -1;
                float weight = Float.NaN;
                while (ref.next()) {
                    if (ref.fieldNumber() == 1) id = ref.readVarint();
                    else if (ref.fieldNumber() == 2) weight = ref.readFloat();
                    else ref.skip();
                }
                if (id < 0 || id >= VERTICES || !(weight > 0)) {
                    throw new IllegalArgumentException("bad Procrustes landmark reference: id " + id + ", weight " + weight);
                }
                weights[(int) id] = weight;
            } else {
                metadata.skip();
            }
        }
        if (!sawMesh || vertexBuffer.size != VERTICES * 5) {
            throw new IllegalArgumentException("expected a canonical mesh of " + VERTICES
                    + " vertices (x y z u v), got " + vertexBuffer.size + " floats");
        }
        if (indexBuffer.size == 0 || indexBuffer.size % 3 != 0) {
            throw new IllegalArgumentException("index buffer of " + indexBuffer.size + " entries is not triangles");
        }
        float[] positions = new float[VERTICES * 3];
        float[] uv = new float[VERTICES * 2];
        for (int i = 0; i < VERTICES; i++) {
            for (int k = 0; k < 3; k++) positions[3 * i + k] = vertexBuffer.data[5 * i + k] * MM_PER_CM;
            uv[2 * i] = vertexBuffer.data[5 * i + 3];
            uv[2 * i + 1] = vertexBuffer.data[5 * i + 4];
        }
        int[] tris = Arrays.copyOf(indexBuffer.data, indexBuffer.size);
        for (int index : tris) {
            if (index < 0 || index >= VERTICES) {
                throw new IllegalArgumentException("triangle index " + index + " out of range");
            }
        }
        return new CanonicalFaceMesh(positions, uv, tris, weights);
    }

    private static void readFloats(ProtoReader reader, FloatList out) {
        if (reader.wireType() == ProtoReader.LENGTH_DELIMITED) {
            ProtoReader packed = reader.readMessage();
            while (packed.hasRemaining()) out.add(packed.readFloat());
        } else if (reader.wireType() == ProtoReader.FIXED32) {
            out.add(reader.readFloat());
        } else {
            throw new IllegalArgumentException("vertex buffer has wire type " + reader.wireType());
        }
    }

    private static void readUInts(ProtoReader reader, IntList out) {
        if (reader.wireType() == ProtoReader.LENGTH_DELIMITED) {
            ProtoReader packed = reader.readMessage();
            while (packed.hasRemaining()) out.add((int) packed.readVarint());
        } else if (reader.wireType() == ProtoReader.VARINT) {
            out.add((int) reader.readVarint());
        } else {
            throw new IllegalArgumentException("index buffer has wire type " + reader.wireType());
        }
    }

    /** x, y, z of vertex i in millimetres, head frame. */
    public float x(int i) { return positionsMm[3 * i]; }

    public float y(int i) { return positionsMm[3 * i + 1]; }

    public float z(int i) { return positionsMm[3 * i + 2]; }

    /** A copy of all positions, 3 per vertex, millimetres. */
    public float[] positionsMm() { return positionsMm.clone(); }

    /** A copy of the UVs, 2 per vertex: u to the right, v down ((0,0) top-left, the forehead near v = 0.1). */
    public float[] uvs() { return uvs.clone(); }

    /** A copy of the triangle list, 3 vertex indices per triangle, counter-clockwise seen from the front. */
    public int[] triangles() { return triangles.clone(); }

    public int triangleCount() { return triangles.length / 3; }

    /** Procrustes weight of landmark i: 0 for landmarks outside the basis. */
    public float procrustesWeight(int i) { return procrustesWeights[i]; }

    /** Distance between the outer eye corners (landmarks 33 and 263), millimetres. */
    public float interOcularMm() {
        float dx = x(263) - x(33), dy = y(263) - y(33), dz = z(263) - z(33);
        return (float) Math.sqrt(dx * dx + dy * dy + dz * dz);
    }

    private static final class FloatList {
        float[] data = new float[4096];
        int size;

        void add(float v) {
            if (size == data.length) data = Arrays.copyOf(data, size * 2);
            data[size++] = v;
        }
    }

    private static final class IntList {
        int[] data = new int[4096];
        int size;

        void add(int v) {
            if (size == data.length) data = Arrays.copyOf(data, size * 2);
            data[size++] = v;
        }
    }
}
