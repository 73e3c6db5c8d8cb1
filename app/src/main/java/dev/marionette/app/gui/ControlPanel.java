package dev.marionette.app.gui;

import dev.marionette.app.live.LiveSession;
import dev.marionette.app.live.LiveSnapshot;
import dev.marionette.app.overlay.OverlayPainter;
import dev.marionette.tracking.FaceParams;
import dev.marionette.tracking.capture.VideoFrame;
import dev.marionette.tracking.geometry.CameraIntrinsics;
import dev.marionette.tracking.params.Blendshape;
import java.awt.BorderLayout;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.GridBagConstraints;
import java.awt.GridBagLayout;
import java.awt.Insets;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javax.swing.BorderFactory;
import javax.swing.Box;
import javax.swing.BoxLayout;
import javax.swing.JButton;
import javax.swing.JComboBox;
import javax.swing.JComponent;
import javax.swing.JFrame;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JProgressBar;
import javax.swing.JScrollPane;
import javax.swing.JSpinner;
import javax.swing.JToggleButton;
import javax.swing.SpinnerNumberModel;

/**
 * The control panel: camera preview with the landmarks, the input and avatar choices, live
 * meters (head pose, blinks, gaze, the named coefficients), the performance line, outputs
 * (recording, virtual camera, background, frame-rate cap) and warnings. Built and updated on
 * the event thread only; it reads the session's thread-safe snapshot.
 */
public final class ControlPanel extends JFrame {
    /** What the user asks for; the app acts on these. */
    public interface Actions {
        void chooseInput(String input);

        /** Resolution "1280x720" or null for the camera's default; frame rate, 0 for its default. */
        void chooseCameraMode(String resolution, double fps);

        void openAvatar();

        void calibrateFace();

        void clearProfile();

        /** Camera intrinsics from a printed checkerboard shown to the running camera. */
        void calibrateCamera();

        void clearCamera();

        void newAvatarFromPhoto();

        void useDefaultAvatar();

        void toggleRecording(boolean on);

        void toggleVirtualCamera(boolean on);

        void setBackground(String name);

        void setFpsCap(double cap);
    }

    private final PreviewPanel preview = new PreviewPanel();
    private final JLabel inputNote = new JLabel(" ");
    private final JLabel avatarLabel = new JLabel("Avatar: default");
    private final JLabel profileLabel = new JLabel("Face profile: none (adapts to your neutral face as you go)");
    private final JLabel cameraLabel = new JLabel(CAMERA_NONE);
    private static final String CAMERA_NONE = "Camera: typical webcam field of view (not calibrated)";
    private final JLabel pose = new JLabel("yaw –  pitch –  roll –");
    private final JLabel gaze = new JLabel("gaze –");
    private final JProgressBar blinkLeft = meter(), blinkRight = meter();
    private final Map<Blendshape, JProgressBar> shapes = new EnumMap<>(Blendshape.class);
    private final JLabel performance = new JLabel("starting…");
    private final JLabel status = new JLabel(" ");
    private final JLabel warning = new JLabel(" ");
    final JComboBox<String> inputs = new JComboBox<>();
    final JToggleButton record = new JToggleButton("Record");
    final JToggleButton virtualCamera = new JToggleButton("Virtual camera");

