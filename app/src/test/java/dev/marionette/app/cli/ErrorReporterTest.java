package dev.marionette.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The one line a failed command prints: the message and what its causes add, nothing twice. */
class ErrorReporterTest {
    @Test
    void causesAddOnlyWhatWasNotSaid() {
        Exception e = new IllegalStateException("cannot load avatar 'x.mavatar'", new IOException("no such file"));
        assertEquals("cannot load avatar 'x.mavatar': no such file", ErrorReporter.describe(e));

        // A cause the message already quotes in full is not repeated.
        Exception quoted = new IllegalStateException("cannot read 'a': disk full", new IOException("disk full"));
        assertEquals("cannot read 'a': disk full", ErrorReporter.describe(quoted));

        // Nor one whose opening words the message restated before trimming a library's hints.
        Exception restated = new IllegalStateException("cannot decode video 'v.mp4': avformat_open_input() error -1094995529: Could not open input",
                new IOException("avformat_open_input() error -1094995529: Could not open input \"v.mp4\". (Has setFormat() been called?)"));
        assertEquals("cannot decode video 'v.mp4': avformat_open_input() error -1094995529: Could not open input",
                ErrorReporter.describe(restated));

        // A cause without a message adds nothing; the top exception without one is named.
        assertEquals("IllegalStateException: boom", ErrorReporter.describe(new IllegalStateException(null, new IOException("boom"))));
    }
}
