package org.cpebridge.matter.group;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.cpebridge.bytes.Bytes;
import org.cpebridge.matter.fabric.MemoryStore;
import org.cpebridge.matter.im.ImException;
import org.cpebridge.matter.im.ImStatus;
import org.cpebridge.matter.store.RecordStoreException;
import org.cpebridge.matter.tlv.TlvTag;
import org.cpebridge.matter.tlv.TlvWriter;
import org.junit.jupiter.api.Test;

/**
 * The group tables: key sets, GroupKeyMap and memberships per fabric, their limits and statuses (as connectedhomeip's
 * servers answer), what they tell the group-message path and Scenes, and their stored record (reopening the tables over
 * the same store is a restart).
 */
class GroupTablesTest {

    private static final int FABRIC = 1;
    private static final int OTHER_FABRIC = 2;

    private final MemoryStore store = new MemoryStore();

    private static GroupKeySet keySet(int id, long start) {
        return new GroupKeySet(id, GroupKeySet.SecurityPolicy.TRUST_FIRST,
                List.of(new GroupKeySet.Epoch(GroupKeySetTest.KEY_0, start)));
    }

    /** Tables where fabric 1 has key set 0x01A1 and group 0x0101 mapped to it. */
    private GroupTables keyed() throws ImException {
        GroupTables tables = GroupTables.load(store);
        tables.writeKeySet(FABRIC, keySet(0x01A1, 1000));
        tables.replaceKeyMap(FABRIC, List.of(new GroupTables.KeyMapEntry(0x0101, 0x01A1)));
        return tables;
    }

    @Test
    void keySetsAreCountedWithTheIpkAndRemovedWithTheirMappings() throws ImException {
        GroupTables tables = keyed();
        assertEquals(List.of(0, 0x01A1), tables.keySetIds(FABRIC), "the IPK is listed first");
        tables.writeKeySet(FABRIC, keySet(0x01A2, 2000));
        // Rewriting an existing set is not a new one.
        tables.writeKeySet(FABRIC, keySet(0x01A2, 3000));
        assertEquals(3000, tables.keySet(FABRIC, 0x01A2).orElseThrow().epochs().get(0).startTimeMicros());
        assertStatus(ImStatus.RESOURCE_EXHAUSTED, () -> tables.writeKeySet(FABRIC, keySet(0x01A3, 1)));
        // Each fabric has its own limit.
        tables.writeKeySet(OTHER_FABRIC, keySet(0x01A3, 1));

        assertStatus(ImStatus.INVALID_COMMAND, () -> tables.removeKeySet(FABRIC, 0));
        assertStatus(ImStatus.NOT_FOUND, () -> tables.removeKeySet(FABRIC, 0x7777));
        assertStatus(ImStatus.NOT_FOUND, () -> tables.removeKeySet(FABRIC, 0x01A3));
        tables.removeKeySet(FABRIC, 0x01A1);
        assertEquals(List.of(), tables.keyMap(FABRIC), "its GroupKeyMap entries go with it");
        assertEquals(List.of(0, 0x01A2), tables.keySetIds(FABRIC));
    }

    @Test
    void groupKeyMapEntriesAreCheckedAsAWhole() throws ImException {
        GroupTables tables = keyed();
        List<GroupTables.KeyMapEntry> before = tables.keyMap(FABRIC);
        assertStatus(ImStatus.CONSTRAINT_ERROR, () -> tables.replaceKeyMap(FABRIC,
                List.of(new GroupTables.KeyMapEntry(0x0102, 0x01A1), new GroupTables.KeyMapEntry(0x0102, 0x01A1))));
        assertStatus(ImStatus.CONSTRAINT_ERROR, () -> tables.replaceKeyMap(FABRIC,
                List.of(new GroupTables.KeyMapEntry(0x0102, 0))));
        assertStatus(ImStatus.CONSTRAINT_ERROR, () -> tables.replaceKeyMap(FABRIC,
                List.of(new GroupTables.KeyMapEntry(0, 0x01A1))));
        List<GroupTables.KeyMapEntry> tooMany = new ArrayList<>();
        for (int group = 1; group <= GroupTables.DEFAULT_MAX_GROUPS_PER_FABRIC + 1; group++) {
            tooMany.add(new GroupTables.KeyMapEntry(group, 0x01A1));
        }
        assertStatus(ImStatus.RESOURCE_EXHAUSTED, () -> tables.replaceKeyMap(FABRIC, tooMany));
        assertEquals(before, tables.keyMap(FABRIC), "a refused write changes nothing");
        tables.replaceKeyMap(FABRIC, tooMany.subList(0, GroupTables.DEFAULT_MAX_GROUPS_PER_FABRIC));
        assertEquals(GroupTables.DEFAULT_MAX_GROUPS_PER_FABRIC, tables.keyMap(FABRIC).size());
        assertEquals(List.of(), tables.keyMap(OTHER_FABRIC));
    }

