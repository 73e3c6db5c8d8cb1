package dev.marionette.app;

import dev.marionette.app.cli.MarionetteCommand;

/** Entry point of the launcher and the jar. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(MarionetteCommand.execute(args));
    }
}
