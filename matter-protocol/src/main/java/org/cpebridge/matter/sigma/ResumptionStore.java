package org.cpebridge.matter.sigma;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.cpebridge.matter.store.RecordStore;
import org.cpebridge.matter.store.RecordStoreException;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvException;
import org.cpebridge.matter.tlv.TlvTag;
import org.cpebridge.matter.tlv.TlvWriter;
import org.cpebridge.bytes.Bytes;

/**
 * CASE resumption records, at most {@code capacity}, least recently used dropped first, one per (fabric, peer node):
 * a new session with the same peer replaces its old record. Persisted as store record {@value #RECORD_NAME} on every
 * change (format 1, TLV {@code [ {1 id, 2 secret, 3 fabric index, 4 compressed fabric id, 5 local node, 6 peer node,
 * 7 [CATs]} ... ]}, oldest first) so controllers can resume after a restart. Methods are synchronized.
 */
public final class ResumptionStore {

    /** Store record holding the records. */
    public static final String RECORD_NAME = "matter/case-resumption";
    /** Payload format version. */
    public static final int FORMAT_VERSION = 1;
    /** Records kept unless configured otherwise. */
    public static final int DEFAULT_CAPACITY = 32;

    private final Optional<RecordStore> store;
    private final int capacity;
    private final LinkedHashMap<Bytes, ResumptionRecord> byId = new LinkedHashMap<>(16, 0.75f, true);

    private ResumptionStore(Optional<RecordStore> store, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.store = store;
        this.capacity = capacity;
    }

    /** A store that forgets everything on restart (tests, or a device without storage). */
    public static ResumptionStore inMemory(int capacity) {
        return new ResumptionStore(Optional.empty(), capacity);
    }

    /**
     * Loads the records from the durable store.
     *
     * @throws RecordStoreException if the record is corrupt or of an unknown format version
     */
    public static ResumptionStore load(RecordStore durable, int capacity) {
        ResumptionStore loaded = new ResumptionStore(Optional.of(Objects.requireNonNull(durable, "durable")),
                capacity);
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

    /** Stores a record, replacing any for the same fabric and peer node, and persists. */
    public synchronized void put(ResumptionRecord record) {
        byId.values().removeIf(r -> r.fabricIndex() == record.fabricIndex() && r.peerNodeId() == record.peerNodeId());
        byId.put(record.resumptionId(), record);
        trim();
        persist();
    }

    /** Drops every record of a fabric (after RemoveFabric) and persists. */
    public synchronized void removeFabric(int fabricIndex) {
        if (byId.values().removeIf(r -> r.fabricIndex() == fabricIndex)) {
            persist();
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

    private void persist() {
        if (store.isEmpty()) {
            return;
        }
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
        store.get().write(RECORD_NAME, FORMAT_VERSION, writer.endContainer().toByteArray());
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