    @Test
    void membershipsNeedAKeyAndStayWithinTheLimit() throws ImException {
        GroupTables tables = keyed();
        assertStatus(ImStatus.CONSTRAINT_ERROR, () -> tables.addGroup(FABRIC, 3, 0, "zero"));
        assertStatus(ImStatus.CONSTRAINT_ERROR, () -> tables.addGroup(FABRIC, 3, 0x0101, "seventeen bytes!!"));
        assertStatus(ImStatus.UNSUPPORTED_ACCESS, () -> tables.addGroup(FABRIC, 3, 0x0202, "no key"));
        assertStatus(ImStatus.UNSUPPORTED_ACCESS, () -> tables.addGroup(OTHER_FABRIC, 3, 0x0101, "other fabric"));
        tables.addGroup(FABRIC, 3, 0x0101, "Kitchen");
        tables.addGroup(FABRIC, 4, 0x0101, "Kitchen");
        assertEquals(List.of(new GroupTables.Group(0x0101, "Kitchen", List.of(3, 4))), tables.groups(FABRIC));
        assertEquals(Optional.of("Kitchen"), tables.viewGroup(FABRIC, 4, 0x0101));
        assertEquals(Optional.empty(), tables.viewGroup(FABRIC, 5, 0x0101));
        assertEquals(Optional.empty(), tables.viewGroup(OTHER_FABRIC, 4, 0x0101));
        assertEquals(List.of(0x0101), tables.groupsOf(FABRIC, 3));
        assertEquals(Set.of(3, 4), tables.endpointsOf(FABRIC, 0x0101));
        assertTrue(tables.isMember(FABRIC, 3, 0x0101));
        assertFalse(tables.isMember(OTHER_FABRIC, 3, 0x0101));

        List<GroupTables.KeyMapEntry> full = new ArrayList<>();
        for (int group = 1; group <= GroupTables.DEFAULT_MAX_GROUPS_PER_FABRIC; group++) {
            full.add(new GroupTables.KeyMapEntry(0x0100 + group, 0x01A1));
        }
        tables.replaceKeyMap(FABRIC, full);
        for (int group = 2; group <= GroupTables.DEFAULT_MAX_GROUPS_PER_FABRIC; group++) {
            tables.addGroup(FABRIC, 3, 0x0100 + group, "");
        }
        tables.replaceKeyMap(FABRIC, List.of(new GroupTables.KeyMapEntry(0x0F00, 0x01A1)));
        assertStatus(ImStatus.RESOURCE_EXHAUSTED, () -> tables.addGroup(FABRIC, 3, 0x0F00, "thirteenth"));
        // Joining a group that exists is not a new group, and renames it.
        tables.replaceKeyMap(FABRIC, List.of(new GroupTables.KeyMapEntry(0x0101, 0x01A1)));
        tables.addGroup(FABRIC, 5, 0x0101, "Cooking");
        assertEquals(new GroupTables.Group(0x0101, "Cooking", List.of(3, 4, 5)), tables.groups(FABRIC).get(0));
    }

    @Test
    void everyStoredChangeTellsTheChangeListenersOnceAndARefusedOneDoesNot() throws ImException {
        GroupTables tables = GroupTables.load(store);
        List<String> told = new ArrayList<>();
        tables.onChange(() -> told.add("changed, " + tables.epochKeys().size() + " keys"));
        tables.writeKeySet(FABRIC, keySet(0x01A1, 1000));
        tables.replaceKeyMap(FABRIC, List.of(new GroupTables.KeyMapEntry(0x0101, 0x01A1)));
        tables.addGroup(FABRIC, 3, 0x0101, "Kitchen");
        assertEquals(List.of("changed, 0 keys", "changed, 1 keys", "changed, 1 keys"), told,
                "told after the change is stored: the listener reads the new state");
        assertStatus(ImStatus.CONSTRAINT_ERROR, () -> tables.addGroup(FABRIC, 3, 0, "Nothing"));
        assertEquals(3, told.size(), "a refused change is not a change");
        tables.removeGroup(FABRIC, 3, 0x0101);
        tables.writeKeySet(FABRIC, keySet(0x01A2, 2000));
        tables.removeKeySet(FABRIC, 0x01A2);
        assertTrue(tables.removeFabric(FABRIC));
        assertEquals(List.of("changed, 0 keys", "changed, 1 keys", "changed, 1 keys", "changed, 1 keys",
                "changed, 1 keys", "changed, 1 keys", "changed, 0 keys"), told,
                "a member's removal, a key set's removal and a fabric's removal are changes too");
    }

