package dev.marionette.app.cli;

import dev.marionette.tracking.capture.CameraInfo;
import dev.marionette.tracking.capture.FrameSources;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** marionette cameras: what --input 0, 1, ... mean on this machine. */
@Command(name = "cameras", mixinStandardHelpOptions = true, description = "List the cameras found on this machine.")
public final class CamerasCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        List<CameraInfo> cameras = FrameSources.cameras();
        if (cameras.isEmpty()) {
            out.println("no camera found");
        }
        for (CameraInfo c : cameras) out.printf("%d  %s  (%s)%n", c.index(), c.name(), c.device());
        out.flush();
    }
}
