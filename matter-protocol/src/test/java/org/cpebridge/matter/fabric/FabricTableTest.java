package org.cpebridge.matter.fabric;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.cpebridge.matter.crypto.CryptoRandom;
import org.cpebridge.matter.crypto.OperationalKeys;
import org.cpebridge.matter.crypto.P256KeyPair;
import org.cpebridge.bytes.Bytes;
import org.cpebridge.matter.store.RecordStoreException;
import org.junit.jupiter.api.Test;

class FabricTableTest {

    private static final Bytes EPOCH_KEY = Bytes.fromHex("4a71cd6e70fedbda5a4a5af6a5e79d3a");

    private final CryptoRandom random = TestCredentials.seeded(7);

    private Fabric add(FabricTable table, TestCredentials.Issued issued) throws FabricException {
        return table.add(issued.rcac(), issued.icac(), issued.noc(), issued.nodeKey(), EPOCH_KEY, 0xFFF1);
    }

    @Test
    void addedFabricCarriesTheChainIdentityAndSurvivesARestart() throws Exception {
        MemoryStore store = new MemoryStore();
        FabricTable table = FabricTable.load(store, FabricTable.DEFAULT_CAPACITY);
        TestCredentials.Issued issued = TestCredentials.create(0xCACACACA00000001L, 0xFAB000000000001DL, true, random)
                .issue(0xDEDEDEDE00010001L, List.of(0xABCD0001L));

        Fabric fabric = add(table, issued);

        assertEquals(1, fabric.fabricIndex());
        assertEquals(0xFAB000000000001DL, fabric.fabricId());
        assertEquals(0xDEDEDEDE00010001L, fabric.nodeId());
        assertEquals(issued.rootPublicKey(), fabric.rootPublicKey());
        assertEquals(Bytes.of(OperationalKeys.compressedFabricId(issued.rootPublicKey().toByteArray(),
                issued.fabricId())), fabric.compressedFabricId());
        assertEquals(Bytes.of(OperationalKeys.operationalGroupKey(EPOCH_KEY.toByteArray(),
                fabric.compressedFabricId().toByteArray())), fabric.operationalIpk());
        assertEquals("", fabric.label());

        FabricTable reloaded = FabricTable.load(store, FabricTable.DEFAULT_CAPACITY);
        assertEquals(List.of(fabric), reloaded.fabrics());
        assertArrayEquals(issued.nodeKey().privateKeyBytes(),
                reloaded.byIndex(1).orElseThrow().operationalKey().privateKeyBytes());
        assertFalse(fabric.toString().contains(EPOCH_KEY.hex()), "toString must not show the epoch key");
    }

    @Test
    void holdsAtMostItsCapacityOfFabrics() throws Exception {
        FabricTable table = FabricTable.load(new MemoryStore(), FabricTable.DEFAULT_CAPACITY);
        for (int i = 1; i <= 5; i++) {
            add(table, TestCredentials.create(i, 0x100 + i, false, random).issue(i, List.of()));
        }
        TestCredentials.Issued sixth = TestCredentials.create(6, 0x106, false, random).issue(6, List.of());
        FabricException full = assertThrows(FabricException.class, () -> add(table, sixth));
        assertEquals(FabricException.Status.TABLE_FULL, full.status());
        assertEquals(5, table.size());
    }

    @Test
    void sameRootAndFabricIdIsAConflict() throws Exception {
        FabricTable table = FabricTable.load(new MemoryStore(), FabricTable.DEFAULT_CAPACITY);
        TestCredentials ca = TestCredentials.create(1, 0x55, false, random);
        add(table, ca.issue(1, List.of()));
        FabricException conflict = assertThrows(FabricException.class, () -> add(table, ca.issue(2, List.of())));
        assertEquals(FabricException.Status.FABRIC_CONFLICT, conflict.status());
    }

