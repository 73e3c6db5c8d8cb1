package dev.marionette.app.gui;

import dev.marionette.app.live.LiveSession;
import dev.marionette.calibration.CalibrationException;
import dev.marionette.calibration.camera.CameraCalibration;
import dev.marionette.calibration.camera.CameraCalibrator;
import dev.marionette.calibration.camera.Checkerboard;
import dev.marionette.calibration.camera.LiveBoardSession;
import java.awt.BorderLayout;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.FlowLayout;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;
import javax.swing.BorderFactory;
import javax.swing.BoxLayout;
import javax.swing.JButton;
import javax.swing.JDialog;
import javax.swing.JFrame;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JProgressBar;
import javax.swing.JTextField;
import javax.swing.SwingUtilities;
import javax.swing.Timer;

/**
 * The camera calibration wizard: the person shows a printed checkerboard to the running
 * camera in many positions; views are collected live ({@link LiveBoardSession}) with the count
 * and image coverage shown, then the intrinsics are solved, saved atomically, and the app
 * tracks with them (metric head translation). Everything runs on the event thread except the
 * frame feed (the session's tracking thread) and the board search and solve (worker threads).
 */
final class CameraCalibrationDialog extends JDialog {
    static final int WANTED_VIEWS = 20;

    private final LiveSession session;
    private final Path cameraFile;
    private final Consumer<Path> onSaved;
    private final JTextField boardField = new JTextField("9x6", 6);
    private final JTextField squareField = new JTextField("25", 4);
    private final JLabel instruction = new JLabel(" ");
    private final JLabel counts = new JLabel(" ");
    private final JLabel detail = new JLabel(" ");
    private final JProgressBar progress = new JProgressBar(0, WANTED_VIEWS);
    private final JButton start = new JButton("Start");
    private final JButton solve = new JButton("Solve and save");
    private final JButton close = new JButton("Cancel");
    private final Timer timer = new Timer(200, e -> tick());
    private LiveBoardSession boards;

    CameraCalibrationDialog(JFrame owner, LiveSession session, boolean notACamera, Path cameraFile, Consumer<Path> onSaved) {
        super(owner, "Camera calibration", false);
        this.session = session;
        this.cameraFile = cameraFile;
        this.onSaved = onSaved;
        setDefaultCloseOperation(DISPOSE_ON_CLOSE);
        addWindowListener(new WindowAdapter() {
            @Override public void windowClosed(WindowEvent e) {
                stopFeed();
            }
        });
        instruction.setFont(instruction.getFont().deriveFont(Font.BOLD, 14f));
        counts.setFont(counts.getFont().deriveFont(Font.BOLD, 18f));
        JPanel settings = new JPanel(new FlowLayout(FlowLayout.LEFT, 6, 2));
        settings.add(new JLabel("Inner corners"));
        settings.add(boardField);
        settings.add(new JLabel("square side, mm"));
        settings.add(squareField);
        boardField.setToolTipText("Where four squares meet, across and down: a board of 10x7 squares has 9x6");
        squareField.setToolTipText("Measure a printed square: head translation is then in real millimetres");
        JPanel text = new JPanel();
        text.setLayout(new BoxLayout(text, BoxLayout.Y_AXIS));
        for (JLabel l : new JLabel[] {instruction, counts, detail}) {
            l.setAlignmentX(0f);
            text.add(l);
        }
        settings.setAlignmentX(0f);
        settings.setMaximumSize(settings.getPreferredSize());
        text.add(settings, 0);
        JPanel buttons = new JPanel();
        buttons.add(start);
        buttons.add(solve);
        buttons.add(close);
        solve.setEnabled(false);
        start.addActionListener(e -> begin());
        solve.addActionListener(e -> finish());
        close.addActionListener(e -> dispose());
        progress.setStringPainted(true);
        progress.setString("0 views");
        JPanel root = new JPanel(new BorderLayout(8, 8));
        root.setBorder(BorderFactory.createEmptyBorder(12, 12, 12, 12));
        root.add(text, BorderLayout.NORTH);
        JPanel south = new JPanel(new BorderLayout(4, 4));
        south.add(progress, BorderLayout.NORTH);
        south.add(buttons, BorderLayout.SOUTH);
        root.add(south, BorderLayout.SOUTH);
        setContentPane(root);
        show("<html>Print a checkerboard, tape it flat, and show the whole board to the camera in many positions: "
                        + "near each edge and corner, tilted up to about 45°.</html>",
                " ", notACamera ? "<html><font color='#ffaa3c'>The input is not a webcam: pick your camera first "
                        + "(a video of the board works too).</font></html>" : "The calibration is saved to " + cameraFile);
        setPreferredSize(new Dimension(640, 270));
        pack();
        setLocationRelativeTo(owner);
    }

