package org.cpebridge.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
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
        int killedMidRun = 0;
        for (int round = 0; round < KILLS; round++) {
            Process child = new ProcessBuilder(javaBinary(), "-cp", classPath(),
                    StoreWriterProcess.class.getName(), dataDir.toString(), Long.toString(nextVersion))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            long firstVersionThisRound = nextVersion;
            Map<String, Long> reportedBefore;
            synchronized (lastReported) {
                reportedBefore = new HashMap<>(lastReported);
            }
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.US_ASCII));
            assertEquals("started", out.readLine());
            // Let it write for a random while, reading its progress, then kill -9.
            long killAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20 + random.nextInt(300));
            Thread reader = new Thread(() -> readProgress(out, lastReported));
            reader.start();
            while (System.nanoTime() < killAt) {
                Thread.sleep(5);
            }
            // Process.destroyForcibly() would also close our end of its stdout and lose unread progress lines.
            child.toHandle().destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            reader.join(30_000);
            if (child.exitValue() == 137) {
                killedMidRun++;
            }

            FileDurableStore store = new FileDurableStore(dataDir);
            long highest = 0;
            for (int record = 0; record < 4; record++) {
                String name = "kill/record" + record;
                Long reported;
                synchronized (lastReported) {
                    reported = lastReported.get(name);
                }
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
        assertEquals(KILLS, killedMidRun, "every child was killed by SIGKILL while running");
    }

    private static void readProgress(BufferedReader out, Map<String, Long> lastReported) {
        try {
            String line;
            while ((line = out.readLine()) != null) {
                String[] parts = line.split(" ");
                if (parts.length == 3 && parts[0].equals("wrote")) {
                    synchronized (lastReported) {
                        lastReported.put(parts[1], Long.parseLong(parts[2]));
                    }
                }
            }
        } catch (java.io.IOException | NumberFormatException ignored) {
            // The child died mid-line: what was read so far is what counts.
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String classPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }
}
