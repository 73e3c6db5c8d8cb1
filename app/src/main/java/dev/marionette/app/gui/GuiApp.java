package dev.marionette.app.gui;

import com.formdev.flatlaf.FlatDarkLaf;
import dev.marionette.app.live.LiveOptions;
import dev.marionette.app.live.LiveSession;
import dev.marionette.app.live.LiveStats;
import dev.marionette.calibration.CalibrationException;
import dev.marionette.calibration.camera.CameraCalibration;
import dev.marionette.calibration.face.FaceProfile;
import dev.marionette.models.avatar.Avatar;
import dev.marionette.models.avatar.AvatarBuilder;
import dev.marionette.models.avatar.AvatarFile;
import dev.marionette.models.avatar.DefaultAvatar;
import dev.marionette.tracking.TrackerOptions;
import dev.marionette.tracking.capture.CameraInfo;
import dev.marionette.tracking.capture.CaptureOptions;
import dev.marionette.tracking.capture.FrameSource;
import dev.marionette.tracking.capture.FrameSources;
import dev.marionette.tracking.image.RgbImage;
import java.awt.Rectangle;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.imageio.ImageIO;
import javax.swing.JFileChooser;
import javax.swing.JOptionPane;
import javax.swing.ProgressMonitor;
import javax.swing.SwingUtilities;
import javax.swing.Timer;

/**
 * The desktop app: the Swing control panel (FlatLaf) and the Vulkan presenter window showing
 * the avatar live. The panel lives on the event thread; the live session (capture, tracking,
 * rendering and the window) on its own threads; they talk through the session's thread-safe
 * snapshot and requests. Closing either window shuts everything down.
 */
public final class GuiApp implements ControlPanel.Actions {
    static final String DEMO = "demo";

    /** How the app is started. */
    public record Options(String input, int size, long quitAfterFrames, Path screenshots, Path settingsFile) {}

    private final Options options;
    private final PrintWriter log;
    private GuiSettings settings;
    private ControlPanel panel;
    private volatile LiveSession session;
    private Thread renderThread;
    private String input;
    private Avatar avatar;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile String failure;
    private int screenshotsTaken;

    public GuiApp(Options options, PrintWriter log) {
        this.options = options;
        this.log = log;
    }

    /** Runs until the user closes a window; returns the exit status. */
    public int run() throws Exception {
        settings = GuiSettings.load(options.settingsFile());
        List<CameraInfo> cameras = FrameSources.cameras();
        List<String> choices = new ArrayList<>();
        for (CameraInfo c : cameras) choices.add(String.valueOf(c.index()));
        choices.add(DEMO);
        input = options.input() != null ? options.input()
                : settings.input() != null && (choices.contains(settings.input()) || Files.exists(Path.of(settings.input()))) ? settings.input()
                : cameras.isEmpty() ? DEMO : "0";
        if (!choices.contains(input)) choices.add(input);
        String note = cameras.isEmpty() && DEMO.equals(input)
                ? "No webcam found: the demo input plays (the bundled portrait, moving)." : null;
        avatar = settings.avatar() != null && Files.isRegularFile(Path.of(settings.avatar()))
                ? AvatarFile.load(Path.of(settings.avatar())) : DefaultAvatar.get();

        FlatDarkLaf.setup();
        SwingUtilities.invokeAndWait(() -> {
            panel = new ControlPanel(choices, input, settings, this);
            panel.setInputNote(note);
            panel.setAvatarName(avatar.name());
            panel.setProfileName(settings.profile());
            panel.setCameraName(settings.camera());
            panel.setCameraModeEnabled(isWebcam(input));
            panel.addWindowListener(new WindowAdapter() {
                @Override public void windowClosing(WindowEvent e) {
                    close();
                }
            });
            panel.setVisible(true);
            new Timer(100, e -> tick()).start();
        });
        startSession();
        closed.await();
        SwingUtilities.invokeAndWait(() -> panel.dispose());
        try {
            settings.save(options.settingsFile());
        } catch (IOException e) {
            log.println("marionette: cannot save settings: " + e.getMessage());
        }
        if (failure != null) {
            log.println("marionette: " + failure);
            return 1;
        }
        return 0;
    }