    private void show(String a, String b, String c) {
        instruction.setText(a);
        counts.setText(b);
        detail.setText(c);
    }

    private void begin() {
        Checkerboard board;
        try {
            board = Checkerboard.parse(boardField.getText().trim(), Double.parseDouble(squareField.getText().trim()));
        } catch (NumberFormatException e) {
            show(instruction.getText(), " ", "<html><font color='#ffaa3c'>The square size must be a number of millimetres.</font></html>");
            return;
        } catch (CalibrationException | IllegalArgumentException e) {
            show(instruction.getText(), " ", "<html><font color='#ffaa3c'>" + e.getMessage() + "</font></html>");
            return;
        }
        stopFeed();
        LiveBoardSession b = new LiveBoardSession(board, CameraCalibrator.Settings.DEFAULT, WANTED_VIEWS);
        boards = b;
        session.setFrameSink(b::offer);
        boardField.setEnabled(false);
        squareField.setEnabled(false);
        start.setText("Restart");
        close.setText("Cancel");
        timer.start();
        tick();
    }

    private void tick() {
        LiveBoardSession b = boards;
        if (b == null) return;
        LiveBoardSession.Progress p = b.progress();
        progress.setValue(p.views());
        progress.setString(p.views() + " of " + p.wantedViews() + " views");
        solve.setEnabled(p.solvable());
        if (p.problem() != null) {
            show("The calibration stopped.", " ", "<html><font color='#ffaa3c'>" + p.problem() + "</font></html>");
            stopFeed();
            return;
        }
        String hint = p.views() >= p.wantedViews() ? "Enough views: solve and save."
                : p.coverage() < 0.35 && p.views() >= 4 ? "Move the board towards the edges and corners of the picture."
                : p.last() == CameraCalibrator.Outcome.DUPLICATE ? "Move or tilt the board to a new position."
                : p.last() == CameraCalibrator.Outcome.NO_BOARD ? "Looking for the board: the whole board must be in view."
                : "Keep moving the board: tilt it, bring it nearer and farther.";
        show(hint, String.format(Locale.ROOT, "%d views · image covered %.0f%%", p.views(), 100 * p.coverage()),
                String.format(Locale.ROOT, "<html>board found in %d of %d frames searched (%d frames from the camera)%s</html>",
                        p.framesWithBoard(), p.framesSearched(), p.framesSeen(),
                        p.solvable() ? "" : "; at least " + p.minViews() + " views are needed"));
        if (p.complete()) {
            session.setFrameSink(null);
            timer.stop();
        }
    }

    private void finish() {
        LiveBoardSession b = boards;
        if (b == null) return;
        stopFeed();
        solve.setEnabled(false);
        start.setEnabled(false);
        show("Solving…", " ", " ");
        Thread worker = new Thread(() -> {
            try {
                CameraCalibration c = b.solve();
                Files.createDirectories(cameraFile.toAbsolutePath().getParent());
                c.save(cameraFile);
                SwingUtilities.invokeLater(() -> {
                    String coverage = c.coverage() < 0.35 ? "<br><font color='#ffaa3c'>The board covered only "
                            + Math.round(100 * c.coverage()) + "% of the picture: the lens distortion may be off.</font>" : "";
                    show("Saved: head translation is now in millimetres for this camera.", " ",
                            "<html><div style='width:520px'>" + c.summary() + coverage + "</div></html>");
                    done();
                    onSaved.accept(cameraFile);
                });
            } catch (CalibrationException | java.io.IOException | java.io.UncheckedIOException e) {
                SwingUtilities.invokeLater(() -> {
                    show("<html>The calibration did not work: " + e.getMessage() + "</html>", " ",
                            "The previous calibration (if any) is kept. Try again with more, more varied views?");
                    done();
                });
            }
        }, "marionette-camera-solve");
        worker.setDaemon(true);
        worker.start();
    }

    private void done() {
        boards = null;
        start.setText("Again");
        start.setEnabled(true);
        boardField.setEnabled(true);
        squareField.setEnabled(true);
        close.setText("Close");
        pack();
    }

    private void stopFeed() {
        timer.stop();
        session.setFrameSink(null);
        LiveBoardSession b = boards;
        if (b != null && !isDisplayable()) b.close();
    }
}
