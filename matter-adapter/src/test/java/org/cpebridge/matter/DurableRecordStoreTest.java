package org.cpebridge.matter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.cpebridge.core.store.FileDurableStore;
import org.cpebridge.matter.crypto.CryptoRandom;
import org.cpebridge.matter.fabric.Fabric;
import org.cpebridge.matter.fabric.FabricTable;
import org.cpebridge.matter.fabric.PersistentCounter;
import org.cpebridge.matter.fabric.TestCredentials;
import org.cpebridge.matter.store.RecordStoreException;
import org.cpebridge.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** matter-protocol's persistent state over the bridge's real file store, reopened as after a reboot. */
class DurableRecordStoreTest {

    @TempDir
    Path dir;

    private DurableRecordStore reopen() {
        return new DurableRecordStore(new FileDurableStore(dir));
    }

    @Test
    void aFabricSurvivesARestart() throws Exception {
        CryptoRandom random = TestCredentials.seeded(11);
        TestCredentials.Issued issued = TestCredentials.create(0xCACACACA00000001L, 0xFAB000000000001DL, true, random)
                .issue(0xDEDEDEDE00010001L, List.of());
        Fabric fabric = FabricTable.load(reopen(), FabricTable.DEFAULT_CAPACITY).add(issued.rcac(), issued.icac(),
                issued.noc(), issued.nodeKey(), Bytes.fromHex("000102030405060708090a0b0c0d0e0f"), 0xFFF1);

        FabricTable reloaded = FabricTable.load(reopen(), FabricTable.DEFAULT_CAPACITY);

        assertEquals(List.of(fabric), reloaded.fabrics());
        assertArrayEquals(issued.nodeKey().privateKeyBytes(),
                reloaded.byIndex(fabric.fabricIndex()).orElseThrow().operationalKey().privateKeyBytes());
    }

    @Test
    void aCounterNeverRepeatsAcrossRestarts() {
        CryptoRandom random = TestCredentials.seeded(3);
        Set<Long> handedOut = new HashSet<>();
        for (int restart = 0; restart < 5; restart++) {
            PersistentCounter counter = PersistentCounter.open(reopen(), "matter/counters/test", 20, random);
            for (int i = 0; i < 7 * restart + 1; i++) {
                long value = counter.next();
                assertTrue(handedOut.add(value), "value " + value + " reused after restart " + restart);
            }
        }
    }

    @Test
    void anotherFormatOrAFailedWriteIsARecordStoreException() throws Exception {
        DurableRecordStore store = reopen();
        store.write("matter/fabrics", 7, new byte[] {0x15, 0x18});
        RecordStoreException format = assertThrows(RecordStoreException.class,
                () -> FabricTable.load(store, FabricTable.DEFAULT_CAPACITY));
        assertTrue(format.getMessage().contains("format version 7"), format.getMessage());

        // A file where the record's directory must go: the core store's write fails.
        Files.writeString(dir.resolve("blocked"), "x");
        assertThrows(RecordStoreException.class, () -> store.write("blocked/record", 1, new byte[] {0x15, 0x18}));
    }
}
