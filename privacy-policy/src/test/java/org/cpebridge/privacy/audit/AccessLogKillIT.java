package org.cpebridge.privacy.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.cpebridge.core.store.FileDurableStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Losing an entry on a crash is not fine": kills a child JVM ({@link AccessLogAppenderProcess}) with SIGKILL at
 * random moments while four threads append with group commit, and checks after each kill that every entry whose
 * append had returned (the point after which the agent sends the answer it describes) is in the log with its paths,
 * and that the log still verifies (the anchor may trail the entries by the batch being written, never lead them).
 */
class AccessLogKillIT {
    private static final int KILLS = Integer.getInteger("accessLogKill.rounds", 8);

    @TempDir
    Path dataDir;

    @ParameterizedTest(name = "journaled={0}")
    @ValueSource(booleans = {false, true})
    void everyAcknowledgedEntrySurvivesKill9AndTheLogVerifies(boolean journaled) throws Exception {
        Random random = new Random(Long.getLong("accessLogKill.seed", System.nanoTime()));
        long acknowledgedInAll = 0;
        for (int round = 0; round < KILLS; round++) {
            Process child = new ProcessBuilder(javaBinary(), "-cp", classPath(),
                    AccessLogAppenderProcess.class.getName(), dataDir.toString(), Integer.toString(round),
                    journaled ? "journal" : "store")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.US_ASCII));
            assertEquals("started", out.readLine());
            Map<Long, String> acknowledged = new TreeMap<>();
            Thread reader = new Thread(() -> readAcks(out, acknowledged));
            reader.start();
            // Kill at a random moment once appends are flowing (the child's first batch may take a while).
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (size(acknowledged) == 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            Thread.sleep(20 + random.nextInt(300));
            // Process.destroyForcibly() would also close our end of its stdout and lose unread lines.
            child.toHandle().destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            reader.join(30_000);
            assertEquals(137, child.exitValue(), "killed by SIGKILL while appending");

            AccessLog log = journaled ? AccessLog.journaled(new FileDurableStore(dataDir), Clock.systemUTC(), 16, 64)
                    : new AccessLog(new FileDurableStore(dataDir), Clock.systemUTC(), 16, 64);
            synchronized (acknowledged) {
                assertTrue(acknowledged.size() > 0, "round " + round + " acknowledged nothing");
                for (Map.Entry<Long, String> ack : acknowledged.entrySet()) {
                    AccessLogEntry entry = log.entry(ack.getKey()).orElseThrow(() -> new AssertionError(
                            "entry " + ack.getKey() + " was acknowledged and is lost"));
                    assertEquals(ack.getValue(), entry.paths());
                }
                acknowledgedInAll += acknowledged.size();
            }
            AccessLog.Verification verification = log.verify();
            assertTrue(verification.intact(), "round " + round + ": " + verification.describe());
            log.close();
        }
        assertTrue(acknowledgedInAll > KILLS);
    }

    private static int size(Map<Long, String> acknowledged) {
        synchronized (acknowledged) {
            return acknowledged.size();
        }
    }

    private static void readAcks(BufferedReader out, Map<Long, String> acknowledged) {
        try {
            String line;
            while ((line = out.readLine()) != null) {
                String[] parts = line.split(" ");
                if (parts.length == 3 && parts[0].equals("acked")) {
                    synchronized (acknowledged) {
                        acknowledged.put(Long.parseLong(parts[1]), parts[2]);
                    }
                }
            }
        } catch (IOException | NumberFormatException ignored) {
            // The child died mid-line: what was read whole is what counts.
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String classPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }
}
