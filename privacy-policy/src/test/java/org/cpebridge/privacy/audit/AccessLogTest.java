package org.cpebridge.privacy.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.cpebridge.core.json.Json;
import org.cpebridge.core.store.DurableStore;
import org.cpebridge.core.store.FileDurableStore;
import org.cpebridge.core.testing.ForwardingStore;
import org.cpebridge.core.testing.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transparency log: durable appends, group commit, the hash chain, tamper detection, the anchor that shows a cut
 * tail, bounded rotation, the JSON export. {@code AccessLogKillIT} kills a writer mid-run.
 */
class AccessLogTest {
    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock();

    private static AccessLog.Event get(String path, Decision decision) {
        return new AccessLog.Event("proto::isp", "Get", path, decision);
    }

    @Test
    void appendedEntriesAreChainedAndReadBackAfterARestart() {
        AccessLog log = new AccessLog(new FileDurableStore(dir), clock, 4, 3);
        AccessLogEntry first = log.append(get("Device.DeviceInfo.", Decision.ALLOWED));
        clock.advance(Duration.ofSeconds(5));
        AccessLogEntry second = log.append(get("Device.ProxiedDevice.1.IoTCapability.1.BinaryControl.Value",
                Decision.DENIED));
        assertEquals(1, first.sequence());
        assertEquals(AccessLogEntry.GENESIS, first.previousHash());
        assertEquals(first.hash(), second.previousHash());
        log.close();
        // A new process reads what the old one wrote: each append was durable when it returned.
        AccessLog reopened = new AccessLog(new FileDurableStore(dir), clock, 4, 3);
        assertEquals(List.of(first, second), reopened.entries());
        assertTrue(reopened.verify().intact());
        assertEquals(3, reopened.append(get("Device.", Decision.FILTERED)).sequence());
        reopened.close();
    }

    @Test
    void aTamperedEntryIsReportedAsTheFirstBrokenLink() {
        FileDurableStore store = new FileDurableStore(dir);
        AccessLog log = new AccessLog(store, clock, 10, 3);
        for (int i = 0; i < 6; i++) {
            log.append(get("Device.ProxiedDevice." + i + ".", Decision.DENIED));
        }
        log.close();
        String name = store.list(AccessLog.PREFIX).get(0);
        String text = store.read(name).orElseThrow().textOfFormat(1);
        // Someone rewrites entry 3 to say the ISP was allowed.
        String forged = text.replaceFirst("(\"sequence\":3,[^}]*\"decision\":\")Denied", "$1Allowed");
        assertFalse(forged.equals(text));
        store.write(name, 1, forged.getBytes(StandardCharsets.UTF_8));
        AccessLog.Verification v = new AccessLog(new FileDurableStore(dir), clock, 10, 3).verify();
        assertEquals(new AccessLog.Verification(false, 3, "its hash does not match its contents"), v);
        assertEquals("broken at entry 3: its hash does not match its contents", v.describe());
    }

    @Test
    void aForgedEntryWithARecomputedHashBreaksTheNextLink() {
        FileDurableStore store = new FileDurableStore(dir);
        AccessLog log = new AccessLog(store, clock, 10, 3);
        List<AccessLogEntry> entries = log.append(List.of(get("a", Decision.DENIED), get("b", Decision.DENIED),
                get("c", Decision.DENIED)));
        log.close();
        AccessLogEntry second = entries.get(1);
        AccessLogEntry forged = AccessLogEntry.chained(2, second.time(), second.controller(), "Get", "b",
                Decision.ALLOWED, second.previousHash());
        String name = store.list(AccessLog.PREFIX).get(0);
        String text = store.read(name).orElseThrow().textOfFormat(1).replace(second.hash(), forged.hash())
                .replaceFirst("(\"sequence\":2,[^}]*\"decision\":\")Denied", "$1Allowed");
        store.write(name, 1, text.getBytes(StandardCharsets.UTF_8));
        AccessLog.Verification v = new AccessLog(new FileDurableStore(dir), clock, 10, 3).verify();
        assertEquals(3, v.firstBroken(), v.describe());
    }