    public ControlPanel(List<String> inputChoices, String selectedInput, GuiSettings settings, Actions actions) {
        super("Marionette");
        setDefaultCloseOperation(JFrame.DO_NOTHING_ON_CLOSE);
        JPanel root = new JPanel(new BorderLayout(8, 8));
        root.setBorder(BorderFactory.createEmptyBorder(8, 8, 8, 8));
        preview.setPreferredSize(new Dimension(400, 300));
        root.add(preview, BorderLayout.CENTER);

        JPanel side = new JPanel();
        side.setLayout(new BoxLayout(side, BoxLayout.Y_AXIS));
        side.add(section("Camera", inputRow(inputChoices, selectedInput, settings, actions), inputNote));
        side.add(section("Avatar", avatarLabel, avatarRow(actions)));
        JPanel calibration = new JPanel();
        calibration.add(button("Calibrate face…", actions::calibrateFace));
        calibration.add(button("No profile", actions::clearProfile));
        JPanel cameraCalibration = new JPanel();
        cameraCalibration.add(button("Calibrate camera…", actions::calibrateCamera));
        cameraCalibration.add(button("Default camera", actions::clearCamera));
        side.add(section("Calibration", profileLabel, calibration, cameraLabel, cameraCalibration));
        side.add(section("Head and eyes", pose, gaze, labelled("blink L", blinkLeft), labelled("blink R", blinkRight)));
        side.add(section("Outputs", outputsRow(settings, actions)));
        side.add(Box.createVerticalGlue());
        root.add(side, BorderLayout.EAST);

        JPanel coefficients = new JPanel(new GridBagLayout());
        GridBagConstraints c = new GridBagConstraints();
        c.insets = new Insets(1, 4, 1, 4);
        int row = 0;
        for (Blendshape b : Blendshape.values()) {
            JProgressBar bar = meter();
            shapes.put(b, bar);
            c.gridx = (row % 2) * 2;
            c.gridy = row / 2;
            c.anchor = GridBagConstraints.WEST;
            JLabel name = new JLabel(b.arkitName());
            name.setFont(name.getFont().deriveFont(11f));
            coefficients.add(name, c);
            c.gridx++;
            coefficients.add(bar, c);
            row++;
        }
        JScrollPane scroll = new JScrollPane(coefficients);
        scroll.setPreferredSize(new Dimension(400, 170));
        scroll.setBorder(BorderFactory.createTitledBorder("Expression"));

        JPanel bottom = new JPanel(new BorderLayout());
        bottom.add(scroll, BorderLayout.CENTER);
        JPanel lines = new JPanel(new BorderLayout());
        performance.setFont(new Font(Font.MONOSPACED, Font.PLAIN, 12));
        warning.setForeground(new Color(255, 170, 60));
        lines.add(performance, BorderLayout.NORTH);
        lines.add(status, BorderLayout.CENTER);
        lines.add(warning, BorderLayout.SOUTH);
        bottom.add(lines, BorderLayout.SOUTH);
        root.add(bottom, BorderLayout.SOUTH);
        setContentPane(root);
        pack();
        if (settings.bounds() != null) setBounds(settings.bounds()[0], settings.bounds()[1], settings.bounds()[2], settings.bounds()[3]);
    }

    /** The face profile in use: a path, or null for none. */
    void setProfileName(String file) {
        profileLabel.setText(file == null ? "Face profile: none (adapts to your neutral face as you go)"
                : "Face profile: " + java.nio.file.Path.of(file).getFileName());
        profileLabel.setToolTipText(file);
    }

    void setCameraName(String file) {
        cameraLabel.setText(file == null ? CAMERA_NONE : "Camera: calibrated (" + java.nio.file.Path.of(file).getFileName() + ")");
        cameraLabel.setToolTipText(file);
    }

    static final String CAMERA_DEFAULT = "camera default";
    final JComboBox<String> resolution = new JComboBox<>(new String[] {CAMERA_DEFAULT, "640x480", "1280x720", "1920x1080"});
    final JComboBox<String> cameraFps = new JComboBox<>(new String[] {CAMERA_DEFAULT, "15", "30", "60"});

