package org.cpebridge.core.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * One round of a kill test: a child JVM (a main class of the test class path) that writes through a durable store and
 * prints a line after each write has returned, killed with SIGKILL at the moment the test picks. The test then opens
 * the store itself and checks it against the lines the child printed: every reported write is there, no record is
 * torn or mixed. Used by every {@code *KillIT} of the project ({@code StoreKillIT}, the access log's, the Matter group,
 * scene and subscription tables').
 *
 * <p>Only whole lines count: a line the kill cut short is not a report. The child's standard output is read by a
 * thread of its own from the start (a child blocked on a full pipe would write nothing), and {@link #kill()} kills
 * through the process handle so that what the child printed before it died is still read; its standard error is
 * discarded. Owning thread: the test's; the lines are shared with the reader thread under this object's lock.
 */
public final class KillLoop {

    /** A child that runs until it is killed should print its reports well within this. */
    public static final Duration PATIENCE = Duration.ofSeconds(30);

    private final Process child;
    private final Thread reader;
    private final List<String> lines = new ArrayList<>();
    private boolean ended;

    private KillLoop(Process child) {
        this.child = child;
        this.reader = new Thread(this::readLines, "kill-loop-output-" + child.pid());
        this.reader.setDaemon(true);
        this.reader.start();
    }

    /** Starts {@code main} with {@code args} in a child JVM (32 MiB of heap) on this JVM's test class path. */
    public static KillLoop start(Class<?> main, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx32m", "-cp", System.getProperty("surefire.test.class.path",
                System.getProperty("java.class.path")), main.getName()));
        command.addAll(List.of(args));
        return new KillLoop(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start());
    }

    /**
     * Waits until the child has printed {@code count} whole lines and returns the lines so far (at least that many).
     * Fails if the child's output ends first or {@link #PATIENCE} passes.
     */
    public List<String> awaitLines(int count) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        synchronized (this) {
            while (lines.size() < count) {
                long left = deadline - System.nanoTime();
                if (ended || left <= 0) {
                    throw new AssertionError("the child printed " + lines.size() + " of " + count + " lines ("
                            + (ended ? "its output ended" : "timed out") + "): " + lines);
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return List.copyOf(lines);
        }
    }

    /**
     * Kills the child with SIGKILL, waits for it to exit and for the end of its output, and returns every whole line
     * it printed. Fails unless the kill is what ended it (exit status 137: it was still running).
     */
    public List<String> kill() throws InterruptedException {
        // Process.destroyForcibly() would also close our end of its stdout and lose lines not read yet.
        child.toHandle().destroyForcibly();
        if (!child.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
            throw new AssertionError("the child " + child.pid() + " outlived SIGKILL");
        }
        reader.join(PATIENCE.toMillis());
        if (child.exitValue() != 137) {
            throw new AssertionError("the child ended by itself (status " + child.exitValue() + ") before the kill");
        }
        synchronized (this) {
            return List.copyOf(lines);
        }
    }

    /**
     * One round of the usual kind: starts {@code main} with {@code args}, waits for {@code reports} lines, lets it go
     * on for 0 to 9 ms more (so that the kill can land anywhere in a write, not only just after a report), kills it,
     * and returns the number on the last line it printed, each line being {@code prefix} and a number.
     */
    public static long killAfterReports(Class<?> main, int reports, Random random, String prefix, String... args)
            throws IOException, InterruptedException {
        KillLoop child = start(main, args);
        child.awaitLines(reports);
        Thread.sleep(random.nextInt(10));
        return lastReported(child.kill(), prefix);
    }

    /** The number after {@code prefix} on the last line, after checking every line is such a report. */
    public static long lastReported(List<String> lines, String prefix) {
        if (lines.isEmpty()) {
            throw new AssertionError("the child reported nothing");
        }
        for (String line : lines) {
            if (!line.startsWith(prefix)) {
                throw new AssertionError("child output: " + line);
            }
        }
        return Long.parseLong(lines.get(lines.size() - 1).substring(prefix.length()));
    }

    private void readLines() {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try (InputStream out = child.getInputStream()) {
            int b;
            while ((b = out.read()) >= 0) {
                if (b != '\n') {
                    line.write(b);
                    continue;
                }
                synchronized (this) {
                    lines.add(line.toString(StandardCharsets.UTF_8));
                    notifyAll();
                }
                line.reset();
            }
        } catch (IOException ignored) {
            // The pipe broke with the child: what was read whole is what counts.
        } finally {
            synchronized (this) {
                ended = true;
                notifyAll();
            }
        }
    }
}
