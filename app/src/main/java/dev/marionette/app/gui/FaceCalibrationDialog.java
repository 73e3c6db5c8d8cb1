package dev.marionette.app.gui;

import dev.marionette.app.live.LiveSession;
import dev.marionette.calibration.CalibrationException;
import dev.marionette.calibration.face.FaceCalibration;
import dev.marionette.calibration.face.FaceCalibrator;
import dev.marionette.calibration.face.FacePhase;
import dev.marionette.calibration.face.GuidedSession;
import java.awt.BorderLayout;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.Toolkit;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.nio.file.Path;
import java.util.function.Consumer;
import javax.swing.BorderFactory;
import javax.swing.BoxLayout;
import javax.swing.JButton;
import javax.swing.JDialog;
import javax.swing.JFrame;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JProgressBar;
import javax.swing.Timer;

/**
 * The face calibration wizard: guides the person through the phases (neutral, closed eyes,
 * open mouth, raised brows, smile) on the running session's camera, labels the tracked
 * frames, and saves the profile atomically; the app then tracks with it. Everything runs on
 * the event thread except the frame feed, which the session's tracking thread delivers.
 */
final class FaceCalibrationDialog extends JDialog {
    private final LiveSession session;
    private final Path profileFile;
    private final Consumer<Path> onSaved;
    private final JLabel instruction = new JLabel(" ");
    private final JLabel countdown = new JLabel(" ");
    private final JLabel detail = new JLabel(" ");
    private final JProgressBar progress = new JProgressBar(0, 1000);
    private final JButton start = new JButton("Start");
    private final JButton close = new JButton("Cancel");
    private final Timer timer = new Timer(100, e -> tick());
    private GuidedSession guided;
    private FacePhase lastPhase;

    FaceCalibrationDialog(JFrame owner, LiveSession session, Path profileFile, Consumer<Path> onSaved) {
        super(owner, "Face calibration", false);
        this.session = session;
        this.profileFile = profileFile;
        this.onSaved = onSaved;
        setDefaultCloseOperation(DISPOSE_ON_CLOSE);
        addWindowListener(new WindowAdapter() {
            @Override public void windowClosed(WindowEvent e) {
                stopFeed();
            }
        });
        instruction.setFont(instruction.getFont().deriveFont(Font.BOLD, 15f));
        countdown.setFont(countdown.getFont().deriveFont(Font.BOLD, 22f));
        JPanel text = new JPanel();
        text.setLayout(new BoxLayout(text, BoxLayout.Y_AXIS));
        text.add(instruction);
        text.add(countdown);
        text.add(detail);
        JPanel buttons = new JPanel();
        buttons.add(start);
        buttons.add(close);
        start.addActionListener(e -> begin());
        close.addActionListener(e -> dispose());
        JPanel root = new JPanel(new BorderLayout(8, 8));
        root.setBorder(BorderFactory.createEmptyBorder(12, 12, 12, 12));
        root.add(text, BorderLayout.CENTER);
        JPanel south = new JPanel(new BorderLayout(4, 4));
        south.add(progress, BorderLayout.NORTH);
        south.add(buttons, BorderLayout.SOUTH);
        root.add(south, BorderLayout.SOUTH);
        setContentPane(root);
        show("<html>Five short phases of " + phaseSeconds() + " s each: a relaxed face, closed eyes, open mouth, raised "
                + "brows, a smile.<br>Sit about an arm's length from the camera, in even light, your whole face in view.</html>",
                " ", "The profile is saved to " + profileFile);
        setPreferredSize(new Dimension(620, 230));
        pack();
        setLocationRelativeTo(owner);
    }

    private static String phaseSeconds() {
        GuidedSession s = GuidedSession.standard();
        return String.format(java.util.Locale.ROOT, "%.1f", s.schedule().endMicros() / 1e6 / FacePhase.values().length);
    }

    private void show(String a, String b, String c) {
        instruction.setText(a);
        countdown.setText(b);
        detail.setText(c);
    }

    private void begin() {
        guided = GuidedSession.standard();
        guided.start(System.nanoTime() / 1000);
        lastPhase = null;
        GuidedSession g = guided;
        session.setMeasureSink(m -> g.add(m.capturedNanos() / 1000, m.measures(), m.iris(), m.landmarks(), m.camera()));
        start.setEnabled(false);
        close.setText("Cancel");
        timer.start();
        tick();
    }

    private void tick() {
        if (guided == null) return;
        long now = System.nanoTime() / 1000;
        GuidedSession.Prompt p = guided.prompt(now);
        progress.setValue((int) Math.round(p.fractionDone() * 1000));
        if (lastPhase == FacePhase.BLINK && p.phase() != FacePhase.BLINK || p.finished() && lastPhase == FacePhase.BLINK) {
            Toolkit.getDefaultToolkit().beep(); // the eyes were closed: the sound says to open them
        }
        if (p.finished()) {
            finish();
            return;
        }
        lastPhase = p.phase();
        show("<html>" + (p.index() + 1) + "/" + p.count() + ": " + p.phase().instruction() + "</html>",
                p.recording() ? String.format(java.util.Locale.ROOT, "recording… %.0f", Math.ceil(p.secondsLeft())) : "get ready…",
                "face found in " + guided.faces(p.phase()) + " of " + guided.frames(p.phase()) + " frames of this phase");
    }

    private void finish() {
        timer.stop();
        stopFeed();
        GuidedSession g = guided;
        guided = null;
        start.setText("Again");
        start.setEnabled(true);
        close.setText("Close");
        try {
            FaceCalibration c = new FaceCalibrator().calibrate(g.samples());
            try {
                java.nio.file.Files.createDirectories(profileFile.toAbsolutePath().getParent());
            } catch (java.io.IOException e) {
                throw new CalibrationException("cannot create the folder of " + profileFile + ": " + e.getMessage(), e);
            }
            c.profile().save(profileFile);
            StringBuilder ranges = new StringBuilder("<html>");
            for (String line : c.describeRanges()) ranges.append(line).append("<br>");
            for (String w : c.warnings()) ranges.append("<font color='#ffaa3c'>").append(w).append("</font><br>");
            show("Saved: the avatar now follows your calibrated face.", " ", ranges.append("</html>").toString());
            setPreferredSize(null); // grow to show every range
            pack();
            onSaved.accept(profileFile);
        } catch (CalibrationException | IllegalStateException e) {
            show("<html>The calibration did not work: " + e.getMessage() + "</html>", " ", "Your previous profile is kept. Try again?");
        }
    }

    private void stopFeed() {
        timer.stop();
        session.setMeasureSink(null);
    }
}
