package org.cpebridge.matter.sigma;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.cpebridge.matter.store.RecordStore;
import org.cpebridge.matter.store.RecordStoreException;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvException;
import org.cpebridge.matter.tlv.TlvTag;
import org.cpebridge.matter.tlv.TlvWriter;
import org.cpebridge.bytes.Bytes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CASE resumption records, at most {@code capacity}, least recently used dropped first, one per (fabric, peer node):
 * a new session with the same peer replaces its old record. Persisted as store record {@value #RECORD_NAME} on every
 * change (format 1, TLV {@code [ {1 id, 2 secret, 3 fabric index, 4 compressed fabric id, 5 local node, 6 peer node,
 * 7 [CATs]} ... ]}, oldest first) so controllers can resume after a restart.
 *
 * <p>A new record is usable at once ({@link #find}) and written behind, on the writer executor given to
 * {@link #load(RecordStore, int, Executor)}: the handshake that issued it answers its peer without waiting for the
 * disk (a durable write is two fsyncs, 6-90 ms measured on a loaded machine, and matter.js waits for the
 * acknowledgement of its last handshake message before its first request). Writes coalesce: however many records
 * arrive while one write runs, the next write carries them all. A record lost to a kill before its write costs that peer one full CASE
 * handshake (an unknown resumption id falls back to Sigma2), never a wrong session. Removing a fabric's records
 * writes at once, on the caller's thread, so its secrets leave the disk before the removal is answered. A failed
 * write is logged; the records stay in memory and the next change writes them again.
 *
 * <p>Methods are thread-safe: state is guarded by the store's monitor; writes are serialized by a separate lock,
 * each writing the newest state, so a slow disk never holds up {@link #find} or {@link #put}.
 */
public final class ResumptionStore {

    private static final Logger LOG = LoggerFactory.getLogger(ResumptionStore.class);

    /** Store record holding the records. */
    public static final String RECORD_NAME = "matter/case-resumption";
    /** Payload format version. */
    public static final int FORMAT_VERSION = 1;
    /** Records kept unless configured otherwise. */
    public static final int DEFAULT_CAPACITY = 32;

    private final Optional<RecordStore> store;
    private final Executor writer;
    private final int capacity;
    private final LinkedHashMap<Bytes, ResumptionRecord> byId = new LinkedHashMap<>(16, 0.75f, true);
    /** Held while a write runs, so that writes never overtake each other. */
    private final Object writing = new Object();
    /** A write is queued on the writer and has not yet taken its snapshot (guarded by {@code this}). */
    private boolean writeQueued;

    private ResumptionStore(Optional<RecordStore> store, Executor writer, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.store = store;
        this.writer = Objects.requireNonNull(writer, "writer");
        this.capacity = capacity;
    }

    /** A store that forgets everything on restart (tests, or a device without storage). */
    public static ResumptionStore inMemory(int capacity) {
        return new ResumptionStore(Optional.empty(), Runnable::run, capacity);
    }

    /**
     * Loads the records from the durable store; {@link #put} writes before it returns (tests and tools).
     *
     * @throws RecordStoreException if the record is corrupt or of an unknown format version
     */
    public static ResumptionStore load(RecordStore durable, int capacity) {
        return load(durable, capacity, Runnable::run);
    }

    /**
     * Loads the records from the durable store; {@link #put} writes behind, on {@code writer} (the node: a serial
     * executor off the node loop).
     *
     * @throws RecordStoreException if the record is corrupt or of an unknown format version
     */
    public static ResumptionStore load(RecordStore durable, int capacity, Executor writer) {
        ResumptionStore loaded = new ResumptionStore(Optional.of(Objects.requireNonNull(durable, "durable")),
                writer, capacity);
        Optional<byte[]> stored = durable.read(RECORD_NAME, FORMAT_VERSION);
        if (stored.isPresent()) {
            for (ResumptionRecord record : decode(RECORD_NAME, stored.get())) {
                loaded.byId.put(record.resumptionId(), record);
            }
            loaded.trim();
        }
        return loaded;
    }

    /** The record issued under this resumption id. */
    public synchronized Optional<ResumptionRecord> find(Bytes resumptionId) {
        return Optional.ofNullable(byId.get(resumptionId));
    }

    /** The record of a peer node on a fabric (one at most: {@link #put} replaces), for resuming as initiator. */
    public synchronized Optional<ResumptionRecord> findByPeer(int fabricIndex, long peerNodeId) {
        return byId.values().stream().filter(r -> r.fabricIndex() == fabricIndex && r.peerNodeId() == peerNodeId)
                .findFirst();
    }

    /**
     * Stores a record, replacing any for the same fabric and peer node; usable at once, persisted behind on the
     * writer.
     */
    public void put(ResumptionRecord record) {
        Objects.requireNonNull(record, "record");
        boolean queue;
        synchronized (this) {
            byId.values().removeIf(r -> r.fabricIndex() == record.fabricIndex()
                    && r.peerNodeId() == record.peerNodeId());
            byId.put(record.resumptionId(), record);
            trim();
            queue = store.isPresent() && !writeQueued;
            writeQueued |= queue;
        }
        if (queue) {
            try {
                writer.execute(this::writeNewest);
            } catch (RejectedExecutionException e) {
                // Stopping: the write stays queued for flush().
                LOG.debug("CASE resumption write deferred to the flush at stop: {}", e.getMessage());
            }
        }
    }

    /**
     * Drops every record of a fabric (after RemoveFabric) and writes before returning, together with any record
     * still waiting for the writer.
     *
     * @throws RecordStoreException when the write fails (the records are gone from memory all the same)
     */
    public void removeFabric(int fabricIndex) {
        boolean removed;
        synchronized (this) {
            removed = byId.values().removeIf(r -> r.fabricIndex() == fabricIndex);
        }
        if (removed && store.isPresent()) {
            synchronized (writing) {
                byte[] payload;
                synchronized (this) {
                    writeQueued = false;
                    payload = snapshot();
                }
                store.get().write(RECORD_NAME, FORMAT_VERSION, payload);
            }
        }
    }

    /**
     * Writes now, on the caller's thread, what is still waiting for the writer (at stop, so that the last sessions
     * can resume after the restart). Returns when it is on disk; a failure is logged.
     */
    public void flush() {
        boolean pending;
        synchronized (this) {
            pending = writeQueued;
        }
        if (pending) {
            writeNewest();
        }
    }

    /** Number of records. */
    public synchronized int size() {
        return byId.size();
    }

    private void trim() {
        while (byId.size() > capacity) {
            byId.remove(byId.keySet().iterator().next());
        }
    }

    /** The writer's task: writes the newest state, unless a flush already wrote it. */
    private void writeNewest() {
        synchronized (writing) {
            byte[] payload;
            synchronized (this) {
                if (!writeQueued) {
                    return;
                }
                writeQueued = false;
                payload = snapshot();
            }
            try {
                store.orElseThrow().write(RECORD_NAME, FORMAT_VERSION, payload);
            } catch (RecordStoreException e) {
                // The records stay in memory; the next change writes them again. Until then a restart forgets
                // them, which costs their peers one full CASE handshake each.
                LOG.warn("CASE resumption records not persisted: {}", e.getMessage());
            }
        }
    }

    /** The records in their stored form, oldest first. */
    private synchronized byte[] snapshot() {
        TlvWriter writer = new TlvWriter().startArray(TlvTag.anonymous());
        for (ResumptionRecord r : byId.values()) {
            writer.startStructure(TlvTag.anonymous());
            writer.putBytes(TlvTag.context(1), r.resumptionId());
            writer.putBytes(TlvTag.context(2), r.sharedSecret());
            writer.putUnsigned(TlvTag.context(3), r.fabricIndex());
            writer.putBytes(TlvTag.context(4), r.compressedFabricId());
            writer.putUnsigned(TlvTag.context(5), r.localNodeId());
            writer.putUnsigned(TlvTag.context(6), r.peerNodeId());
            writer.startArray(TlvTag.context(7));
            for (long cat : r.peerCats()) {
                writer.putUnsigned(TlvTag.anonymous(), cat);
            }
            writer.endContainer();
            writer.endContainer();
        }
        return writer.endContainer().toByteArray();
    }

    private static List<ResumptionRecord> decode(String name, byte[] payload) {
        try {
            if (!(TlvElement.decode(payload) instanceof TlvElement.Array array)) {
                throw new IllegalArgumentException("not an array");
            }
            List<ResumptionRecord> records = new ArrayList<>();
            for (TlvElement element : array.members()) {
                if (!(element instanceof TlvElement.Structure s)) {
                    throw new IllegalArgumentException("record is not a structure");
                }
                List<Long> cats = new ArrayList<>();
                if (!(s.member(7).orElse(null) instanceof TlvElement.Array catArray)) {
                    throw new IllegalArgumentException("CAT list missing");
                }
                for (TlvElement cat : catArray.members()) {
                    cats.add(((TlvElement.UnsignedInt) cat).value());
                }
                records.add(new ResumptionRecord(bytes(s, 1), bytes(s, 2), (int) number(s, 3), bytes(s, 4),
                        number(s, 5), number(s, 6), cats));
            }
            return records;
        } catch (TlvException | RuntimeException e) {
            throw new RecordStoreException(name + " is corrupt: " + e.getMessage()
                    + "; move the record away to start without resumption records", e);
        }
    }

    private static Bytes bytes(TlvElement.Structure s, int tag) {
        if (s.member(tag).orElse(null) instanceof TlvElement.Octets octets) {
            return octets.value();
        }
        throw new IllegalArgumentException("field " + tag + " is not an octet string");
    }

    private static long number(TlvElement.Structure s, int tag) {
        if (s.member(tag).orElse(null) instanceof TlvElement.UnsignedInt value) {
            return value.value();
        }
        throw new IllegalArgumentException("field " + tag + " is not an unsigned integer");
    }
}