    @Test
    void removalsTellTheListenersAndEmptyGroupsLeaveTheTable() throws ImException {
        GroupTables tables = keyed();
        List<String> told = new ArrayList<>();
        tables.onMembershipRemoved((fabric, endpoint, group) -> told.add(fabric + "/" + endpoint + "/" + group));
        tables.addGroup(FABRIC, 3, 0x0101, "Kitchen");
        tables.addGroup(FABRIC, 4, 0x0101, "Kitchen");

        assertStatus(ImStatus.NOT_FOUND, () -> tables.removeGroup(FABRIC, 5, 0x0101));
        assertStatus(ImStatus.CONSTRAINT_ERROR, () -> tables.removeGroup(FABRIC, 3, 0));
        tables.removeGroup(FABRIC, 3, 0x0101);
        assertEquals(List.of("1/3/257"), told);
        assertFalse(tables.removeAllGroups(FABRIC, 3), "endpoint 3 is in no group any more");
        assertTrue(tables.removeAllGroups(FABRIC, 4));
        assertEquals(List.of(), tables.groups(FABRIC), "a group without endpoints leaves the table");
        assertEquals(List.of("1/3/257", "1/4/257"), told);

        tables.addGroup(FABRIC, 6, 0x0101, "Kitchen");
        assertTrue(tables.removeEndpoint(6));
        assertFalse(tables.removeEndpoint(6));
        tables.addGroup(FABRIC, 7, 0x0101, "Kitchen");
        assertTrue(tables.removeFabric(FABRIC));
        assertEquals(List.of("1/3/257", "1/4/257", "1/6/257", "1/7/257"), told);
        assertEquals(List.of(0), tables.keySetIds(FABRIC), "the fabric's key sets are gone");
        assertEquals(List.of(), tables.fabrics());
        assertFalse(tables.removeFabric(FABRIC));
    }

    @Test
    void epochKeysAreThoseOfMappedKeySetsWithTheirGroups() throws ImException {
        GroupTables tables = keyed();
        tables.writeKeySet(FABRIC, new GroupKeySet(0x01A2, GroupKeySet.SecurityPolicy.TRUST_FIRST, List.of(
                new GroupKeySet.Epoch(GroupKeySetTest.KEY_1, 10), new GroupKeySet.Epoch(GroupKeySetTest.KEY_2, 20))));
        assertEquals(1, tables.epochKeys().size(), "key set 0x01A2 protects no group yet");
        tables.replaceKeyMap(FABRIC, List.of(new GroupTables.KeyMapEntry(0x0101, 0x01A1),
                new GroupTables.KeyMapEntry(0x0102, 0x01A2), new GroupTables.KeyMapEntry(0x0103, 0x01A2)));
        List<GroupDirectory.EpochKey> keys = tables.epochKeys();
        assertEquals(3, keys.size());
        GroupDirectory.EpochKey first = keys.get(0);
        assertEquals(0x01A1, first.keySetId());
        assertArrayEquals(GroupKeySetTest.KEY_0.toByteArray(), first.epochKey());
        assertEquals(Set.of(0x0101), first.groupIds());
        assertEquals(Set.of(0x0102, 0x0103), keys.get(2).groupIds());
        assertEquals(20, keys.get(2).startTimeMicros());
        assertEquals(FABRIC, keys.get(2).fabricIndex());
    }

