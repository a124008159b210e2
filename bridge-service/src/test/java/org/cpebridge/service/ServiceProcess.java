package org.cpebridge.service;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A bridge JVM (from the test class path or the packaged jar) whose output the test reads. */
final class ServiceProcess implements AutoCloseable {
    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final Path errorFile;
    private final Thread reader;

    private ServiceProcess(Process process, Path errorFile) {
        this.process = process;
        this.errorFile = errorFile;
        reader = new Thread(() -> {
            try (var out = process.inputReader()) {
                String line;
                while ((line = out.readLine()) != null) {
                    synchronized (lines) {
                        lines.add(line);
                        lines.notifyAll();
                    }
                }
            } catch (java.io.IOException ignored) {
                // Process gone.
            }
        });
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts the service from the test class path, every listener on a free port, plus the given arguments. */
    static ServiceProcess start(Path dir, String... args) throws Exception {
        return launch(dir, List.of("-cp", System.getProperty("surefire.test.class.path",
                System.getProperty("java.class.path")), Main.class.getName()), args);
    }

    /** Starts the packaged jar the README runs, every listener on a free port, plus the given arguments. */
    static ServiceProcess startJar(Path dir, Path jar, String... args) throws Exception {
        return launch(dir, List.of("-jar", jar.toAbsolutePath().toString()), args);
    }

    /**
     * Starts the shipped launcher script (it reads jvm.options beside it and runs the jar beside it), every listener
     * on a free port, plus the given arguments. {@code environment} adds to the launcher's environment.
     */
    static ServiceProcess startLauncher(Path dir, Path launcher, java.util.Map<String, String> environment,
            String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(launcher.toAbsolutePath().toString());
        return launchCommand(dir, command, environment, args);
    }

    private static ServiceProcess launch(Path dir, List<String> javaArguments, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(javaArguments);
        return launchCommand(dir, command, java.util.Map.of(), args);
    }

    private static ServiceProcess launchCommand(Path dir, List<String> command, java.util.Map<String, String> environment,
            String... args) throws Exception {
        // Every listener on a free port, and the Zigbee adapter pointed at the embedded broker, so that
        // nothing here meets another process's broker or Matter node.
        int brokerPort = freePort();
        command.addAll(List.of("--set", "mqtt.embedded.listen=127.0.0.1:" + brokerPort,
                "--set", "zigbee.mqtt.url=tcp://127.0.0.1:" + brokerPort,
                "--set", "usp.mqtt.url=tcp://127.0.0.1:" + brokerPort,
                "--set", "matter.port=" + freeUdpPort(),
                "--set", "usp.websocket.listen=127.0.0.1:" + freePort(),
                "--set", "web.listen=127.0.0.1:" + freePort()));
        command.addAll(List.of(args));
        Path errors = Files.createTempFile(dir, "stderr", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectError(errors.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        return new ServiceProcess(process, errors);
    }

    static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static int freeUdpPort() throws java.io.IOException {
        try (java.net.DatagramSocket socket = new java.net.DatagramSocket(0)) {
            return socket.getLocalPort();
        }
    }

    String awaitLine(String marker, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        synchronized (lines) {
            while (true) {
                for (String line : lines) {
                    if (line.contains(marker)) {
                        return line;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || !reader.isAlive()) {
                    throw new AssertionError("no line with '" + marker + "': " + output() + errors());
                }
                lines.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(Math.min(left, 200_000_000L))));
            }
        }
    }

    /** How many stdout lines so far contain {@code marker}. */
    int count(String marker) {
        synchronized (lines) {
            return (int) lines.stream().filter(line -> line.contains(marker)).count();
        }
    }

    /** The operating system's id of the process (the JVM's own once the launcher has exec'ed it). */
    long pid() {
        return process.pid();
    }

    /** Sends SIGTERM and returns the exit code. */
    int terminate(int seconds) throws InterruptedException {
        // Process.destroy() would also close our end of its output; the handle only sends SIGTERM.
        process.toHandle().destroy();
        return awaitExit(seconds);
    }

    int awaitExit(int seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("did not exit within " + seconds + " s: " + output());
        }
        reader.join(10_000);
        return process.exitValue();
    }

    String output() {
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }

    String errors() {
        try {
            return Files.readString(errorFile);
        } catch (java.io.IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
