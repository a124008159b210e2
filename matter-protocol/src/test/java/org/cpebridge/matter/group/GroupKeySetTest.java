package org.cpebridge.matter.group;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.cpebridge.bytes.Bytes;
import org.cpebridge.matter.im.ImException;
import org.cpebridge.matter.im.ImStatus;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvTag;
import org.junit.jupiter.api.Test;

/**
 * KeySetWrite's GroupKeySet checked as Matter core 1.4 11.2.7.1 asks (the statuses connectedhomeip's server answers):
 * every malformed or inconsistent field gets its status, never an exception of another kind.
 */
class GroupKeySetTest {

    static final Bytes KEY_0 = Bytes.fromHex("d0d1d2d3d4d5d6d7d8d9dadbdcdddedf");
    static final Bytes KEY_1 = Bytes.fromHex("d1d1d2d3d4d5d6d7d8d9dadbdcdddedf");
    static final Bytes KEY_2 = Bytes.fromHex("d2d1d2d3d4d5d6d7d8d9dadbdcdddedf");

    /** A KeySetWrite's fields: GroupKeySet {0 id, 1 policy, 2 key0, 3 time0, 4 key1, 5 time1, 6 key2, 7 time2}. */
    static TlvElement.Structure command(long id, long policy, Object... keysAndTimes) {
        List<TlvElement> members = new ArrayList<>();
        members.add(new TlvElement.UnsignedInt(TlvTag.context(0), id));
        members.add(new TlvElement.UnsignedInt(TlvTag.context(1), policy));
        for (int i = 0; i < 6; i++) {
            Object value = i < keysAndTimes.length ? keysAndTimes[i] : null;
            TlvTag tag = TlvTag.context(2 + i);
            members.add(value == null ? new TlvElement.Null(tag)
                    : value instanceof Bytes bytes ? new TlvElement.Octets(tag, bytes)
                    : value instanceof Long number ? new TlvElement.UnsignedInt(tag, number)
                    : new TlvElement.Utf8(tag, value.toString()));
        }
        return new TlvElement.Structure(TlvTag.anonymous(), List.of(
                new TlvElement.Structure(TlvTag.context(0), members)));
    }

    @Test
    void aKeySetWithThreeEpochKeysIsTaken() throws ImException {
        GroupKeySet set = GroupKeySet.fromCommand(command(0x01A1, 0, KEY_0, 2220000L, KEY_1, 2220001L, KEY_2,
                2220002L));
        assertEquals(0x01A1, set.keySetId());
        assertEquals(GroupKeySet.SecurityPolicy.TRUST_FIRST, set.policy());
        assertEquals(List.of(new GroupKeySet.Epoch(KEY_0, 2220000L), new GroupKeySet.Epoch(KEY_1, 2220001L),
                new GroupKeySet.Epoch(KEY_2, 2220002L)), set.epochs());
        assertFalse(set.toString().contains(KEY_0.hex()), "a key set never shows its keys: " + set);
    }

    @Test
    void badFieldsGetTheSpecStatus() {
        assertStatus(ImStatus.INVALID_COMMAND, command(0, 0, KEY_0, 1L), "key set 0 is the IPK");
        assertStatus(ImStatus.INVALID_COMMAND, command(1, 0, null, 1L), "EpochKey0 null");
        assertStatus(ImStatus.INVALID_COMMAND, command(1, 0, KEY_0, null), "EpochStartTime0 null");
        assertStatus(ImStatus.INVALID_COMMAND, command(1, 0, KEY_0, 0L), "EpochStartTime0 0");
        assertStatus(ImStatus.CONSTRAINT_ERROR, command(1, 0, Bytes.fromHex("d0d1"), 1L), "15-byte key");
        assertStatus(ImStatus.CONSTRAINT_ERROR, command(1, 0, Bytes.of(new byte[17]), 1L), "17-byte key");
        assertStatus(ImStatus.INVALID_COMMAND, command(1, 0, KEY_0, 1L, KEY_1, null), "EpochKey1 without time");
        assertStatus(ImStatus.INVALID_COMMAND, command(1, 0, KEY_0, 1L, null, 2L), "time1 without EpochKey1");
        assertStatus(ImStatus.INVALID_COMMAND, command(1, 0, KEY_0, 2L, KEY_1, 2L), "time1 not later");
        assertStatus(ImStatus.CONSTRAINT_ERROR, command(1, 0, KEY_0, 1L, Bytes.fromHex("00"), 2L), "short key1");
        assertStatus(ImStatus.INVALID_COMMAND, command(1, 0, KEY_0, 1L, null, null, KEY_2, 3L), "key2 without key1");
        assertStatus(ImStatus.INVALID_COMMAND, command(1, 0, KEY_0, 1L, KEY_1, 5L, KEY_2, 4L), "time2 not later");
        assertStatus(ImStatus.INVALID_COMMAND, command(1, 1, KEY_0, 1L), "CacheAndSync without MCSP");
        assertStatus(ImStatus.CONSTRAINT_ERROR, command(1, 7, KEY_0, 1L), "unknown policy");
        assertStatus(ImStatus.INVALID_COMMAND, command(0x10000, 0, KEY_0, 1L), "id beyond 16 bits");
        assertStatus(ImStatus.INVALID_COMMAND, command(1, 0, "not a key", 1L), "key of the wrong type");
        assertStatus(ImStatus.INVALID_COMMAND, command(1, 0, KEY_0, "later"), "time of the wrong type");
        assertStatus(ImStatus.INVALID_COMMAND, new TlvElement.Structure(TlvTag.anonymous(), List.of()),
                "no GroupKeySet");
        assertStatus(ImStatus.INVALID_COMMAND, new TlvElement.Structure(TlvTag.anonymous(), List.of(
                new TlvElement.UnsignedInt(TlvTag.context(0), 1))), "GroupKeySet not a structure");
    }

    @Test
    void keySetReadShowsTheStartTimesAndNeverAKey() throws ImException {
        GroupKeySet set = GroupKeySet.fromCommand(command(7, 0, KEY_0, 10L, KEY_1, 20L));
        TlvElement.Structure read = (TlvElement.Structure) set.withoutKeys(TlvTag.context(0));
        assertEquals(new TlvElement.UnsignedInt(TlvTag.context(0), 7), read.member(0).orElseThrow());
        assertEquals(new TlvElement.UnsignedInt(TlvTag.context(1), 0), read.member(1).orElseThrow());
        for (int key = 2; key <= 6; key += 2) {
            assertEquals(new TlvElement.Null(TlvTag.context(key)), read.member(key).orElseThrow(), "EpochKey");
        }
        assertEquals(new TlvElement.UnsignedInt(TlvTag.context(3), 10), read.member(3).orElseThrow());
        assertEquals(new TlvElement.UnsignedInt(TlvTag.context(5), 20), read.member(5).orElseThrow());
        assertEquals(new TlvElement.Null(TlvTag.context(7)), read.member(7).orElseThrow());
    }

    private static void assertStatus(ImStatus expected, TlvElement.Structure fields, String what) {
        ImException refused = assertThrows(ImException.class, () -> GroupKeySet.fromCommand(fields), what);
        assertEquals(expected, refused.status(), what + ": " + refused.getMessage());
    }
}
