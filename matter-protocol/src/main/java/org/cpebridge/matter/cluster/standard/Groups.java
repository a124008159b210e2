package org.cpebridge.matter.cluster.standard;

import static org.cpebridge.matter.cluster.DataType.BITMAP8;

import org.cpebridge.matter.cluster.AttributeSpec;
import org.cpebridge.matter.cluster.ClusterSpec;
import org.cpebridge.matter.cluster.CommandSpec;
import org.cpebridge.matter.cluster.Privilege;

/**
 * Groups cluster 0x0004 (Matter 1.4 Application Cluster Specification 1.3), revision 4, feature GroupNames: an
 * endpoint's group memberships. Every command is fabric-scoped; adding and removing need Manage, asking Operate.
 */
public final class Groups {

    public static final long ID = 0x0004;
    public static final int REVISION = 4;
    /** Feature GroupNames (GN), mandatory. */
    public static final long FEATURE_GROUP_NAMES = 0x1;

    public static final long NAME_SUPPORT = 0x0000;
    /** NameSupportBitmap: bit 7, group names supported. */
    public static final long NAME_SUPPORT_GROUP_NAMES = 0x80;

    public static final long ADD_GROUP = 0x00;
    public static final long VIEW_GROUP = 0x01;
    public static final long GET_GROUP_MEMBERSHIP = 0x02;
    public static final long REMOVE_GROUP = 0x03;
    public static final long REMOVE_ALL_GROUPS = 0x04;
    public static final long ADD_GROUP_IF_IDENTIFYING = 0x05;
    public static final long ADD_GROUP_RESPONSE = 0x00;
    public static final long VIEW_GROUP_RESPONSE = 0x01;
    public static final long GET_GROUP_MEMBERSHIP_RESPONSE = 0x02;
    public static final long REMOVE_GROUP_RESPONSE = 0x03;

    public static final ClusterSpec SPEC = ClusterSpec.builder(ID, "Groups", REVISION)
            .features(FEATURE_GROUP_NAMES)
            .attributes(AttributeSpec.of(NAME_SUPPORT, "NameSupport", BITMAP8).fixed())
            .commands(
                    CommandSpec.withResponse(ADD_GROUP, "AddGroup", ADD_GROUP_RESPONSE, Privilege.MANAGE)
                            .fabricScopedInvoke(),
                    CommandSpec.withResponse(VIEW_GROUP, "ViewGroup", VIEW_GROUP_RESPONSE, Privilege.OPERATE)
                            .fabricScopedInvoke(),
                    CommandSpec.withResponse(GET_GROUP_MEMBERSHIP, "GetGroupMembership",
                            GET_GROUP_MEMBERSHIP_RESPONSE, Privilege.OPERATE).fabricScopedInvoke(),
                    CommandSpec.withResponse(REMOVE_GROUP, "RemoveGroup", REMOVE_GROUP_RESPONSE, Privilege.MANAGE)
                            .fabricScopedInvoke(),
                    CommandSpec.of(REMOVE_ALL_GROUPS, "RemoveAllGroups", Privilege.MANAGE).fabricScopedInvoke(),
                    CommandSpec.of(ADD_GROUP_IF_IDENTIFYING, "AddGroupIfIdentifying", Privilege.MANAGE)
                            .fabricScopedInvoke())
            .build();

    private Groups() {
    }
}