    @Test
    void rotationBoundsTheLogAndKeepsItVerifiable() {
        FileDurableStore store = new FileDurableStore(dir);
        AccessLog log = new AccessLog(store, clock, 4, 3);
        for (int i = 1; i <= 30; i++) {
            log.append(get("p" + i, Decision.ALLOWED));
        }
        log.close(); // the writer deletes rotated-out segments after the batch it wrote
        List<Long> kept = log.sequences();
        assertTrue(kept.size() <= 12, kept.toString());
        assertEquals(30L, kept.get(kept.size() - 1));
        assertEquals(3, store.list(AccessLog.PREFIX).size());
        assertTrue(log.verify().intact());
        assertTrue(new AccessLog(new FileDurableStore(dir), clock, 4, 3).verify().intact());
        assertEquals("p30", log.entry(30).orElseThrow().paths());
    }

    @Test
    void theExportIsJsonWithEveryField() {
        AccessLog log = new AccessLog(new FileDurableStore(dir), clock);
        log.append(new AccessLog.Event("proto::isp", "Notify", "Device.ProxiedDevice.1.Online", Decision.ALLOWED));
        @SuppressWarnings("unchecked")
        Map<String, Object> row = (Map<String, Object>) ((List<Object>) Json.parse(log.exportJson())).get(0);
        assertEquals(1L, row.get("sequence"));
        assertEquals(clock.instant().toString(), row.get("time"));
        assertEquals("proto::isp", row.get("controller"));
        assertEquals("Notify", row.get("operation"));
        assertEquals("Device.ProxiedDevice.1.Online", row.get("paths"));
        assertEquals("Allowed", row.get("decision"));
        assertEquals(64, ((String) row.get("hash")).length());
        log.close();
    }

    @Test
    void aTailCutOffTheNewestSegmentIsReportedAgainstTheAnchor() {
        FileDurableStore store = new FileDurableStore(dir);
        AccessLog log = new AccessLog(store, clock, 10, 3);
        for (int i = 1; i <= 6; i++) {
            log.append(get("p" + i, Decision.DENIED));
        }
        log.close();
        String name = store.list(AccessLog.PREFIX).get(0);
        String text = store.read(name).orElseThrow().textOfFormat(1);
        // Someone cuts entries 5 and 6 out of the segment: what is left still chains perfectly.
        Map<String, Object> doc = Json.parseObject(text);
        List<?> entries = (List<?>) doc.get("entries");
        store.write(name, 1, Json.write(Map.of("entries", entries.subList(0, 4))).getBytes(StandardCharsets.UTF_8));
        AccessLog reopened = new AccessLog(new FileDurableStore(dir), clock, 10, 3);
        assertEquals(4, reopened.entries().size());
        assertEquals(new AccessLog.Verification(false, 5,
                "the anchor names entry 6 as the newest: entries from 5 on are missing"), reopened.verify());
    }

    @Test
    void aRolledBackSegmentIsReported() {
        FileDurableStore store = new FileDurableStore(dir);
        AccessLog log = new AccessLog(store, clock, 10, 3);
        for (int i = 1; i <= 4; i++) {
            log.append(get("p" + i, Decision.DENIED));
        }
        String name = store.list(AccessLog.PREFIX).get(0);
        byte[] olderCopy = store.read(name).orElseThrow().payload();
        log.append(List.of(get("p5", Decision.DENIED), get("p6", Decision.DENIED)));
        log.close();
        // The segment file replaced by a backup taken before entries 5 and 6: a complete, valid record.
        store.write(name, 1, olderCopy);
        assertEquals(new AccessLog.Verification(false, 5,
                "the anchor names entry 6 as the newest: entries from 5 on are missing"),
                new AccessLog(new FileDurableStore(dir), clock, 10, 3).verify());
    }

    @Test
    void aDeletedNewestSegmentIsReported() {
        FileDurableStore store = new FileDurableStore(dir);
        AccessLog log = new AccessLog(store, clock, 2, 5);
        for (int i = 1; i <= 6; i++) {
            log.append(get("p" + i, Decision.DENIED));
        }
        log.close();
        List<String> names = store.list(AccessLog.PREFIX);
        assertEquals(3, names.size());
        store.delete(names.get(2));
        AccessLog.Verification v = new AccessLog(new FileDurableStore(dir), clock, 2, 5).verify();
        assertEquals(5, v.firstBroken(), v.describe());
    }

    @Test
    void aDeletedAnchorIsReportedUntilTheNextStart() {
        FileDurableStore store = new FileDurableStore(dir);
        AccessLog log = new AccessLog(store, clock, 10, 3);
        log.append(List.of(get("p1", Decision.DENIED), get("p2", Decision.DENIED)));
        log.close();
        store.delete(AccessLog.ANCHOR);
        AccessLog reopened = new AccessLog(new FileDurableStore(dir), clock, 10, 3);
        assertEquals("broken at entry 3: the anchor record was missing at start-up, so entries after 2 may have "
                + "been cut off", reopened.verify().describe());
    }

