package org.cpebridge.matter.fabric;

import java.util.Objects;
import java.util.Optional;

import org.cpebridge.matter.crypto.CryptoRandom;
import org.cpebridge.matter.store.RecordStore;
import org.cpebridge.matter.store.RecordStoreException;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvException;
import org.cpebridge.matter.tlv.TlvTag;
import org.cpebridge.matter.tlv.TlvWriter;

/**
 * A 32-bit message counter that must never repeat across restarts (Matter core spec 4.6.1: the global unencrypted
 * and group counters are persisted). Values are reserved in blocks: before handing out the first value of a block,
 * the end of the block is written to the store, so after a restart (or a kill at any moment) the counter resumes
 * at the reserved end and at most one block of values is skipped, none reused.
 *
 * <p>Internally the count is a monotonically increasing 64-bit number; the message counter is its low 32 bits, so
 * it rolls over from 2^32-1 to 0 as the global counters do. A fresh counter starts at a random value in [1, 2^28]
 * (core spec 4.6.1.1). Stored form, format 1: TLV {@code {1: reserved end (u64)}}. Methods are synchronized.
 */
public final class PersistentCounter {

    /** Format version of the counter record. */
    public static final int FORMAT_VERSION = 1;
    /** Block size used when none is given. */
    public static final int DEFAULT_BLOCK = 1000;

    private static final long MAX_INITIAL = 1L << 28;

    private final RecordStore store;
    private final String recordName;
    private final int block;
    private long next;
    private long reservedEnd;

    private PersistentCounter(RecordStore store, String recordName, int block, long next) {
        this.store = store;
        this.recordName = recordName;
        this.block = block;
        this.next = next;
        this.reservedEnd = next;
    }

    /**
     * Opens the counter stored under {@code recordName} (e.g. {@code matter/counters/global-unencrypted}), creating
     * it with a random start if absent. Nothing is written until the first value is taken.
     *
     * @throws RecordStoreException if the record is corrupt
     */
    public static PersistentCounter open(RecordStore store, String recordName, int block, CryptoRandom random) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(recordName, "recordName");
        if (block < 1 || block > 1_000_000) {
            throw new IllegalArgumentException("block size out of range 1..1000000: " + block);
        }
        Optional<byte[]> stored = store.read(recordName, FORMAT_VERSION);
        long start;
        if (stored.isPresent()) {
            start = decode(recordName, stored.get());
        } else {
            byte[] bytes = random.bytes(4);
            long value = ((bytes[0] & 0xFFL) << 24 | (bytes[1] & 0xFFL) << 16 | (bytes[2] & 0xFFL) << 8
                    | (bytes[3] & 0xFFL));
            start = 1 + value % MAX_INITIAL;
        }
        return new PersistentCounter(store, recordName, block, start);
    }

    /** Takes the next value (the low 32 bits of the internal count), reserving a new block first when needed. */
    public synchronized long next() {
        if (next >= reservedEnd) {
            long end = next + block;
            store.write(recordName, FORMAT_VERSION, new TlvWriter().startStructure(TlvTag.anonymous())
                    .putUnsigned(TlvTag.context(1), end).endContainer().toByteArray());
            reservedEnd = end;
        }
        long value = next & 0xFFFF_FFFFL;
        next++;
        return value;
    }

    /** The value the next call returns, without taking it. */
    public synchronized long peek() {
        return next & 0xFFFF_FFFFL;
    }

    private static long decode(String name, byte[] payload) {
        try {
            TlvElement element = TlvElement.decode(payload);
            if (element instanceof TlvElement.Structure s
                    && s.member(1).orElse(null) instanceof TlvElement.UnsignedInt end && end.value() > 0) {
                return end.value();
            }
            throw new RecordStoreException(name + " is corrupt: no reserved end");
        } catch (TlvException e) {
            throw new RecordStoreException(name + " is corrupt: " + e.getMessage(), e);
        }
    }
}
