package dev.marionette.models.learned;

import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;

/**
 * The one door to DJL's PyTorch engine. Before DJL's first class loads it is told to stay
 * offline: libtorch and DJL's JNI glue are extracted from the pytorch-native-cpu and
 * pytorch-jni jars on the classpath into DJL's cache folder (~/.djl.ai, or DJL_CACHE_DIR), never
 * downloaded, and DJL's usage telemetry (which asks the cloud metadata address) is off.
 * A user's own explicit settings (-Dai.djl.offline=..., DJL_OFFLINE) are left alone.
 */
public final class DjlRuntime {
    private static final Object LOCK = new Object();
    private static volatile Engine engine;

    private DjlRuntime() {}

    /**
     * @throws IllegalStateException with one line saying why when the bundled libtorch cannot be
     *                               loaded (wrong platform, no writable cache folder)
     */
    public static Engine pytorch() {
        Engine e = engine;
        if (e != null) return e;
        synchronized (LOCK) {
            if (engine == null) {
                if (DjlRuntime.class.getClassLoader().getResource("native/lib/pytorch.properties") == null) {
                    throw new IllegalStateException("PyTorch's CPU libraries are not part of this build (none are published for "
                            + System.getProperty("os.name") + " " + System.getProperty("os.arch")
                            + "): learned avatars cannot be fitted here; photo avatars work as usual");
                }
                stayOffline();
                try {
                    engine = Engine.getEngine("PyTorch");
                } catch (EngineException | UnsatisfiedLinkError | IllegalStateException | IllegalArgumentException | AssertionError ex) {
                    throw new IllegalStateException("cannot load the bundled PyTorch engine (DJL): " + rootMessage(ex), ex);
                }
            }
            return engine;
        }
    }

    static void stayOffline() {
        setIfAbsent("ai.djl.offline", "true");
        setIfAbsent("offline", "true");
        setIfAbsent("OPT_OUT_TRACKING", "true");
        // Half the cores: tracking and rendering share the machine, and libtorch's OpenMP workers
        // spin when they are short of cores (measured on a loaded 2-core machine: a fitting step
        // took 1.3 s with 2 threads, 0.2 s with 1).
        setIfAbsent("ai.djl.pytorch.num_threads", Integer.toString(Math.max(1, Runtime.getRuntime().availableProcessors() / 2)));
        setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) System.setProperty(key, value);
    }

    private static String rootMessage(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null && r.getCause() != r) r = r.getCause();
        String m = r.getMessage();
        return m == null ? r.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }
}
