package org.cpebridge.matter.node.resume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.cpebridge.core.store.FileDurableStore;
import org.cpebridge.matter.DurableRecordStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills (SIGKILL) a child JVM at random moments while it keeps storing subscriptions, and checks that the record
 * then reads back whole: every entry complete, the three newest puts (the per-fabric bound), and the last one the
 * child reported as stored among them or pushed out by later puts.
 */
class SubscriptionStoreKillIT {

    private static final int ROUNDS = 8;

    @TempDir
    Path dataDir;

    @Test
    void theStoredSubscriptionsSurviveAKillAtAnyMoment() throws Exception {
        Random random = new Random();
        long next = 1;
        for (int round = 0; round < ROUNDS; round++) {
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx32m", "-cp", System.getProperty("java.class.path"),
                    SubscriptionStoreWriterProcess.class.getName(), dataDir.toString(), Long.toString(next))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            long lastReported = -1;
            int wanted = 3 + random.nextInt(20);
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (int seen = 0; seen < wanted; seen++) {
                    String line = out.readLine();
                    assertTrue(line != null && line.startsWith("STORED "), "child output: " + line);
                    lastReported = Long.parseLong(line.substring(7));
                }
                child.destroyForcibly();
                assertTrue(child.waitFor(10, TimeUnit.SECONDS));
            }
            SubscriptionStore store = SubscriptionStore.load(
                    new DurableRecordStore(new FileDurableStore(dataDir)), 3);
            List<StoredSubscription> after = store.all();
            assertEquals(3, after.size(), "round " + round + ": " + after);
            // The child may have stored more after its last report before the kill landed, and the per-fabric bound
            // keeps the newest three: the last reported put is kept or was pushed out by later ones, never lost.
            long newest = after.stream().mapToLong(StoredSubscription::id).max().orElseThrow();
            assertTrue(newest >= lastReported,
                    "round " + round + ": the last reported put (" + lastReported + ") is not lost: " + after);
            assertEquals(List.of(newest - 2, newest - 1, newest),
                    after.stream().map(StoredSubscription::id).sorted().toList(),
                    "round " + round + ": the three newest puts, none skipped");
            for (StoredSubscription s : after) {
                assertEquals(TestSubscriptions.stored(s.id(), 1, 0x10), s, "a complete entry");
            }
            next = after.stream().mapToLong(StoredSubscription::id).max().orElseThrow() + 1;
        }
    }
}
