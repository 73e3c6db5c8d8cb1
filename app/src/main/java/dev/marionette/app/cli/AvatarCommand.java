package dev.marionette.app.cli;

import dev.marionette.models.avatar.Avatar;
import dev.marionette.models.avatar.AvatarBuildException;
import dev.marionette.models.avatar.AvatarBuilder;
import dev.marionette.models.avatar.AvatarFile;
import dev.marionette.tracking.capture.CaptureException;
import dev.marionette.tracking.capture.FrameSource;
import dev.marionette.tracking.capture.FrameSources;
import dev.marionette.tracking.capture.CaptureOptions;
import dev.marionette.tracking.image.RgbImage;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** marionette avatar create: an animatable avatar from one portrait. */
@Command(name = "avatar", mixinStandardHelpOptions = true, description = "Make avatars.",
        subcommands = {AvatarCommand.Create.class})
public final class AvatarCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Build an avatar from one portrait photo (one person, face clearly visible).")
    public static final class Create implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Option(names = "--photo", required = true, paramLabel = "IMAGE", description = "The portrait (PNG, JPEG, BMP), or 'sample'.")
        String photo;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the avatar (.mavatar).")
        Path out;

        @Option(names = "--name", description = "Display name (default: the photo's file name).")
        String name;

        @Override
        public Integer call() throws Exception {
            PrintWriter err = spec.commandLine().getErr();
            RgbImage image;
            String source;
            String sha;
            try (FrameSource s = TrackCommand.openInput(photo, CaptureOptions.DEFAULT)) {
                if (s.isLive()) throw new UserFacingException("--photo takes an image file, not a camera");
                var frame = s.next();
                if (frame == null) throw new UserFacingException("no picture could be read from '" + photo + "'");
                image = frame.image();
                source = TrackCommand.SAMPLE.equals(photo) ? "astronaut.png (bundled sample)" : Path.of(photo).getFileName().toString();
                sha = Files.isRegularFile(Path.of(photo))
                        ? HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(Path.of(photo)))) : "";
            } catch (CaptureException e) {
                throw new UserFacingException(e.getMessage(), e);
            }
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) throw new UserFacingException("cannot write '" + out + "': folder " + parent + " does not exist");
            long t0 = System.nanoTime();
            Avatar avatar;
            try {
                avatar = new AvatarBuilder().onProgress((stage, fraction) -> {
                    int filled = (int) Math.round(fraction * 20);
                    err.printf("\r  [%-20s] %3.0f%% %-10s", "#".repeat(filled), fraction * 100, stage);
                    err.flush();
                }).build(image, name != null ? name : source, source, sha);
            } catch (AvatarBuildException e) {
                err.println();
                throw new UserFacingException("cannot build an avatar from '" + photo + "': " + e.getMessage(), e);
            }
            err.println();
            AvatarFile.save(avatar, out);
            err.printf("marionette: avatar '%s' written to %s in %.1f s%n", avatar.name(), out, (System.nanoTime() - t0) / 1e9);
            return 0;
        }
    }
}