    /**
     * The very first batch: a crash after its segment and before its anchor (here the store dies at the first anchor
     * that names an entry) lost nothing, and the next start must not read it as a deleted anchor. Before the first
     * segment the log stores an anchor naming no entry, so the anchor only trails the entries. (The journaled log's
     * first compaction takes the same path; {@code AccessLogKillIT} kills it there at random.)
     */
    @Test
    void aCrashBetweenTheFirstSegmentAndItsAnchorVerifies() {
        FileDurableStore files = new FileDurableStore(dir);
        List<String> writes = new ArrayList<>();
        DurableStore diesAtTheFirstRealAnchor = new ForwardingStore(files) {
            @Override
            public void write(String name, int formatVersion, byte[] payload) {
                if (name.equals(AccessLog.ANCHOR)
                        && !new String(payload, StandardCharsets.UTF_8).contains("\"newestSequence\":0")) {
                    throw new org.cpebridge.core.store.StoreException("killed before the anchor");
                }
                writes.add(name);
                super.write(name, formatVersion, payload);
            }
        };
        AccessLog log = new AccessLog(diesAtTheFirstRealAnchor, clock, 10, 3);
        log.append(List.of(get("p1", Decision.DENIED), get("p2", Decision.DENIED)));
        assertEquals(List.of(AccessLog.ANCHOR, AccessLog.PREFIX + "00000000000000000001"), writes,
                "the anchor naming no entry comes first");

        AccessLog reopened = new AccessLog(new FileDurableStore(dir), clock, 10, 3);
        assertEquals(2, reopened.entries().size());
        assertTrue(reopened.verify().intact(), reopened.verify().describe());
        reopened.close();
    }

