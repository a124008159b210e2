package org.cpebridge.matter.node.resume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.cpebridge.core.store.FileDurableStore;
import org.cpebridge.core.testing.KillLoop;
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
            int wanted = 3 + random.nextInt(20);
            long lastReported = KillLoop.killAfterReports(SubscriptionStoreWriterProcess.class, wanted, random,
                    "STORED ", dataDir.toString(), Long.toString(next));
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
