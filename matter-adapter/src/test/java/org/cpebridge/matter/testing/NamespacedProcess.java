package org.cpebridge.matter.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A child process running inside a network namespace under {@code ip netns exec}: a JVM with the test class path
 * (Java cannot switch one thread into another namespace) or any other program such as {@code node}. Its stdout is
 * read line by line on a daemon thread; stderr is kept in a bounded buffer for failure messages. Close kills it.
 */
public final class NamespacedProcess implements AutoCloseable {

    private static final int STDERR_KEEP = 64 * 1024;

    private final String description;
    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuilder stderr = new StringBuilder();
    private final Writer stdin;

    private NamespacedProcess(String description, Process process) {
        this.description = description;
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread out = new Thread(() -> pump(new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8)), true), "stdout-" + description);
        Thread err = new Thread(() -> pump(new BufferedReader(new InputStreamReader(process.getErrorStream(),
                StandardCharsets.UTF_8)), false), "stderr-" + description);
        out.setDaemon(true);
        err.setDaemon(true);
        out.start();
        err.start();
    }

    /** Starts {@code mainClass} in a child JVM inside {@code namespace}, with this JVM's class path. */
    public static NamespacedProcess startJvm(String namespace, Class<?> mainClass, String... args)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx64m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        return start(namespace, command, null, mainClass.getSimpleName());
    }

    /** Starts any program inside {@code namespace}, in {@code workingDirectory} if not null. */
    public static NamespacedProcess start(String namespace, List<String> command, Path workingDirectory,
                                          String description) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(NetNsPair.inNamespace(namespace, command));
        if (workingDirectory != null) {
            builder.directory(workingDirectory.toFile());
        }
        return new NamespacedProcess(description, builder.start());
    }

    private void pump(BufferedReader reader, boolean isStdout) {
        try {
            String line;
            while ((line = reader.readLine()) != null) {
                if (isStdout) {
                    lines.add(line);
                } else {
                    synchronized (stderr) {
                        stderr.append(line).append('\n');
                        if (stderr.length() > STDERR_KEEP) {
                            stderr.delete(0, stderr.length() - STDERR_KEEP);
                        }
                    }
                }
            }
        } catch (IOException e) {
            // The process ended.
        }
    }

    /** Waits for the next stdout line matching {@code wanted}, skipping others; fails with stderr on timeout. */
    public String awaitLine(Predicate<String> wanted, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> skipped = new ArrayList<>();
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left > 0 ? lines.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)),
                    TimeUnit.NANOSECONDS) : null;
            if (line != null) {
                if (wanted.test(line)) {
                    return line;
                }
                skipped.add(line);
                continue;
            }
            if (left <= 0 || (!process.isAlive() && lines.isEmpty())) {
                throw new IOException(description + ": no expected line within " + timeout + " (alive="
                        + process.isAlive() + ")\nstdout: " + skipped + "\nstderr:\n" + stderr());
            }
        }
    }

    /** The process id (the program itself: {@code ip netns exec} execs it). */
    public long pid() {
        return process.pid();
    }

    /** Sends one line to the process's stdin. */
    public void send(String line) throws IOException {
        stdin.write(line + "\n");
        stdin.flush();
    }

    /** Closes the process's stdin, which child mains here take as "stop". */
    public void closeStdin() throws IOException {
        stdin.close();
    }

    /** Waits for the process to end and returns its exit code; kills it and fails after {@code timeout}. */
    public int awaitExit(Duration timeout) throws IOException, InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IOException(description + " did not exit within " + timeout + "\nstderr:\n" + stderr());
        }
        return process.exitValue();
    }

    /** What the process wrote to stderr so far (the last 64 KiB). */
    public String stderr() {
        synchronized (stderr) {
            return stderr.toString();
        }
    }

    @Override
    public void close() {
        // ip netns exec execs the program, so the process we hold is the program itself.
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