    private JComponent inputRow(List<String> choices, String selected, GuiSettings settings, Actions actions) {
        for (String s : choices) inputs.addItem(s);
        inputs.setSelectedItem(selected);
        inputs.addActionListener(e -> actions.chooseInput((String) inputs.getSelectedItem()));
        resolution.setSelectedItem(settings.resolution() == null ? CAMERA_DEFAULT : settings.resolution());
        cameraFps.setSelectedItem(settings.cameraFps() > 0 ? String.valueOf(Math.round(settings.cameraFps())) : CAMERA_DEFAULT);
        resolution.setToolTipText("What to ask the camera for; it may pick the nearest mode it has (the status line says which)");
        cameraFps.setToolTipText("Frames per second to ask the camera for");
        java.awt.event.ActionListener mode = e -> {
            String r = (String) resolution.getSelectedItem();
            String f = (String) cameraFps.getSelectedItem();
            actions.chooseCameraMode(CAMERA_DEFAULT.equals(r) ? null : r, CAMERA_DEFAULT.equals(f) ? 0 : Double.parseDouble(f));
        };
        resolution.addActionListener(mode);
        cameraFps.addActionListener(mode);
        JPanel p = new JPanel(new GridBagLayout());
        GridBagConstraints c = new GridBagConstraints();
        c.insets = new Insets(2, 2, 2, 2);
        c.fill = GridBagConstraints.HORIZONTAL;
        c.gridwidth = 2;
        p.add(inputs, c);
        c.gridwidth = 1;
        c.gridy = 1;
        p.add(resolution, c);
        c.gridx = 1;
        p.add(cameraFps, c);
        return p;
    }

    /** Camera modes apply to webcams only: files and the demo play as they are. */
    void setCameraModeEnabled(boolean on) {
        resolution.setEnabled(on);
        cameraFps.setEnabled(on);
    }

    private JComponent avatarRow(Actions actions) {
        JPanel row = new JPanel();
        row.add(button("Default", actions::useDefaultAvatar));
        row.add(button("Open…", actions::openAvatar));
        row.add(button("New from photo…", actions::newAvatarFromPhoto));
        return row;
    }

    private JComponent outputsRow(GuiSettings settings, Actions actions) {
        JPanel p = new JPanel(new GridBagLayout());
        GridBagConstraints c = new GridBagConstraints();
        c.insets = new Insets(2, 2, 2, 2);
        c.anchor = GridBagConstraints.WEST;
        record.addActionListener(e -> actions.toggleRecording(record.isSelected()));
        virtualCamera.addActionListener(e -> actions.toggleVirtualCamera(virtualCamera.isSelected()));
        p.add(record, c);
        c.gridx = 1;
        p.add(virtualCamera, c);
        c.gridx = 0;
        c.gridy = 1;
        p.add(new JLabel("Background"), c);
        JComboBox<String> background = new JComboBox<>(new String[] {"dark", "green", "blue", "transparent"});
        background.setSelectedItem(settings.background());
        background.setToolTipText("green or blue: a key colour for window capture (OBS chroma key); transparent: "
                + "the window shows what is behind it (needs a compositing desktop; OBS: allow transparency in the capture)");
        background.addActionListener(e -> actions.setBackground((String) background.getSelectedItem()));
        c.gridx = 1;
        p.add(background, c);
        c.gridx = 0;
        c.gridy = 2;
        p.add(new JLabel("Frame cap (0 = off)"), c);
        JSpinner cap = new JSpinner(new SpinnerNumberModel(settings.fpsCap(), 0, 240, 5));
        cap.addChangeListener(e -> actions.setFpsCap(((Number) cap.getValue()).doubleValue()));
        c.gridx = 1;
        p.add(cap, c);
        return p;
    }

    private static JButton button(String text, Runnable action) {
        JButton b = new JButton(text);
        b.addActionListener(e -> action.run());
        return b;
    }

    private static JProgressBar meter() {
        JProgressBar bar = new JProgressBar(0, 1000);
        bar.setPreferredSize(new Dimension(110, 10));
        return bar;
    }

    private static JComponent labelled(String text, JComponent c) {
        JPanel p = new JPanel(new BorderLayout(6, 0));
        JLabel l = new JLabel(text);
        l.setPreferredSize(new Dimension(52, 14));
        p.add(l, BorderLayout.WEST);
        p.add(c, BorderLayout.CENTER);
        return p;
    }

    private static JComponent section(String title, JComponent... parts) {
        JPanel p = new JPanel();
        p.setLayout(new BoxLayout(p, BoxLayout.Y_AXIS));
        p.setBorder(BorderFactory.createTitledBorder(title));
        for (JComponent part : parts) {
            part.setAlignmentX(0f);
            p.add(part);
        }
        p.setAlignmentX(0f);
        return p;
    }

