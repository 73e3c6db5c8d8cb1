package dev.marionette.app.cli;

import picocli.CommandLine.Option;

/** Options every command accepts. */
public final class GlobalOptions {
    @Option(names = "--debug", description = "Print stack traces of errors (for bug reports).", scope = picocli.CommandLine.ScopeType.INHERIT)
    boolean debug;

    @Option(names = {"-q", "--quiet"}, description = "Only errors on standard error.", scope = picocli.CommandLine.ScopeType.INHERIT)
    boolean quiet;
}
