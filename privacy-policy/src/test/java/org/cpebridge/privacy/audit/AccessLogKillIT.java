package org.cpebridge.privacy.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.cpebridge.core.store.FileDurableStore;
import org.cpebridge.core.testing.KillLoop;
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
            KillLoop child = KillLoop.start(AccessLogAppenderProcess.class, dataDir.toString(),
                    Integer.toString(round), journaled ? "journal" : "store");
            assertEquals("started", child.awaitLines(1).get(0));
            // Kill at a random moment once appends are flowing (the child's first batch may take a while).
            child.awaitLines(2);
            Thread.sleep(20 + random.nextInt(300));
            Map<Long, String> acknowledged = new TreeMap<>();
            for (String line : child.kill()) {
                String[] parts = line.split(" ");
                if (parts.length == 3 && parts[0].equals("acked")) {
                    acknowledged.put(Long.parseLong(parts[1]), parts[2]);
                }
            }

            AccessLog log = journaled ? AccessLog.journaled(new FileDurableStore(dataDir), Clock.systemUTC(), 16, 64)
                    : new AccessLog(new FileDurableStore(dataDir), Clock.systemUTC(), 16, 64);
            assertTrue(acknowledged.size() > 0, "round " + round + " acknowledged nothing");
            for (Map.Entry<Long, String> ack : acknowledged.entrySet()) {
                AccessLogEntry entry = log.entry(ack.getKey()).orElseThrow(() -> new AssertionError(
                        "entry " + ack.getKey() + " was acknowledged and is lost"));
                assertEquals(ack.getValue(), entry.paths());
            }
            acknowledgedInAll += acknowledged.size();
            AccessLog.Verification verification = log.verify();
            assertTrue(verification.intact(), "round " + round + ": " + verification.describe());
            log.close();
        }
        assertTrue(acknowledgedInAll > KILLS);
    }
}
