package org.cpebridge.matter.cluster.standard;

import static org.cpebridge.matter.cluster.DataType.BOOLEAN;
import static org.cpebridge.matter.cluster.DataType.STRING;
import static org.cpebridge.matter.cluster.DataType.UINT32;
import static org.cpebridge.matter.cluster.DataType.VENDOR_ID;

import org.cpebridge.matter.cluster.AttributeSpec;
import org.cpebridge.matter.cluster.ClusterSpec;
import org.cpebridge.matter.cluster.EventSpec;
import org.cpebridge.matter.cluster.Privilege;

/**
 * Bridged Device Basic Information cluster 0x0039, revision 4, on each bridged device endpoint: names, versions,
 * Reachable and UniqueID (attribute ids shared with Basic Information).
 */
public final class BridgedDeviceBasicInformation {

    public static final long ID = 0x0039;

    public static final ClusterSpec SPEC = ClusterSpec.builder(ID, "BridgedDeviceBasicInformation", 4)
            .attributes(
                    AttributeSpec.of(BasicInformation.VENDOR_NAME, "VendorName", STRING).fixed(),
                    AttributeSpec.of(BasicInformation.VENDOR_ID_ATTRIBUTE, "VendorID", VENDOR_ID).fixed(),
                    AttributeSpec.of(BasicInformation.PRODUCT_NAME, "ProductName", STRING).fixed(),
                    AttributeSpec.of(BasicInformation.NODE_LABEL, "NodeLabel", STRING).length(0, 32)
                            .writable(Privilege.MANAGE),
                    AttributeSpec.of(BasicInformation.SOFTWARE_VERSION, "SoftwareVersion", UINT32).fixed(),
                    AttributeSpec.of(BasicInformation.SOFTWARE_VERSION_STRING, "SoftwareVersionString", STRING)
                            .fixed(),
                    AttributeSpec.of(BasicInformation.SERIAL_NUMBER, "SerialNumber", STRING).fixed(),
                    AttributeSpec.of(BasicInformation.REACHABLE, "Reachable", BOOLEAN),
                    AttributeSpec.of(BasicInformation.UNIQUE_ID, "UniqueID", STRING).fixed())
            .events(EventSpec.of(BasicInformation.EVENT_REACHABLE_CHANGED, "ReachableChanged", 2))
            .build();

    private BridgedDeviceBasicInformation() {
    }
}
