package dev.marionette.models.avatar;

import dev.marionette.tracking.capture.FrameSource;
import dev.marionette.tracking.capture.FrameSources;
import dev.marionette.tracking.image.RgbImage;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The avatar that works without any file from the user: built from the bundled public-domain
 * portrait (NASA, astronaut Eileen Collins) by the same one-shot builder users run, the first
 * time it is needed, then cached in the user's cache folder (keyed by the portrait and the
 * builder version, so an update rebuilds it). What ships is the portrait and the recipe, not
 * a generated file.
 */
public final class DefaultAvatar {
    private static final System.Logger LOG = System.getLogger(DefaultAvatar.class.getName());
    /** Bump when the builder's output changes, so caches are rebuilt. */
    static final int RECIPE_VERSION = 8;

    private static volatile Avatar cached;

    private DefaultAvatar() {}

    /** The default avatar (built once per machine and version; a few seconds the first time). */
    public static Avatar get() {
        Avatar a = cached;
        if (a != null) return a;
        synchronized (DefaultAvatar.class) {
            if (cached != null) return cached;
            String key = cacheKey();
            Path file = cacheFolder().resolve("default-avatar-" + key + ".mavatar");
            if (Files.isRegularFile(file)) {
                try {
                    cached = AvatarFile.load(file);
                    return cached;
                } catch (AvatarFormatException e) {
                    LOG.log(Level.WARNING, "rebuilding the default avatar: {0}", e.getMessage());
                }
            }
            cached = build(key);
            try {
                Files.createDirectories(file.getParent());
                AvatarFile.save(cached, file);
                removeStale(file.getParent(), file.getFileName().toString());
            } catch (IOException e) {
                LOG.log(Level.WARNING, "cannot cache the default avatar in {0}: {1}", file.getParent(), e.getMessage());
            }
            return cached;
        }
    }

    /**
     * Deletes the default avatars an earlier recipe or portrait left in the cache folder (a few MB
     * each), keeping {@code keep}; anything else in the folder is left alone, and a file that
     * cannot be deleted only costs its space.
     */
    static void removeStale(Path folder, String keep) {
        try (var files = Files.newDirectoryStream(folder, "default-avatar-*.mavatar")) {
            for (Path f : files) {
                if (f.getFileName().toString().equals(keep)) continue;
                try {
                    Files.deleteIfExists(f);
                } catch (IOException e) {
                    LOG.log(Level.DEBUG, "cannot remove the stale default avatar {0}: {1}", f, e.getMessage());
                }
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "cannot list {0}: {1}", folder, e.getMessage());
        }
    }

    /** Builds it now, without the cache. */
    public static Avatar build() {
        return build(cacheKey());
    }

    private static Avatar build(String key) {
        RgbImage photo;
        try (FrameSource source = FrameSources.bundledSample()) {
            photo = source.next().image();
        }
        return new AvatarBuilder().build(photo, "Default (astronaut portrait)", "astronaut.png (bundled, NASA, public domain)",
                samplePortraitSha256());
    }

    static Path cacheFolder() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        String override = System.getProperty("marionette.cacheDir");
        if (override != null) return Path.of(override);
        if (xdg != null && !xdg.isBlank()) return Path.of(xdg, "marionette");
        return Path.of(System.getProperty("user.home"), ".cache", "marionette");
    }

    private static String cacheKey() {
        return samplePortraitSha256().substring(0, 12) + "-r" + RECIPE_VERSION;
    }

    static String samplePortraitSha256() {
        try (InputStream in = DefaultAvatar.class.getResourceAsStream(FrameSources.SAMPLE)) {
            if (in == null) throw new IllegalStateException("the bundled portrait is missing (broken build?)");
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(in.readAllBytes()));
        } catch (IOException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot read the bundled portrait: " + e.getMessage(), e);
        }
    }
}
