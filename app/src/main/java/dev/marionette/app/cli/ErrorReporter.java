package dev.marionette.app.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns an exception from a command into one clear line on standard error and exit code 1.
 * The stack trace is printed only with --debug (or MARIONETTE_DEBUG set).
 */
final class ErrorReporter implements IExecutionExceptionHandler {
    static final int FAILURE = 1;
    /** Characters of a cause's message that, found in what was already said, mark it as said. */
    private static final int OPENING = 40;

    @Override
    public int handleExecutionException(Exception e, CommandLine cli, ParseResult parsed) {
        PrintWriter err = cli.getErr();
        err.println("marionette: " + describe(e));
        if (debugWanted(parsed)) {
            e.printStackTrace(err);
        } else if (!(e instanceof UserFacingException)) {
            err.println("(run with --debug for details)");
        }
        err.flush();
        return FAILURE;
    }

    /** The message and the distinct messages of its causes, "a: b: c". */
    static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder();
        String last = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m == null || m.isBlank()) {
                if (t == e) m = t.getClass().getSimpleName();
                else continue;
            }
            // A cause already said (whole, or its opening words, when the message above restated it).
            if (last != null && (last.contains(m) || last.contains(m.substring(0, Math.min(m.length(), OPENING))))) continue;
            if (sb.length() > 0) sb.append(": ");
            sb.append(m);
            last = m;
        }
        return sb.toString();
    }

    private static boolean debugWanted(ParseResult parsed) {
        if (System.getenv("MARIONETTE_DEBUG") != null) return true;
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--debug")) return true;
        }
        return false;
    }
}
