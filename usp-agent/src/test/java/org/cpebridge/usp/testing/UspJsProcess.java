package org.cpebridge.usp.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.cpebridge.core.json.Json;

/**
 * One run of {@code src/test/interop/controller.js} (usp-js 0.5.1 under Node), or of another script there that prints
 * the same JSON step lines, with its steps read as they happen, so a test can act between them. Node or an npm
 * package missing is a test failure, never a skip.
 */
public final class UspJsProcess implements AutoCloseable {
    public static final Path INTEROP = Path.of("src", "test", "interop");

    private final Process process;
    private final BlockingQueue<Map<String, Object>> steps = new LinkedBlockingQueue<>();
    private final List<String> output = new CopyOnWriteArrayList<>();

    private UspJsProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(this::read, "usp-js-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts controller.js with these environment variables. */
    public static UspJsProcess start(Map<String, String> environment) {
        return start("controller.js", List.of("usp-js"), environment);
    }

    /** Starts another script of {@link #INTEROP} that needs these npm packages, with the same step protocol. */
    public static UspJsProcess start(String script, List<String> packages, Map<String, String> environment) {
        for (String needed : packages) {
            if (!Files.isDirectory(INTEROP.resolve("node_modules").resolve(needed))) {
                throw new AssertionError(needed + " is not installed: run scripts/setup-test-peers.sh (npm ci in "
                        + INTEROP + ")");
            }
        }
        ProcessBuilder builder = new ProcessBuilder("node", script).directory(INTEROP.toFile())
                .redirectErrorStream(true);
        builder.environment().putAll(environment);
        try {
            return new UspJsProcess(builder.start());
        } catch (IOException e) {
            throw new AssertionError("node is not installed: run scripts/setup-test-peers.sh", e);
        }
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                output.add(line);
                if (line.startsWith("{\"step\"") || line.startsWith("{\"error\"")) {
                    steps.add(Json.parseObject(line));
                }
            }
        } catch (IOException | RuntimeException e) {
            output.add("reader failed: " + e);
        }
    }

    /** Waits for the step named {@code name} and returns its result; fails on an error line or timeout. */
    public Object await(String name, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            Map<String, Object> step = steps.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (step == null) {
                throw new AssertionError("usp-js gave no step " + name + " within " + seconds + " s: " + output);
            }
            if (step.containsKey("error")) {
                throw new AssertionError("usp-js failed: " + step.get("error") + "\n" + output);
            }
            if (name.equals(step.get("step"))) {
                return step.get("result");
            }
        }
    }

    /** Waits for the process to end and checks it succeeded. */
    public void awaitSuccess(int seconds) throws InterruptedException {
        boolean finished = process.waitFor(seconds, TimeUnit.SECONDS);
        if (!finished) {
            throw new AssertionError("usp-js did not finish: " + output);
        }
        if (process.exitValue() != 0) {
            throw new AssertionError("usp-js exited with " + process.exitValue() + ": " + output);
        }
    }

    /** Everything usp-js printed so far. */
    public List<String> output() {
        return List.copyOf(output);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** JSON text of a step result, for contains-checks. */
    public static String text(Object result) {
        return Json.write(result);
    }
}