    @Test
    void nocForAnotherKeyIsRefused() {
        FabricTable table = FabricTable.load(new MemoryStore(), FabricTable.DEFAULT_CAPACITY);
        TestCredentials.Issued issued = TestCredentials.create(1, 0x55, false, random).issue(1, List.of());
        FabricException wrong = assertThrows(FabricException.class, () -> table.add(issued.rcac(), issued.icac(),
                issued.noc(), P256KeyPair.generate(random), EPOCH_KEY, 1));
        assertEquals(FabricException.Status.INVALID_PUBLIC_KEY, wrong.status());
    }

    @Test
    void nocFromAnotherRootIsInvalid() {
        FabricTable table = FabricTable.load(new MemoryStore(), FabricTable.DEFAULT_CAPACITY);
        TestCredentials.Issued good = TestCredentials.create(1, 0x55, false, random).issue(1, List.of());
        TestCredentials.Issued foreign = TestCredentials.create(2, 0x55, false, random).issue(1, List.of());
        FabricException invalid = assertThrows(FabricException.class, () -> table.add(good.rcac(), Optional.empty(),
                foreign.noc(), foreign.nodeKey(), EPOCH_KEY, 1));
        assertEquals(FabricException.Status.INVALID_NOC, invalid.status());
    }

    @Test
    void labelsAreUniqueAmongFabricsExceptTheEmptyDefault() throws Exception {
        MemoryStore store = new MemoryStore();
        FabricTable table = FabricTable.load(store, FabricTable.DEFAULT_CAPACITY);
        Fabric one = add(table, TestCredentials.create(1, 0x51, false, random).issue(1, List.of()));
        Fabric two = add(table, TestCredentials.create(2, 0x52, false, random).issue(2, List.of()));
        assertEquals("", one.label());
        assertEquals("", two.label());

        table.updateLabel(one.fabricIndex(), "Living room");
        FabricException conflict = assertThrows(FabricException.class,
                () -> table.updateLabel(two.fabricIndex(), "Living room"));
        assertEquals(FabricException.Status.LABEL_CONFLICT, conflict.status());
        // Setting a fabric's own label again is no conflict.
        assertEquals("Living room", table.updateLabel(one.fabricIndex(), "Living room").label());
        assertThrows(IllegalArgumentException.class, () -> table.updateLabel(one.fabricIndex(), "x".repeat(33)));
        FabricException missing = assertThrows(FabricException.class, () -> table.updateLabel(9, "Kitchen"));
        assertEquals(FabricException.Status.INVALID_FABRIC_INDEX, missing.status());

        FabricTable reloaded = FabricTable.load(store, FabricTable.DEFAULT_CAPACITY);
        assertEquals("Living room", reloaded.byIndex(one.fabricIndex()).orElseThrow().label());
        assertEquals("", reloaded.byIndex(two.fabricIndex()).orElseThrow().label());
    }

    @Test
    void removeIsPersistedAndTheIndexIsNotReusedAtOnce() throws Exception {
        MemoryStore store = new MemoryStore();
        FabricTable table = FabricTable.load(store, FabricTable.DEFAULT_CAPACITY);
        Fabric one = add(table, TestCredentials.create(1, 0x51, false, random).issue(1, List.of()));
        table.remove(one.fabricIndex());
        assertEquals(FabricException.Status.INVALID_FABRIC_INDEX,
                assertThrows(FabricException.class, () -> table.remove(one.fabricIndex())).status());

        FabricTable reloaded = FabricTable.load(store, FabricTable.DEFAULT_CAPACITY);
        assertEquals(0, reloaded.size());
        Fabric next = add(reloaded, TestCredentials.create(2, 0x52, false, random).issue(2, List.of()));
        assertEquals(2, next.fabricIndex());
    }