    private void tick() {
        LiveSession s = session;
        panel.refresh(s);
        String problem = s == null ? null : s.outputProblem();
        if (problem != null) {
            // The failed output is already closed: show why and put its switch back.
            log.println("marionette: " + problem);
            log.flush();
            panel.virtualCamera.setSelected(s.virtualCameraOn());
            if (problem.startsWith("cannot record")) panel.record.setSelected(false);
            panel.showProblem(problem);
        }
        if (checkTransparency && s != null && !restarting && s.windowTransparent() != null) {
            checkTransparency = false;
            if (!s.windowTransparent()) showTransparencyProblem(s);
        }
        if (s != null && options.screenshots() != null) screenshots(s);
    }

    /** For scripted runs: two pairs of screenshots (window and panel), then quit. */
    private void screenshots(LiveSession s) {
        long frames = s.snapshot().fps() > 0 ? framesSoFar(s) : 0;
        long half = options.quitAfterFrames() / 2;
        if (screenshotsTaken == 0 && frames >= half) shoot(s, 1);
        else if (screenshotsTaken == 1 && s.windowCapture() != null && frames >= options.quitAfterFrames()) shoot(s, 2);
        else if (screenshotsTaken == 2 && s.windowCapture() != captured1) {
            screenshotsTaken = 3;  // once: a second write could be cut short by the exit that close() starts
            write(s.windowCapture(), "presenter-2.png");
            close();
        }
    }

    private Object captured1;

    private void shoot(LiveSession s, int k) {
        try {
            Files.createDirectories(options.screenshots());
            BufferedImage img = new BufferedImage(panel.getContentPane().getWidth(), panel.getContentPane().getHeight(), BufferedImage.TYPE_INT_RGB);
            panel.getContentPane().paintAll(img.getGraphics());
            ImageIO.write(img, "png", options.screenshots().resolve("panel-" + k + ".png").toFile());
        } catch (IOException e) {
            failure = "cannot write a screenshot: " + e.getMessage();
            close();
            return;
        }
        if (k == 1) {
            s.requestWindowCapture();
            screenshotsTaken = 1;
        } else {
            captured1 = s.windowCapture();
            write(s.windowCapture(), "presenter-1.png");
            s.requestWindowCapture();
            screenshotsTaken = 2;
        }
    }

    private void write(RgbImage img, String name) {
        try {
            ImageIO.write(img.toBufferedImage(), "png", options.screenshots().resolve(name).toFile());
        } catch (IOException e) {
            failure = "cannot write a screenshot: " + e.getMessage();
        }
    }

    private long framesSoFar(LiveSession s) {
        return s.renderedFrames();
    }

    /**
     * The tracker's options: the saved face profile and camera calibration when they are
     * readable (the tracker scales the calibrated intrinsics to the frames' size).
     */
    private TrackerOptions trackerOptions() {
        TrackerOptions t = TrackerOptions.defaults();
        if (settings.profile() != null) {
            try {
                t = FaceProfile.load(Path.of(settings.profile())).applyTo(t);
            } catch (CalibrationException e) {
                notUsed("Face profile", e.getMessage());
            }
        }
        if (settings.camera() != null) {
            try {
                t = t.withCamera(CameraCalibration.load(Path.of(settings.camera())).intrinsics());
            } catch (CalibrationException e) {
                notUsed("Camera calibration", e.getMessage());
            }
        }
        return t;
    }

    private void notUsed(String what, String why) {
        log.println("marionette: " + what.toLowerCase(java.util.Locale.ROOT) + " not used: " + why);
        log.flush();
        SwingUtilities.invokeLater(() -> panel.showProblem(what + " not used: " + why));
    }

    private void startSession() {
        LiveOptions o = new LiveOptions(input, settings.captureOptions(), trackerOptions(), options.size(), settings.fpsCap(),
                0, null, null, true, !isCamera(input), null, null);
        LiveSession s = new LiveSession(o, log, (spec, capture) -> DEMO.equals(spec) ? new DemoSource() : openInput(spec, capture));
        s.setAvatar(avatar);
        // Without Vulkan the panel still tracks (preview, meters, calibration) and says why there is no avatar.
        s.setTrackWithoutAvatar(true);
        if (settings.windowSize() != null) s.setInitialWindowSize(settings.windowSize()[0], settings.windowSize()[1]);
        applyBackground(s, settings.background());
        session = s;
        renderThread = new Thread(() -> {
            try {
                LiveStats stats = s.run();
                log.println("marionette: " + stats.toJson());
            } catch (RuntimeException e) {
                if (!closing.get()) failure = e.getMessage() == null ? e.toString() : e.getMessage();
            } finally {
                // The presenter window was closed (or the input failed): the app ends with it.
                if (session == s && !restarting) close();
            }
        }, "marionette-render");
        renderThread.start();
    }

