package org.cpebridge.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.cpebridge.core.testing.KillLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM with SIGKILL at random moments while it rewrites store records, many times, and checks that
 * every record afterwards is a complete version — never empty, truncated or mixed — and that no write the child had
 * finished (and reported) was lost.
 */
class StoreKillIT {

    private static final int KILLS = Integer.getInteger("storeKill.rounds", 40);

    @TempDir
    Path dataDir;

    @Test
    void everyRecordIsTheOldOrTheNewVersionAfterKill9() throws Exception {
        Random random = new Random(Long.getLong("storeKill.seed", System.nanoTime()));
        Map<String, Long> lastReported = new HashMap<>();
        Map<String, Long> onDisk = new HashMap<>();
        long nextVersion = 1;
        for (int round = 0; round < KILLS; round++) {
            KillLoop child = KillLoop.start(StoreWriterProcess.class, dataDir.toString(), Long.toString(nextVersion));
            long firstVersionThisRound = nextVersion;
            Map<String, Long> reportedBefore = new HashMap<>(lastReported);
            assertEquals("started", child.awaitLines(1).get(0));
            // Let it write for a random while, then kill -9 and take its reports.
            Thread.sleep(20 + random.nextInt(300));
            for (String line : child.kill()) {
                String[] parts = line.split(" ");
                if (parts.length == 3 && parts[0].equals("wrote")) {
                    lastReported.put(parts[1], Long.parseLong(parts[2]));
                }
            }

            FileDurableStore store = new FileDurableStore(dataDir);
            long highest = 0;
            for (int record = 0; record < 4; record++) {
                String name = "kill/record" + record;
                Long reported = lastReported.get(name);
                var stored = store.read(name);
                if (reported != null) {
                    assertTrue(stored.isPresent(), name + " vanished after round " + round);
                }
                if (stored.isPresent()) {
                    long version = StoreWriterProcess.verify(stored.get().payload());
                    boolean reportedThisRound = reported != null && !reported.equals(reportedBefore.get(name));
                    // The record holds either what was on disk before this child ran (it never got to this record),
                    // or a version this child wrote: never older than one it reported finished, and at most one
                    // write past that.
                    long newestPossible = reportedThisRound ? reported + 4 : firstVersionThisRound + record;
                    boolean untouched = onDisk.containsKey(name) && version == onDisk.get(name) && !reportedThisRound;
                    boolean writtenNow = version >= firstVersionThisRound
                            && (version - firstVersionThisRound) % 4 == record
                            && version <= newestPossible
                            && (!reportedThisRound || version >= reported);
                    assertTrue(untouched || writtenNow, "round " + round + ": " + name + " holds v" + version
                            + ", last reported v" + reported + ", before this round v" + onDisk.get(name));
                    onDisk.put(name, version);
                    highest = Math.max(highest, version);
                }
            }
            nextVersion = highest + 1;
        }
    }
}
