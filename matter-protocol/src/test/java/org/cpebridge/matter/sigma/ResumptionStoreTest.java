package org.cpebridge.matter.sigma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.cpebridge.matter.fabric.MemoryStore;
import org.cpebridge.bytes.Bytes;
import org.junit.jupiter.api.Test;

/**
 * Resumption records are written behind, on the writer executor: usable at once, on disk once the writer ran, writes
 * coalesced, a fabric's removal written at once, and what is still queued written by {@code flush()} at stop.
 */
class ResumptionStoreTest {

    /** An executor that runs nothing until the test says so (the writer thread, held back). */
    private static final class HeldWriter implements Executor {
        final ArrayDeque<Runnable> queued = new ArrayDeque<>();
        boolean rejecting;

        @Override
        public void execute(Runnable task) {
            if (rejecting) {
                throw new RejectedExecutionException("stopped");
            }
            queued.add(task);
        }

        void runAll() {
            while (!queued.isEmpty()) {
                queued.poll().run();
            }
        }
    }

    private static ResumptionRecord record(int id, int fabricIndex, long peerNode) {
        byte[] resumptionId = new byte[SigmaMessage.RESUMPTION_ID_LENGTH];
        resumptionId[0] = (byte) id;
        byte[] secret = new byte[32];
        secret[0] = (byte) id;
        return new ResumptionRecord(Bytes.of(resumptionId), Bytes.of(secret), fabricIndex,
                Bytes.fromHex("0102030405060708"), 0x42, peerNode, List.of());
    }

    private static ResumptionStore reloaded(MemoryStore store) {
        return ResumptionStore.load(store, 8);
    }

    @Test
    void aRecordIsUsableAtOnceAndOnDiskOnceTheWriterRan() {
        MemoryStore store = new MemoryStore();
        HeldWriter writer = new HeldWriter();
        ResumptionStore records = ResumptionStore.load(store, 8, writer);
        ResumptionRecord first = record(1, 1, 0x101);

        records.put(first);

        assertTrue(records.find(first.resumptionId()).isPresent(), "a resumption can use it before the write");
        assertEquals(0, store.writes(), "put does not write on the caller's thread");
        assertEquals(0, reloaded(store).size());
        writer.runAll();
        assertEquals(1, store.writes());
        assertTrue(reloaded(store).find(first.resumptionId()).isPresent(), "a restart finds it");
    }

    @Test
    void recordsArrivingBeforeTheWriterRunsShareOneWrite() {
        MemoryStore store = new MemoryStore();
        HeldWriter writer = new HeldWriter();
        ResumptionStore records = ResumptionStore.load(store, 8, writer);

        records.put(record(1, 1, 0x101));
        records.put(record(2, 1, 0x102));
        records.put(record(3, 2, 0x101));

        assertEquals(1, writer.queued.size(), "one write queued for three records");
        writer.runAll();
        assertEquals(1, store.writes());
        assertEquals(3, reloaded(store).size());
        records.put(record(4, 1, 0x101));
        writer.runAll();
        assertEquals(2, store.writes(), "a record after the write queues the next one");
        ResumptionStore restarted = reloaded(store);
        assertEquals(3, restarted.size(), "the new record replaced the same peer's old one");
        assertTrue(restarted.find(record(4, 1, 0x101).resumptionId()).isPresent());
    }

    @Test
    void removingAFabricWritesAtOnceWithWhatWasQueued() {
        MemoryStore store = new MemoryStore();
        HeldWriter writer = new HeldWriter();
        ResumptionStore records = ResumptionStore.load(store, 8, writer);
        records.put(record(1, 1, 0x101));
        writer.runAll();
        records.put(record(2, 2, 0x201));

        records.removeFabric(1);

        ResumptionStore restarted = reloaded(store);
        assertTrue(restarted.find(record(1, 1, 0x101).resumptionId()).isEmpty(), "the removed fabric's secret is gone");
        assertTrue(restarted.find(record(2, 2, 0x201).resumptionId()).isPresent(), "the queued record came along");
        int writes = store.writes();
        writer.runAll();
        assertEquals(writes, store.writes(), "the queued write has nothing left to do");
    }

    @Test
    void flushWritesWhatIsStillQueued() {
        MemoryStore store = new MemoryStore();
        HeldWriter writer = new HeldWriter();
        ResumptionStore records = ResumptionStore.load(store, 8, writer);
        records.put(record(1, 1, 0x101));

        records.flush();

        assertTrue(reloaded(store).find(record(1, 1, 0x101).resumptionId()).isPresent());
        writer.runAll();
        assertEquals(1, store.writes(), "the writer's task found nothing left to write");
        records.flush();
        assertEquals(1, store.writes(), "nothing queued: flush writes nothing");
    }

    @Test
    void aWriterThatRefusesLeavesTheWriteToTheFlush() {
        MemoryStore store = new MemoryStore();
        HeldWriter writer = new HeldWriter();
        writer.rejecting = true;
        ResumptionStore records = ResumptionStore.load(store, 8, writer);

        records.put(record(1, 1, 0x101));
        assertTrue(records.find(record(1, 1, 0x101).resumptionId()).isPresent());
        records.flush();

        assertTrue(reloaded(store).find(record(1, 1, 0x101).resumptionId()).isPresent());
    }

    @Test
    void aFailedWriteKeepsTheRecordsAndTheNextChangeWritesThemAll() {
        MemoryStore store = new MemoryStore();
        HeldWriter writer = new HeldWriter();
        ResumptionStore records = ResumptionStore.load(store, 8, writer);
        store.failWrites(true);
        records.put(record(1, 1, 0x101));
        writer.runAll();
        assertTrue(records.find(record(1, 1, 0x101).resumptionId()).isPresent(), "still usable after the failure");
        assertEquals(0, reloaded(store).size());

        store.failWrites(false);
        records.put(record(2, 1, 0x102));
        writer.runAll();

        assertEquals(2, reloaded(store).size());
    }
}
