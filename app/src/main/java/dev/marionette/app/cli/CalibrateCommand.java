package dev.marionette.app.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** marionette calibrate: measure the camera or the person, once, for steadier tracking. */
@Command(name = "calibrate", mixinStandardHelpOptions = true,
        description = {"Calibrate the camera (intrinsics from a printed checkerboard) or your face (neutral and range).",
                "Use the results with 'marionette track --camera camera.json --profile profile.json'."},
        subcommands = {CalibrateCameraCommand.class, CalibrateFaceCommand.class})
public final class CalibrateCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }
}
