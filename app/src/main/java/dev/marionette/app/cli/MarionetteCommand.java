package dev.marionette.app.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The root of the command tree. With no subcommand it runs the default job. */
@Command(name = "marionette", mixinStandardHelpOptions = true, versionProvider = MarionetteCommand.Version.class,
        description = "Real-time avatar puppeteering: face tracking driving a 3D avatar.",
        subcommands = {GuiCommand.class, TrackCommand.class, LiveCommand.class, RenderCommand.class, AvatarCommand.class,
                CalibrateCommand.class, BenchCommand.class, CamerasCommand.class, HelpCommand.class})
public final class MarionetteCommand implements java.util.concurrent.Callable<Integer> {
    @Spec CommandSpec spec;

    @CommandLine.Mixin GlobalOptions global;

    @Override
    public Integer call() throws Exception {
        return new DefaultJob(spec.commandLine().getOut(), spec.commandLine().getErr(), global).run();
    }

    /** Runs the command line and returns the exit code; never throws. */
    public static int execute(String[] args) {
        return execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    }

    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new MarionetteCommand());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler(new ErrorReporter());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        return cli.execute(args);
    }

    /** Version from the jar manifest (or "development" when run from classes). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = MarionetteCommand.class.getPackage().getImplementationVersion();
            return new String[] {"marionette " + (v == null ? "development" : v)};
        }
    }
}