    @Test
    void updateNocKeepsTheFabricAndMayChangeTheNodeId() throws Exception {
        MemoryStore store = new MemoryStore();
        FabricTable table = FabricTable.load(store, FabricTable.DEFAULT_CAPACITY);
        TestCredentials ca = TestCredentials.create(1, 0x51, true, random);
        Fabric fabric = add(table, ca.issue(1, List.of()));
        table.updateLabel(fabric.fabricIndex(), "Home");
        TestCredentials.Issued renewed = ca.issue(0x77, List.of());

        Fabric updated = table.updateNoc(fabric.fabricIndex(), renewed.icac(), renewed.noc(), renewed.nodeKey());

        assertEquals(0x77, updated.nodeId());
        assertEquals("Home", updated.label());
        assertEquals(fabric.operationalIpk(), updated.operationalIpk());
        assertEquals(updated, FabricTable.load(store, 5).byIndex(fabric.fabricIndex()).orElseThrow());

        TestCredentials.Issued foreign = TestCredentials.create(9, 0x51, false, random).issue(0x78, List.of());
        assertEquals(FabricException.Status.INVALID_NOC, assertThrows(FabricException.class,
                () -> table.updateNoc(fabric.fabricIndex(), Optional.empty(), foreign.noc(), foreign.nodeKey()))
                .status());
    }

    @Test
    void destinationIdFindsTheAddressedFabricOnly() throws Exception {
        FabricTable table = FabricTable.load(new MemoryStore(), FabricTable.DEFAULT_CAPACITY);
        Fabric one = add(table, TestCredentials.create(1, 0x51, false, random).issue(0x11, List.of()));
        Fabric two = add(table, TestCredentials.create(2, 0x52, false, random).issue(0x22, List.of()));
        Bytes initiatorRandom = Bytes.of(random.bytes(32));
        Bytes toTwo = Bytes.of(OperationalKeys.caseDestinationId(two.operationalIpk().toByteArray(),
                initiatorRandom.toByteArray(), two.rootPublicKey().toByteArray(), two.fabricId(), two.nodeId()));
        assertEquals(Optional.of(two), table.findByDestinationId(toTwo, initiatorRandom));

        Bytes wrongNode = Bytes.of(OperationalKeys.caseDestinationId(one.operationalIpk().toByteArray(),
                initiatorRandom.toByteArray(), one.rootPublicKey().toByteArray(), one.fabricId(), 0x99));
        assertTrue(table.findByDestinationId(wrongNode, initiatorRandom).isEmpty());
        assertTrue(table.findByDestinationId(toTwo, Bytes.of(random.bytes(32))).isEmpty());
    }

    @Test
    void aFailedWriteLeavesTheTableUnchanged() throws Exception {
        MemoryStore store = new MemoryStore();
        FabricTable table = FabricTable.load(store, FabricTable.DEFAULT_CAPACITY);
        Fabric one = add(table, TestCredentials.create(1, 0x51, false, random).issue(1, List.of()));
        store.failWrites(true);
        assertThrows(RecordStoreException.class, () -> table.updateLabel(one.fabricIndex(), "Kitchen"));
        assertThrows(RecordStoreException.class,
                () -> add(table, TestCredentials.create(2, 0x52, false, random).issue(2, List.of())));
        assertEquals(List.of(one), table.fabrics());
    }

    @Test
    void corruptOrUnknownRecordsAreReportedNotIgnored() {
        MemoryStore garbage = new MemoryStore();
        garbage.write(FabricTable.RECORD_NAME, FabricTable.FORMAT_VERSION, new byte[] {0x15, 0x24, 0x01});
        RecordStoreException corrupt = assertThrows(RecordStoreException.class, () -> FabricTable.load(garbage, 5));
        assertTrue(corrupt.getMessage().contains("matter/fabrics is corrupt"), corrupt.getMessage());

        MemoryStore wrongType = new MemoryStore();
        // {1: 1, 2: [ {1: "x"} ]}: a fabric whose index is a string
        wrongType.write(FabricTable.RECORD_NAME, 1, Bytes.fromHex("152401013602152c0101781818").toByteArray());
        assertThrows(RecordStoreException.class, () -> FabricTable.load(wrongType, 5));

        MemoryStore future = new MemoryStore();
        future.write(FabricTable.RECORD_NAME, 2, new byte[] {0x15, 0x18});
        RecordStoreException version = assertThrows(RecordStoreException.class, () -> FabricTable.load(future, 5));
        assertTrue(version.getMessage().contains("format version 2"), version.getMessage());
    }
}
