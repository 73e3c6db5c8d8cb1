package dev.marionette.app.cli;

import static dev.marionette.app.cli.CommandLineTest.assertCleanError;
import static dev.marionette.app.cli.CommandLineTest.run;
import static org.junit.jupiter.api.Assertions.*;

import dev.marionette.models.avatar.Avatar;
import dev.marionette.models.avatar.AvatarFile;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AvatarLearnCommandTest {
    @Test
    void learnsTheDefaultAvatarWithProgress(@TempDir Path tmp) {
        Path out = tmp.resolve("learned.mavatar");
        CommandLineTest.Run r = run("avatar", "learn", "--avatar", "default", "--out", out.toString(), "--steps", "20");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("step 20/20"), r.err());
        assertTrue(r.err().contains("dB PSNR"), r.err());
        Avatar back = AvatarFile.load(out);
        assertTrue(back.isLearned());
        assertEquals(32, back.learned().texture().channels());
        assertTrue(back.hasStaticContent(), "the default avatar's hair and torso are kept");
    }

    @Test
    void badInputsGiveOneClearLine(@TempDir Path tmp) {
        assertCleanError(run("avatar", "learn", "--avatar", tmp.resolve("none.mavatar").toString(), "--out", tmp.resolve("o.mavatar").toString()),
                1, "none.mavatar");
        assertCleanError(run("avatar", "learn", "--avatar", "default", "--out", tmp.resolve("o.mavatar").toString(), "--steps", "0"),
                1, "--steps");
        assertCleanError(run("avatar", "learn", "--avatar", "default", "--out", tmp.resolve("no/dir/o.mavatar").toString()),
                1, "does not exist");
    }
}
