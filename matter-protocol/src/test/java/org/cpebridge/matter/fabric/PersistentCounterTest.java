package org.cpebridge.matter.fabric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;

import org.cpebridge.matter.crypto.CryptoRandom;
import org.cpebridge.matter.crypto.FixedRandom;
import org.cpebridge.matter.tlv.TlvTag;
import org.cpebridge.matter.tlv.TlvWriter;
import org.cpebridge.matter.store.RecordStoreException;
import org.junit.jupiter.api.Test;

class PersistentCounterTest {

    private static final String NAME = "matter/counters/global-unencrypted";

    @Test
    void freshCounterStartsInTheSpecRangeAndCounts() {
        // core spec 4.6.1.1: initial value random in [1, 2^28]; 0x00000000 draws 1
        PersistentCounter counter = PersistentCounter.open(new MemoryStore(), NAME, 10, FixedRandom.ofHex("00000000"));
        assertEquals(1, counter.next());
        assertEquals(2, counter.next());
        PersistentCounter high = PersistentCounter.open(new MemoryStore(), NAME, 10, FixedRandom.ofHex("ffffffff"));
        long first = high.next();
        assertTrue(first >= 1 && first <= (1L << 28), "initial value " + first);
    }

    @Test
    void reservesOneBlockPerBlockOfValues() {
        MemoryStore store = new MemoryStore();
        PersistentCounter counter = PersistentCounter.open(store, NAME, 100, FixedRandom.ofHex("00000000"));
        assertEquals(0, store.writes(), "opening writes nothing");
        for (int i = 0; i < 250; i++) {
            counter.next();
        }
        assertEquals(3, store.writes());
    }

    @Test
    void neverReusesAValueAcrossRestartsIncludingAKillRightAfterReserving() {
        CryptoRandom random = TestCredentials.seeded(3);
        Set<Long> handedOut = new HashSet<>();
        long last = -1;
        MemoryStore store = new MemoryStore();
        for (int restart = 0; restart < 20; restart++) {
            // Reopened each time as after a reboot (over the bridge's file store: matter-adapter's
            // DurableRecordStoreTest).
            PersistentCounter counter = PersistentCounter.open(store, NAME, 50, random);
            // restart % 3 == 0: killed right after the block reservation, before using more than one value
            int take = restart % 3 == 0 ? 1 : 37 + restart;
            for (int i = 0; i < take; i++) {
                long value = counter.next();
                assertTrue(handedOut.add(value), "value " + value + " reused after restart " + restart);
                assertTrue(value > last, "counter went backwards: " + value + " after " + last);
                last = value;
            }
        }
    }

    @Test
    void rollsOverFrom32BitsMaxToZero() {
        MemoryStore store = new MemoryStore();
        store.write(NAME, 1, new TlvWriter().startStructure(TlvTag.anonymous())
                .putUnsigned(TlvTag.context(1), 0xFFFF_FFFEL).endContainer().toByteArray());
        PersistentCounter counter = PersistentCounter.open(store, NAME, 10, FixedRandom.ofHex());
        assertEquals(0xFFFF_FFFEL, counter.next());
        assertEquals(0xFFFF_FFFFL, counter.next());
        assertEquals(0, counter.next());
        // After a restart the count continues past the wrap, not back before it.
        assertEquals(0xFFFF_FFFEL + 10 & 0xFFFF_FFFFL, PersistentCounter.open(store, NAME, 10, null).next());
    }

    @Test
    void corruptRecordIsARecordStoreException() {
        MemoryStore store = new MemoryStore();
        store.write(NAME, 1, new byte[] {0x15, 0x2c, 0x01, 0x01, 0x78, 0x18});
        assertThrows(RecordStoreException.class, () -> PersistentCounter.open(store, NAME, 10, null));
        store.write(NAME, 1, new byte[] {0x15});
        assertThrows(RecordStoreException.class, () -> PersistentCounter.open(store, NAME, 10, null));
        store.write(NAME, 7, new byte[] {0x15, 0x18});
        assertThrows(RecordStoreException.class, () -> PersistentCounter.open(store, NAME, 10, null));
    }
}