    @Test
    void entriesAppendedWhileABatchIsWrittenShareTheNextWrite() throws Exception {
        CountDownLatch firstWriteStarted = new CountDownLatch(1);
        CountDownLatch releaseFirstWrite = new CountDownLatch(1);
        AtomicInteger segmentWrites = new AtomicInteger();
        FileDurableStore files = new FileDurableStore(dir);
        DurableStore slowFirstWrite = new ForwardingStore(files) {
            @Override
            public void write(String name, int formatVersion, byte[] payload) {
                if (name.startsWith(AccessLog.PREFIX) && segmentWrites.incrementAndGet() == 1) {
                    firstWriteStarted.countDown();
                    try {
                        releaseFirstWrite.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                super.write(name, formatVersion, payload);
            }
        };
        AccessLog log = new AccessLog(slowFirstWrite, clock, 128, 3);
        CompletableFuture<List<AccessLogEntry>> first = log.appendLater(List.of(get("p1", Decision.DENIED)));
        assertTrue(firstWriteStarted.await(10, TimeUnit.SECONDS));
        List<CompletableFuture<List<AccessLogEntry>>> waiting = new ArrayList<>();
        for (int i = 2; i <= 9; i++) {
            waiting.add(log.appendLater(List.of(get("p" + i, Decision.DENIED))));
        }
        // Not durable yet, so not complete: an answer waiting for one of these has not left.
        assertFalse(first.isDone());
        waiting.forEach(f -> assertFalse(f.isDone()));
        releaseFirstWrite.countDown();
        first.get(10, TimeUnit.SECONDS);
        for (CompletableFuture<List<AccessLogEntry>> f : waiting) {
            f.get(10, TimeUnit.SECONDS);
        }
        log.close();
        // Entry 1 alone, then entries 2..9 in one write.
        assertEquals(2, segmentWrites.get());
        assertEquals(2, log.batchesWritten());
        AccessLog reopened = new AccessLog(new FileDurableStore(dir), clock, 128, 3);
        assertEquals(9, reopened.entries().size());
        assertTrue(reopened.verify().intact());
    }

    // The journal (AccessLog.journaled): batches made durable by an append to a preallocated file.

    private AccessLog journaled(int segmentSize, int maxSegments) {
        return AccessLog.journaled(new FileDurableStore(dir), clock, segmentSize, maxSegments);
    }

    @Test
    void aJournaledEntryIsDurableBeforeAnySegmentIsWritten() throws Exception {
        AccessLog log = journaled(10, 3);
        List<AccessLogEntry> written = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            written.add(log.append(get("Device.ProxiedDevice." + i + ".", Decision.FILTERED)));
        }
        assertEquals(List.of(), new FileDurableStore(dir).list(AccessLog.PREFIX), "no segment yet: the journal");
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                java.nio.file.Files.getPosixFilePermissions(dir.resolve(AccessLog.JOURNAL))));
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                java.nio.file.Files.getPosixFilePermissions(dir.resolve(AccessLog.JOURNAL).getParent())));
        // Not closed, as after a kill: a new log takes the entries back from the journal.
        AccessLog reopened = journaled(10, 3);
        assertEquals(written, reopened.entries());
        assertTrue(reopened.verify().intact(), reopened.verify().describe());
        assertEquals(4, reopened.append(get("Device.", Decision.ALLOWED)).sequence());
        reopened.close();
        // The first log is left as a kill leaves it (closing it would compact its older view).
    }

    @Test
    void aFullJournalIsCompactedIntoSegmentsAndTheNextRoundStartsOverTheOld() {
        AccessLog log = journaled(4, 50);
        for (int i = 0; i < 10; i++) {
            log.append(get("Device.ProxiedDevice." + i + ".", Decision.DENIED));
        }
        // Two compactions (after entries 4 and 8): segments 1 and 5 hold them; 9 and 10 are in the journal, written
        // over the lines of the first round (entry 9 may also be in segment 9 when it was appended while the second
        // compaction took its snapshot: the append returns before the compaction that follows it).
        assertTrue(new FileDurableStore(dir).list(AccessLog.PREFIX).containsAll(List.of(
                AccessLog.PREFIX + String.format("%020d", 1), AccessLog.PREFIX + String.format("%020d", 5))));
        AccessLog reopened = journaled(4, 50);
        assertEquals(10, reopened.entries().size());
        assertEquals(log.entries(), reopened.entries());
        assertTrue(reopened.verify().intact(), reopened.verify().describe());
        reopened.close();
        log.close();
        // Closing compacted the rest: a log without the journal reads every entry from the segments.
        AccessLog plain = new AccessLog(new FileDurableStore(dir), clock, 4, 50);
        assertEquals(10, plain.entries().size());
        assertTrue(plain.verify().intact(), plain.verify().describe());
    }

    @Test
    void aTornLineAtTheJournalsEndWasNeverAcknowledgedAndIsDropped() throws Exception {
        AccessLog log = journaled(10, 3);
        log.append(get("Device.ProxiedDevice.1.", Decision.DENIED));
        log.append(get("Device.ProxiedDevice.2.", Decision.DENIED));
        long end = journalEnd();
        // A third line cut by a crash halfway through its write.
        byte[] torn = "0badc0de {\"sequence\":3,\"time\":\"2026-".getBytes(StandardCharsets.UTF_8);
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(dir.resolve(AccessLog.JOURNAL),
                java.nio.file.StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap(torn), end);
        }
        AccessLog reopened = journaled(10, 3);
        assertEquals(2, reopened.entries().size());
        assertTrue(reopened.verify().intact());
        assertEquals(3, reopened.append(get("Device.", Decision.ALLOWED)).sequence());
        reopened.close();
    }

    @Test
    void aTamperedJournalEntryIsReportedAsTheFirstBrokenLink() throws Exception {
        AccessLog log = journaled(10, 3);
        for (int i = 1; i <= 3; i++) {
            log.append(get("Device.ProxiedDevice." + i + ".", Decision.DENIED));
        }
        // The household's log says entry 2 was denied; rewrite it as allowed, with a CRC that matches again.
        Path file = dir.resolve(AccessLog.JOURNAL);
        String text = new String(java.nio.file.Files.readAllBytes(file), StandardCharsets.UTF_8);
        String[] lines = text.substring(0, text.indexOf('\0')).split("\n");
        String json = lines[1].substring(9).replace("\"Denied\"", "\"Allowed\"");
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(json.getBytes(StandardCharsets.UTF_8));
        lines[1] = String.format("%08x", crc.getValue()) + " " + json;
        byte[] forged = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file,
                java.nio.file.StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap(forged), 0);
        }
        AccessLog.Verification v = journaled(10, 3).verify();
        assertFalse(v.intact());
        assertEquals(2, v.firstBroken());
    }

    /** Where the journal's lines end (the first zero byte of the preallocated file). */
    private long journalEnd() throws Exception {
        byte[] bytes = java.nio.file.Files.readAllBytes(dir.resolve(AccessLog.JOURNAL));
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                return i;
            }
        }
        return bytes.length;
    }
}
