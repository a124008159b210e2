package org.cpebridge.matter.cluster.standard;

import static org.cpebridge.matter.cluster.DataType.STRUCT;
import static org.cpebridge.matter.cluster.DataType.UINT16;

import org.cpebridge.matter.cluster.AttributeSpec;
import org.cpebridge.matter.cluster.ClusterSpec;
import org.cpebridge.matter.cluster.CommandSpec;
import org.cpebridge.matter.cluster.Privilege;

/** Group Key Management cluster 0x003F, revision 2, endpoint 0; all commands fabric-scoped, Administer. */
public final class GroupKeyManagement {

    public static final long ID = 0x003F;
    public static final long GROUP_KEY_MAP = 0x00;
    public static final long GROUP_TABLE = 0x01;
    public static final long MAX_GROUPS_PER_FABRIC = 0x02;
    public static final long MAX_GROUP_KEYS_PER_FABRIC = 0x03;

    public static final long KEY_SET_WRITE = 0x00;
    public static final long KEY_SET_READ = 0x01;
    public static final long KEY_SET_READ_RESPONSE = 0x02;
    public static final long KEY_SET_REMOVE = 0x03;
    public static final long KEY_SET_READ_ALL_INDICES = 0x04;
    public static final long KEY_SET_READ_ALL_INDICES_RESPONSE = 0x05;

    public static final ClusterSpec SPEC = ClusterSpec.builder(ID, "GroupKeyManagement", 2)
            .attributes(
                    AttributeSpec.of(GROUP_KEY_MAP, "GroupKeyMap", STRUCT).fabricScoped().writable(Privilege.MANAGE),
                    AttributeSpec.of(GROUP_TABLE, "GroupTable", STRUCT).fabricScoped(),
                    AttributeSpec.of(MAX_GROUPS_PER_FABRIC, "MaxGroupsPerFabric", UINT16).fixed(),
                    AttributeSpec.of(MAX_GROUP_KEYS_PER_FABRIC, "MaxGroupKeysPerFabric", UINT16).fixed())
            .commands(
                    CommandSpec.of(KEY_SET_WRITE, "KeySetWrite", Privilege.ADMINISTER).fabricScopedInvoke(),
                    CommandSpec.withResponse(KEY_SET_READ, "KeySetRead", KEY_SET_READ_RESPONSE, Privilege.ADMINISTER)
                            .fabricScopedInvoke(),
                    CommandSpec.of(KEY_SET_REMOVE, "KeySetRemove", Privilege.ADMINISTER).fabricScopedInvoke(),
                    CommandSpec.withResponse(KEY_SET_READ_ALL_INDICES, "KeySetReadAllIndices",
                            KEY_SET_READ_ALL_INDICES_RESPONSE, Privilege.ADMINISTER).fabricScopedInvoke())
            .build();

    private GroupKeyManagement() {
    }
}
