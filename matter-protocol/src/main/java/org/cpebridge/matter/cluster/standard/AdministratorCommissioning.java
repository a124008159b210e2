package org.cpebridge.matter.cluster.standard;

import static org.cpebridge.matter.cluster.DataType.ENUM8;
import static org.cpebridge.matter.cluster.DataType.FABRIC_INDEX;
import static org.cpebridge.matter.cluster.DataType.VENDOR_ID;

import org.cpebridge.matter.cluster.AttributeSpec;
import org.cpebridge.matter.cluster.ClusterSpec;
import org.cpebridge.matter.cluster.CommandSpec;
import org.cpebridge.matter.cluster.Privilege;

/**
 * Administrator Commissioning cluster 0x003C, revision 1, endpoint 0; enhanced commissioning window only (the
 * Basic feature, bit 0, adds OpenBasicCommissioningWindow). All commands are timed and need Administer.
 */
public final class AdministratorCommissioning {

    public static final long ID = 0x003C;
    public static final long FEATURE_BASIC = 1L;
    public static final long WINDOW_STATUS = 0x00;
    public static final long ADMIN_FABRIC_INDEX = 0x01;
    public static final long ADMIN_VENDOR_ID = 0x02;

    public static final long OPEN_COMMISSIONING_WINDOW = 0x00;
    public static final long OPEN_BASIC_COMMISSIONING_WINDOW = 0x01;
    public static final long REVOKE_COMMISSIONING = 0x02;

    public static final ClusterSpec SPEC = ClusterSpec.builder(ID, "AdministratorCommissioning", 1)
            .attributes(
                    AttributeSpec.of(WINDOW_STATUS, "WindowStatus", ENUM8),
                    AttributeSpec.of(ADMIN_FABRIC_INDEX, "AdminFabricIndex", FABRIC_INDEX).nullable(),
                    AttributeSpec.of(ADMIN_VENDOR_ID, "AdminVendorId", VENDOR_ID).nullable())
            .commands(
                    CommandSpec.of(OPEN_COMMISSIONING_WINDOW, "OpenCommissioningWindow", Privilege.ADMINISTER)
                            .timedInvoke(),
                    CommandSpec.of(REVOKE_COMMISSIONING, "RevokeCommissioning", Privilege.ADMINISTER).timedInvoke())
            .build();

    private AdministratorCommissioning() {
    }
}
