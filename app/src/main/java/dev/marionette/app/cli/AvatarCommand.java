package dev.marionette.app.cli;

import dev.marionette.models.avatar.Avatar;
import dev.marionette.models.avatar.AvatarBuildException;
import dev.marionette.models.avatar.AvatarBuilder;
import dev.marionette.models.avatar.AvatarFile;
import dev.marionette.models.learned.AppearanceFitter;
import dev.marionette.models.learned.DjlAppearanceFitter;
import dev.marionette.models.learned.FitSettings;
import dev.marionette.models.learned.FitTarget;
import dev.marionette.models.learned.LearnedAppearance;
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

/** marionette avatar create: an animatable avatar from one portrait; avatar learn: its learned appearance. */
@Command(name = "avatar", mixinStandardHelpOptions = true, description = "Make avatars.",
        subcommands = {AvatarCommand.Create.class, AvatarCommand.Learn.class})
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

    @Command(name = "learn", mixinStandardHelpOptions = true,
            description = "Fit a learned appearance (neural texture + MLP decoder) to an avatar's texture, on the CPU.")
    public static final class Learn implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Option(names = "--avatar", required = true, paramLabel = "FILE", description = "The avatar (.mavatar), or 'default'.")
        String avatar;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the learned avatar (.mavatar).")
        Path out;

        @Option(names = "--steps", paramLabel = "N", description = "Optimiser steps (default: ${DEFAULT-VALUE}).")
        int steps = FitSettings.defaults().steps();

        @Override
        public Integer call() throws Exception {
            PrintWriter err = spec.commandLine().getErr();
            if (steps < 1 || steps > 100_000) throw new UserFacingException("--steps must be 1..100000, is " + steps);
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) throw new UserFacingException("cannot write '" + out + "': folder " + parent + " does not exist");
            Avatar in = AvatarOption.load(avatar);
            FitSettings settings = FitSettings.defaults().withSteps(steps);
            err.printf("marionette: fitting %d neural channels at %dx%d and a %s decoder to '%s' (%d steps)%n", settings.channels(),
                    settings.textureSize(), settings.textureSize(), java.util.Arrays.toString(settings.decoderSizes()), in.name(), steps);
            long t0 = System.nanoTime();
            LearnedAppearance learned;
            try (AppearanceFitter fitter = new DjlAppearanceFitter()) {
                learned = fitter.fit(in.texture(), settings, (step, n, loss) -> {
                    if (step % 5 != 0 && step != n) return;
                    int filled = step * 20 / n;
                    err.printf("\r  [%-20s] %3d%% step %d/%d, batch PSNR %5.2f dB", "#".repeat(filled), step * 100 / n, step, n,
                            10 * Math.log10(1 / Math.max(loss, 1e-12)));
                    err.flush();
                });
            } catch (IllegalArgumentException | IllegalStateException e) {
                err.println();
                throw new UserFacingException("cannot learn '" + avatar + "': " + e.getMessage(), e);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            err.println();
            double psnr = new FitTarget(in.texture(), settings.targetSize()).psnr(learned);
            AvatarFile.save(in.withLearned(learned), out);
            err.printf("marionette: learned avatar '%s' written to %s: fitted in %.1f s, decodes the %dx%d atlas at %.2f dB PSNR, %d KiB%n",
                    in.name(), out, seconds, settings.targetSize(), settings.targetSize(), psnr, Files.size(out) >> 10);
            return 0;
        }
    }
}