    /** A note under the camera choice ("no webcam found: the demo input plays"). */
    public void setInputNote(String note) {
        inputNote.setText(note == null || note.isBlank() ? " " : note);
    }

    public void setAvatarName(String name) {
        avatarLabel.setText("Avatar: " + name);
    }

    /** Refreshes everything from the session (event thread). */
    public void refresh(LiveSession session) {
        if (session == null) return;
        VideoFrame frame = session.latestFrame();
        FaceParams params = session.latestParams();
        preview.show(frame, params);
        if (params != null) {
            pose.setText(params.face()
                    ? String.format("yaw %+5.1f  pitch %+5.1f  roll %+5.1f", params.pose().yawDeg(), params.pose().pitchDeg(), params.pose().rollDeg())
                    : "no face: easing to neutral");
            blinkLeft.setValue(Math.round(params.blink().left() * 1000));
            blinkRight.setValue(Math.round(params.blink().right() * 1000));
            gaze.setText(params.gaze() == null ? "gaze –" : String.format("gaze L %+.0f/%+.0f  R %+.0f/%+.0f",
                    params.gaze().left().yawDeg(), params.gaze().left().pitchDeg(), params.gaze().right().yawDeg(), params.gaze().right().pitchDeg()));
            for (Blendshape b : Blendshape.values()) shapes.get(b).setValue(Math.round(params.blendshapes().get(b) * 1000));
        }
        LiveSnapshot s = session.snapshot();
        String noAvatar = session.avatarProblem();
        performance.setText(noAvatar != null
                ? String.format("%.0f frames/s tracked   track %.1f ms", s.fps(), s.trackMs())
                : String.format("%.0f frames/s   render %.1f ms   track %.1f ms   capture→present %.0f / %.0f ms (p50/p99)%s",
                        s.fps(), s.renderMs(), s.trackMs(), s.latencyP50Ms(), s.latencyP99Ms(), s.recording() ? "   ● REC" : ""));
        status.setText(s.status());
        if (System.nanoTime() < problemUntil) return;
        // Without an avatar the reason stays up; it outranks the light warning.
        warning.setText(noAvatar != null ? noAvatar
                : s.lowLight() ? "Low light: the camera image is dark or its frame rate dropped — add light for better tracking" : " ");
    }

    private long problemUntil;

    /** Shows an output failure in the warning line for a few seconds (it outranks the light warning). */
    void showProblem(String text) {
        warning.setText(text);
        problemUntil = System.nanoTime() + 8_000_000_000L;
    }

    /** The camera image with the tracker's landmarks, axes and gaze drawn over it. */
    static final class PreviewPanel extends JComponent {
        private final OverlayPainter painter = new OverlayPainter();
        private BufferedImage image;
        private long shownIndex = -1;

        void show(VideoFrame frame, FaceParams params) {
            if (frame == null || frame.index() == shownIndex) return;
            shownIndex = frame.index();
            BufferedImage img = frame.image().toBufferedImage();
            if (params != null) painter.paint(img, params, CameraIntrinsics.defaultFor(img.getWidth(), img.getHeight()));
            image = img;
            repaint();
        }

        @Override
        protected void paintComponent(Graphics g) {
            Graphics2D g2 = (Graphics2D) g;
            g2.setColor(Color.BLACK);
            g2.fillRect(0, 0, getWidth(), getHeight());
            if (image == null) {
                g2.setColor(Color.GRAY);
                g2.drawString("waiting for the camera…", 20, 30);
                return;
            }
            g2.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            double scale = Math.min((double) getWidth() / image.getWidth(), (double) getHeight() / image.getHeight());
            int w = (int) (image.getWidth() * scale), h = (int) (image.getHeight() * scale);
            g2.drawImage(image, (getWidth() - w) / 2, (getHeight() - h) / 2, w, h, null);
        }
    }
}
