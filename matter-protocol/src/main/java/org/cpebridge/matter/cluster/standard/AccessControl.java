package org.cpebridge.matter.cluster.standard;

import static org.cpebridge.matter.cluster.DataType.STRUCT;
import static org.cpebridge.matter.cluster.DataType.UINT16;

import org.cpebridge.matter.cluster.AttributeSpec;
import org.cpebridge.matter.cluster.ClusterSpec;
import org.cpebridge.matter.cluster.EventSpec;
import org.cpebridge.matter.cluster.Privilege;

/** Access Control cluster 0x001F, revision 2, endpoint 0; without the Extension and Managed Device features. */
public final class AccessControl {

    public static final long ID = 0x001F;
    public static final long ACL = 0x00;
    /** Only with feature EXTS (bit 0). */
    public static final long EXTENSION = 0x01;
    public static final long SUBJECTS_PER_ACCESS_CONTROL_ENTRY = 0x02;
    public static final long TARGETS_PER_ACCESS_CONTROL_ENTRY = 0x03;
    public static final long ACCESS_CONTROL_ENTRIES_PER_FABRIC = 0x04;

    public static final long EVENT_ACCESS_CONTROL_ENTRY_CHANGED = 0x00;

    public static final ClusterSpec SPEC = ClusterSpec.builder(ID, "AccessControl", 2)
            .attributes(
                    // AccessControlEntryStruct: Privilege (1), AuthMode (2), Subjects (3), Targets (4) are
                    // fabric-sensitive; FabricIndex is 0xFE.
                    AttributeSpec.of(ACL, "ACL", STRUCT).fabricScoped().read(Privilege.ADMINISTER)
                            .writable(Privilege.ADMINISTER).sensitiveFields(1, 2, 3, 4),
                    AttributeSpec.of(SUBJECTS_PER_ACCESS_CONTROL_ENTRY, "SubjectsPerAccessControlEntry", UINT16)
                            .fixed(),
                    AttributeSpec.of(TARGETS_PER_ACCESS_CONTROL_ENTRY, "TargetsPerAccessControlEntry", UINT16)
                            .fixed(),
                    AttributeSpec.of(ACCESS_CONTROL_ENTRIES_PER_FABRIC, "AccessControlEntriesPerFabric", UINT16)
                            .fixed())
            .events(new EventSpec(EVENT_ACCESS_CONTROL_ENTRY_CHANGED, "AccessControlEntryChanged", 1,
                    Privilege.ADMINISTER, true))
            .build();

    private AccessControl() {
    }
}