    private volatile boolean restarting;

    private static FrameSource openInput(String spec, CaptureOptions capture) {
        return FrameSources.open(spec, capture);
    }

    private static boolean isCamera(String spec) {
        return spec.matches("\\d+") || spec.startsWith("/dev/") || DEMO.equals(spec);
    }

    private void stopSession() {
        LiveSession s = session;
        if (s == null) return;
        int[] size = s.windowSize();
        if (size != null) settings = settings.withWindowSize(size);
        s.stop();
        try {
            renderThread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void close() {
        if (!closing.compareAndSet(false, true)) return;
        Thread closer = new Thread(() -> {
            stopSession();
            if (panel != null) {
                Rectangle b = panel.getBounds();
                settings = settings.withBounds(new int[] {b.x, b.y, b.width, b.height});
            }
            closed.countDown();
        }, "marionette-close");
        closer.start();
    }

    // ---- actions from the panel (event thread) ----

    @Override
    public void chooseInput(String next) {
        if (next == null || next.equals(input)) return;
        input = next;
        settings = settings.withInput(next);
        restartSession();
        panel.setInputNote(DEMO.equals(next) ? "The demo input plays (the bundled portrait, moving)." : null);
        panel.setCameraModeEnabled(isWebcam(next));
    }

    @Override
    public void chooseCameraMode(String resolution, double fps) {
        if (java.util.Objects.equals(resolution, settings.resolution()) && fps == settings.cameraFps()) return;
        settings = settings.withCameraMode(resolution, fps);
        if (isWebcam(input)) restartSession();
    }

    private static boolean isWebcam(String spec) {
        return isCamera(spec) && !DEMO.equals(spec);
    }

    /** Stops the session and starts a new one with the current input and settings (off the event thread). */
    private void restartSession() {
        restarting = true;
        new Thread(() -> {
            stopSession();
            restarting = false;
            if (!closing.get()) startSession();
        }, "marionette-restart").start();
    }

    @Override
    public void calibrateFace() {
        LiveSession s = session;
        if (s == null) return;
        Path file = options.settingsFile().resolveSibling("face-profile.json");
        new FaceCalibrationDialog(panel, s, file, saved -> useProfile(saved.toString())).setVisible(true);
    }

    @Override
    public void clearProfile() {
        useProfile(null);
    }

    @Override
    public void calibrateCamera() {
        LiveSession s = session;
        if (s == null) return;
        Path file = options.settingsFile().resolveSibling("camera.json");
        new CameraCalibrationDialog(panel, s, !isCamera(input), file, saved -> useCamera(saved.toString())).setVisible(true);
    }

    @Override
    public void clearCamera() {
        useCamera(null);
    }

    private void useCamera(String file) {
        settings = settings.withCamera(file);
        panel.setCameraName(file);
        restartSession();
    }

    private void useProfile(String file) {
        settings = settings.withProfile(file);
        panel.setProfileName(file);
        restartSession();
    }

    @Override
    public void openAvatar() {
        JFileChooser chooser = new JFileChooser();
        chooser.setDialogTitle("Open avatar (.mavatar)");
        if (chooser.showOpenDialog(panel) != JFileChooser.APPROVE_OPTION) return;
        Path file = chooser.getSelectedFile().toPath();
        try {
            useAvatar(AvatarFile.load(file), file.toString());
        } catch (RuntimeException e) {
            JOptionPane.showMessageDialog(panel, e.getMessage(), "Cannot open avatar", JOptionPane.ERROR_MESSAGE);
        }
    }

    @Override
    public void newAvatarFromPhoto() {
        JFileChooser chooser = new JFileChooser();
        chooser.setDialogTitle("Portrait photo");
        if (chooser.showOpenDialog(panel) != JFileChooser.APPROVE_OPTION) return;
        Path photo = chooser.getSelectedFile().toPath();
        Path out = photo.resolveSibling(photo.getFileName().toString().replaceAll("\\.[^.]*$", "") + ".mavatar");
        ProgressMonitor monitor = new ProgressMonitor(panel, "Building an avatar from " + photo.getFileName(), "", 0, 100);
        monitor.setMillisToDecideToPopup(0);
        monitor.setMillisToPopup(0);
        new Thread(() -> {
            try {
                RgbImage image;
                try (FrameSource s = FrameSources.open(photo.toString(), CaptureOptions.DEFAULT)) {
                    image = s.next().image();
                }
                Avatar built = new AvatarBuilder().onProgress((stage, fraction) -> {
                    if (monitor.isCanceled()) throw new CancellationException("cancelled");
                    SwingUtilities.invokeLater(() -> {
                        monitor.setProgress((int) Math.round(fraction * 100));
                        monitor.setNote(stage);
                    });
                }).build(image, photo.getFileName().toString(), photo.getFileName().toString(), "");
                AvatarFile.save(built, out);
                SwingUtilities.invokeLater(() -> {
                    monitor.close();
                    useAvatar(built, out.toString());
                });
            } catch (CancellationException e) {
                SwingUtilities.invokeLater(monitor::close);
            } catch (Exception e) {
                SwingUtilities.invokeLater(() -> {
                    monitor.close();
                    JOptionPane.showMessageDialog(panel, e.getMessage(), "Cannot build an avatar", JOptionPane.ERROR_MESSAGE);
                });
            }
        }, "marionette-avatar-builder").start();
    }

    @Override
    public void useDefaultAvatar() {
        useAvatar(DefaultAvatar.get(), null);
    }

    private void useAvatar(Avatar next, String path) {
        avatar = next;
        settings = settings.withAvatar(path);
        panel.setAvatarName(next.name());
        LiveSession s = session;
        if (s != null) s.setAvatar(next);
    }

    @Override
    public void toggleRecording(boolean on) {
        LiveSession s = session;
        if (s == null) return;
        if (!on) {
            s.setRecording(null);
            return;
        }
        JFileChooser chooser = new JFileChooser();
        chooser.setDialogTitle("Record to (MP4)");
        chooser.setSelectedFile(Path.of("marionette-recording.mp4").toFile());
        if (chooser.showSaveDialog(panel) == JFileChooser.APPROVE_OPTION) {
            s.setRecording(chooser.getSelectedFile().toPath());
        } else {
            panel.record.setSelected(false);
        }
    }

    @Override
    public void toggleVirtualCamera(boolean on) {
        LiveSession s = session;
        if (s == null) {
            panel.virtualCamera.setSelected(false);
            return;
        }
        if (!on) {
            s.setVirtualCamera(null);
            return;
        }
        List<String> devices = LiveSession.loopbackDevices();
        if (devices.isEmpty()) {
            panel.virtualCamera.setSelected(false);
            JOptionPane.showMessageDialog(panel, "No v4l2loopback device found. Create one with:\n"
                    + "sudo modprobe v4l2loopback video_nr=10 card_label=Marionette exclusive_caps=1\n"
                    + "and switch the virtual camera on again.", "Virtual camera", JOptionPane.INFORMATION_MESSAGE);
            return;
        }
        String device = devices.size() == 1 ? devices.get(0)
                : (String) JOptionPane.showInputDialog(panel, "Feed which loopback device?", "Virtual camera",
                        JOptionPane.QUESTION_MESSAGE, null, devices.toArray(), devices.get(0));
        if (device == null) {
            panel.virtualCamera.setSelected(false);
            return;
        }
        s.setVirtualCamera(device);
    }

    @Override
    public void setBackground(String name) {
        settings = settings.withBackground(name);
        LiveSession s = session;
        if (s != null) applyBackground(s, name);
        if ("transparent".equals(name) && s != null && Boolean.FALSE.equals(s.windowTransparent())) {
            if (s.transparencyProblem() == null) {
                // Opened without alpha (an opaque background): reopen the window asking for it.
                checkTransparency = true;
                restartSession();
            } else {
                showTransparencyProblem(s);
            }
        }
    }

    /** Set when a session restarts for a transparent window: tick() reports if it was refused. */
    private volatile boolean checkTransparency;

    private void showTransparencyProblem(LiveSession s) {
        panel.showProblem("The window cannot be transparent here (" + s.transparencyProblem()
                + "): the background shows black; use green or blue as a key colour instead");
    }

    private static void applyBackground(LiveSession s, String name) {
        switch (name == null ? "dark" : name) {
            case "green" -> s.setBackground(0f, 1f, 0f);
            case "blue" -> s.setBackground(0f, 0f, 1f);
            case "transparent" -> s.setTransparentBackground();
            default -> s.setBackground(0.12f, 0.12f, 0.14f);
        }
    }

    @Override
    public void setFpsCap(double cap) {
        settings = settings.withFpsCap(cap);
        LiveSession s = session;
        if (s != null) s.setFpsCap(cap);
    }
}