    @Test
    void everythingSurvivesARestartAndAFailedWriteChangesNothing() throws ImException {
        GroupTables tables = keyed();
        tables.addGroup(FABRIC, 3, 0x0101, "Kitchen");
        tables.writeKeySet(OTHER_FABRIC, keySet(0x0200, 5));

        GroupTables reopened = GroupTables.load(store);
        assertEquals(tables.groups(FABRIC), reopened.groups(FABRIC));
        assertEquals(tables.keyMap(FABRIC), reopened.keyMap(FABRIC));
        assertEquals(tables.keySet(FABRIC, 0x01A1), reopened.keySet(FABRIC, 0x01A1));
        assertEquals(List.of(0, 0x0200), reopened.keySetIds(OTHER_FABRIC));
        assertEquals(tables.epochKeys().size(), reopened.epochKeys().size());

        int writes = store.writes();
        store.failWrites(true);
        assertThrows(RecordStoreException.class, () -> reopened.addGroup(FABRIC, 4, 0x0101, "Kitchen"));
        assertThrows(RecordStoreException.class, () -> reopened.removeFabric(FABRIC));
        store.failWrites(false);
        assertEquals(writes, store.writes());
        assertEquals(List.of(3), reopened.groups(FABRIC).get(0).endpoints(), "the failed changes did not happen");
        assertEquals(List.of(FABRIC, OTHER_FABRIC), reopened.fabrics());
    }

    /** The stored record, format 1, byte for byte (our own format: this vector pins it to its version number). */
    @Test
    void theRecordIsStoredInFormatOne() throws ImException {
        GroupTables tables = GroupTables.load(store);
        tables.writeKeySet(FABRIC, new GroupKeySet(1, GroupKeySet.SecurityPolicy.TRUST_FIRST,
                List.of(new GroupKeySet.Epoch(GroupKeySetTest.KEY_0, 1000))));
        tables.replaceKeyMap(FABRIC, List.of(new GroupTables.KeyMapEntry(0x0101, 1)));
        tables.addGroup(FABRIC, 3, 0x0101, "K");
        String expected = String.join("",
                "15", "3601",                       // { 1: [
                "15", "240101",                     //   { 1 fabric index 1,
                "3602", "15", "240101", "240200",   //     2: [ { 1 key set 1, 2 policy TrustFirst,
                "3603", "15", "3001" + "10" + GroupKeySetTest.KEY_0.hex(), "2502e803", "18",
                                                    //       3: [ { 1 epoch key (16 bytes), 2 start time 1000 } ]
                "18", "18", "18",                   //     } ],
                "3603", "15", "25010101", "240201", "18", "18", // 3: [ { 1 group 0x0101, 2 key set 1 } ],
                "3604", "15", "25010101", "2c02014b", "3603", "0403", "18", "18", "18",
                                                    //     4: [ { 1 group 0x0101, 2 name "K", 3: [endpoint 3] } ]
                "18", "18", "18");                  //   } ] }
        assertEquals(expected, Bytes.of(store.read(GroupTables.RECORD, 1).orElseThrow()).hex());
        assertEquals(tables.groups(FABRIC), GroupTables.load(store).groups(FABRIC));
    }

    @Test
    void aCorruptRecordIsReportedNotGuessed() {
        store.write(GroupTables.RECORD, 1, new byte[] {0x15, 0x36});
        assertThrows(RecordStoreException.class, () -> GroupTables.load(store));
        // Well-formed TLV whose values the tables would refuse: a 15-byte epoch key.
        TlvWriter writer = new TlvWriter().startStructure(TlvTag.anonymous()).startArray(TlvTag.context(1))
                .startStructure(TlvTag.anonymous()).putUnsigned(TlvTag.context(1), 1)
                .startArray(TlvTag.context(2)).startStructure(TlvTag.anonymous())
                .putUnsigned(TlvTag.context(1), 5).putUnsigned(TlvTag.context(2), 0)
                .startArray(TlvTag.context(3)).startStructure(TlvTag.anonymous())
                .putBytes(TlvTag.context(1), Bytes.of(new byte[15])).putUnsigned(TlvTag.context(2), 1)
                .endContainer().endContainer().endContainer().endContainer()
                .startArray(TlvTag.context(3)).endContainer().startArray(TlvTag.context(4)).endContainer()
                .endContainer().endContainer();
        store.write(GroupTables.RECORD, 1, writer.endContainer().toByteArray());
        RecordStoreException refused = assertThrows(RecordStoreException.class, () -> GroupTables.load(store));
        assertTrue(refused.getMessage().contains(GroupTables.RECORD), refused.getMessage());
        store.write(GroupTables.RECORD, 2, new byte[] {0x15, 0x18});
        assertThrows(RecordStoreException.class, () -> GroupTables.load(store), "another format version");
    }

    private interface Action {
        void run() throws ImException;
    }

    private static void assertStatus(ImStatus expected, Action action) {
        ImException refused = assertThrows(ImException.class, action::run);
        assertEquals(expected, refused.status(), refused.getMessage());
    }
}
