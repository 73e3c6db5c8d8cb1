package dev.marionette.calibration.face;

import static org.junit.jupiter.api.Assertions.*;

import dev.marionette.calibration.CalibrationException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PhaseScheduleTest {
    @Test
    void guidedRunsEveryPhaseAfterItsSettlingTime() {
        PhaseSchedule s = PhaseSchedule.guided(1.5, 3);
        assertEquals(5, s.spans().size());
        assertNull(s.phaseAt(0), "settling");
        assertEquals(FacePhase.NEUTRAL, s.phaseAt(1_500_000));
        assertEquals(FacePhase.NEUTRAL, s.phaseAt(4_499_999));
        assertNull(s.phaseAt(4_500_000), "the blink prompt has been given, settling");
        assertEquals(FacePhase.BLINK, s.spanAt(4_500_000).phase());
        assertEquals(FacePhase.BLINK, s.phaseAt(6_000_000));
        assertEquals(FacePhase.SMILE, s.phaseAt(22_499_999));
        assertEquals(22_500_000, s.endMicros());
        assertNull(s.phaseAt(22_500_000));
        assertThrows(CalibrationException.class, () -> PhaseSchedule.guided(1, 0.1));
    }

    @Test
    void equalSplitDropsTheStartOfEachShare() {
        PhaseSchedule s = PhaseSchedule.equalSplit(10_000_000, 0.25);
        assertNull(s.phaseAt(0));
        assertEquals(FacePhase.NEUTRAL, s.phaseAt(500_000));
        assertNull(s.phaseAt(2_100_000));
        assertEquals(FacePhase.BLINK, s.phaseAt(2_500_000));
        assertEquals(FacePhase.SMILE, s.phaseAt(9_999_999));
    }

    @Test
    void phasesFileIsParsedAndCheckedLineByLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("phases.txt");
        Files.writeString(f, "# my recording\nneutral 0 3   # looking at the camera\n\njaw 5.5 8\nBLINK 3.5 5\n");
        PhaseSchedule s = PhaseSchedule.parse(f);
        assertEquals(3, s.spans().size());
        assertEquals(FacePhase.NEUTRAL, s.phaseAt(2_999_999));
        assertNull(s.phaseAt(3_200_000));
        assertEquals(FacePhase.BLINK, s.phaseAt(4_000_000));
        assertEquals(FacePhase.JAW, s.phaseAt(6_000_000));
        assertNull(s.phaseAt(20_000_000));

        assertParseError(f, "neutral 0 3\nblnk 4 5\n", "line 2: unknown phase 'blnk'");
        assertParseError(f, "neutral 0 3\nneutral 4 5\n", "line 2: phase 'neutral' is listed twice");
        assertParseError(f, "neutral 3 1\n", "line 1: the end must come after the start");
        assertParseError(f, "neutral zero 3\n", "line 1: times must be seconds");
        assertParseError(f, "neutral 0\n", "line 1: expected '<phase> <start seconds> <end seconds>'");
        assertParseError(f, "jaw 0 3\n", "must include 'neutral'");
        assertParseError(f, "neutral 0 3\njaw 2 4\n", "overlap");
        assertParseError(f, "# nothing\n", "no phases listed");
        assertEquals("no such phases file: '" + dir.resolve("none.txt") + "'",
                assertThrows(CalibrationException.class, () -> PhaseSchedule.parse(dir.resolve("none.txt"))).getMessage());
    }

    private static void assertParseError(Path f, String content, String expected) throws Exception {
        Files.writeString(f, content);
        CalibrationException e = assertThrows(CalibrationException.class, () -> PhaseSchedule.parse(f));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
