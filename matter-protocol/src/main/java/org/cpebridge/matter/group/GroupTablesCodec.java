package org.cpebridge.matter.group;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.cpebridge.matter.store.RecordStoreException;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvException;
import org.cpebridge.matter.tlv.TlvTag;
import org.cpebridge.matter.tlv.TlvWriter;

/**
 * Stored form of the {@link GroupTables}, format version 1, as Matter TLV: {@code {1: [ {1 fabric index, 2: [ {1 key
 * set id, 2 policy, 3: [ {1 epoch key, 2 start time} ...]} ...], 3: [ {1 group id, 2 key set id} ...], 4: [ {1 group
 * id, 2 name, 3: [endpoint ...]} ...]} ...]}}. Anything else, or values the tables would refuse, is reported as a corrupt
 * record.
 */
final class GroupTablesCodec {

    static final int FORMAT_VERSION = 1;

    private GroupTablesCodec() {
    }

    static byte[] encode(SortedMap<Integer, GroupTables.FabricGroups> fabrics) {
        TlvWriter writer = new TlvWriter().startStructure(TlvTag.anonymous());
        writer.startArray(TlvTag.context(1));
        for (Map.Entry<Integer, GroupTables.FabricGroups> fabric : fabrics.entrySet()) {
            writer.startStructure(TlvTag.anonymous());
            writer.putUnsigned(TlvTag.context(1), fabric.getKey());
            writer.startArray(TlvTag.context(2));
            for (GroupKeySet keySet : fabric.getValue().keySets().values()) {
                writer.startStructure(TlvTag.anonymous());
                writer.putUnsigned(TlvTag.context(1), keySet.keySetId());
                writer.putUnsigned(TlvTag.context(2), keySet.policy().code());
                writer.startArray(TlvTag.context(3));
                for (GroupKeySet.Epoch epoch : keySet.epochs()) {
                    writer.startStructure(TlvTag.anonymous());
                    writer.putBytes(TlvTag.context(1), epoch.key());
                    writer.putUnsigned(TlvTag.context(2), epoch.startTimeMicros());
                    writer.endContainer();
                }
                writer.endContainer();
                writer.endContainer();
            }
            writer.endContainer();
            writer.startArray(TlvTag.context(3));
            for (GroupTables.KeyMapEntry entry : fabric.getValue().keyMap()) {
                writer.startStructure(TlvTag.anonymous());
                writer.putUnsigned(TlvTag.context(1), entry.groupId());
                writer.putUnsigned(TlvTag.context(2), entry.keySetId());
                writer.endContainer();
            }
            writer.endContainer();
            writer.startArray(TlvTag.context(4));
            for (GroupTables.Group group : fabric.getValue().groups().values()) {
                writer.startStructure(TlvTag.anonymous());
                writer.putUnsigned(TlvTag.context(1), group.groupId());
                writer.putString(TlvTag.context(2), group.name());
                writer.startArray(TlvTag.context(3));
                for (int endpoint : group.endpoints()) {
                    writer.putUnsigned(TlvTag.anonymous(), endpoint);
                }
                writer.endContainer();
                writer.endContainer();
            }
            writer.endContainer();
            writer.endContainer();
        }
        writer.endContainer();
        return writer.endContainer().toByteArray();
    }

    static SortedMap<Integer, GroupTables.FabricGroups> decode(String name, byte[] payload) {
        try {
            TlvElement.Structure root = struct(TlvElement.decode(payload));
            SortedMap<Integer, GroupTables.FabricGroups> fabrics = new TreeMap<>();
            for (TlvElement element : array(root, 1)) {
                TlvElement.Structure fabric = struct(element);
                int fabricIndex = (int) unsigned(fabric, 1, 254);
                if (fabricIndex < 1 || fabrics.containsKey(fabricIndex)) {
                    throw new IllegalArgumentException("fabric index " + fabricIndex + " zero or repeated");
                }
                SortedMap<Integer, GroupKeySet> keySets = new TreeMap<>();
                for (TlvElement k : array(fabric, 2)) {
                    TlvElement.Structure keySet = struct(k);
                    int id = (int) unsigned(keySet, 1, 0xFFFF);
                    int policy = (int) unsigned(keySet, 2, 1);
                    List<GroupKeySet.Epoch> epochs = new ArrayList<>();
                    for (TlvElement e : array(keySet, 3)) {
                        TlvElement.Structure epoch = struct(e);
                        if (!(epoch.member(1).orElse(null) instanceof TlvElement.Octets key)) {
                            throw new IllegalArgumentException("epoch key is not an octet string");
                        }
                        epochs.add(new GroupKeySet.Epoch(key.value(), unsigned(epoch, 2, -1L)));
                    }
                    keySets.put(id, new GroupKeySet(id, GroupKeySet.SecurityPolicy.values()[policy], epochs));
                }
                List<GroupTables.KeyMapEntry> keyMap = new ArrayList<>();
                for (TlvElement m : array(fabric, 3)) {
                    TlvElement.Structure entry = struct(m);
                    keyMap.add(new GroupTables.KeyMapEntry((int) unsigned(entry, 1, 0xFFFF),
                            (int) unsigned(entry, 2, 0xFFFF)));
                }
                SortedMap<Integer, GroupTables.Group> groups = new TreeMap<>();
                for (TlvElement g : array(fabric, 4)) {
                    TlvElement.Structure group = struct(g);
                    int groupId = (int) unsigned(group, 1, 0xFFFF);
                    if (!(group.member(2).orElse(null) instanceof TlvElement.Utf8 groupName)) {
                        throw new IllegalArgumentException("group name is not a string");
                    }
                    List<Integer> endpoints = new ArrayList<>();
                    for (TlvElement endpoint : array(group, 3)) {
                        if (!(endpoint instanceof TlvElement.UnsignedInt number) || number.value() > 0xFFFE) {
                            throw new IllegalArgumentException("endpoint is not a number up to 0xFFFE");
                        }
                        endpoints.add((int) number.value());
                    }
                    groups.put(groupId, new GroupTables.Group(groupId, groupName.value(), endpoints));
                }
                fabrics.put(fabricIndex, new GroupTables.FabricGroups(keySets, keyMap, groups));
            }
            return fabrics;
        } catch (TlvException | RuntimeException e) {
            throw new RecordStoreException(name + " is not a valid group table: " + e.getMessage(), e);
        }
    }

    private static TlvElement.Structure struct(TlvElement element) {
        if (!(element instanceof TlvElement.Structure structure)) {
            throw new IllegalArgumentException("expected a structure, found " + element.getClass().getSimpleName());
        }
        return structure;
    }

    private static List<TlvElement> array(TlvElement.Structure structure, int tag) {
        if (!(structure.member(tag).orElse(null) instanceof TlvElement.Array array)) {
            throw new IllegalArgumentException("field " + tag + " is not an array");
        }
        return array.members();
    }

    /** An unsigned field up to {@code max} (compared unsigned: -1 is any u64). */
    private static long unsigned(TlvElement.Structure structure, int tag, long max) {
        if (!(structure.member(tag).orElse(null) instanceof TlvElement.UnsignedInt value)
                || Long.compareUnsigned(value.value(), max) > 0) {
            throw new IllegalArgumentException("field " + tag + " is not an unsigned integer up to "
                    + Long.toUnsignedString(max));
        }
        return value.value();
    }
}
