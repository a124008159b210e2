package org.cpebridge.matter.cluster.standard;

import static org.cpebridge.matter.cluster.DataType.STRING;
import static org.cpebridge.matter.cluster.DataType.STRUCT;
import static org.cpebridge.matter.cluster.DataType.UINT16;
import static org.cpebridge.matter.cluster.DataType.UINT32;
import static org.cpebridge.matter.cluster.DataType.VENDOR_ID;

import org.cpebridge.matter.cluster.AttributeSpec;
import org.cpebridge.matter.cluster.ClusterSpec;
import org.cpebridge.matter.cluster.EventSpec;
import org.cpebridge.matter.cluster.Privilege;

/**
 * Basic Information cluster 0x0028, revision 4, endpoint 0. Declares the mandatory attributes plus SerialNumber
 * (the optional ProductURL and ProductLabel are left out: the bridge has no value for them, and every attribute an
 * AttributeList names must read); Reachable (0x11) belongs on bridged endpoints' Bridged Device Basic Information.
 */
public final class BasicInformation {

    public static final long ID = 0x0028;
    public static final long DATA_MODEL_REVISION = 0x00;
    public static final long VENDOR_NAME = 0x01;
    public static final long VENDOR_ID_ATTRIBUTE = 0x02;
    public static final long PRODUCT_NAME = 0x03;
    public static final long PRODUCT_ID = 0x04;
    public static final long NODE_LABEL = 0x05;
    public static final long LOCATION = 0x06;
    public static final long HARDWARE_VERSION = 0x07;
    public static final long HARDWARE_VERSION_STRING = 0x08;
    public static final long SOFTWARE_VERSION = 0x09;
    public static final long SOFTWARE_VERSION_STRING = 0x0A;
    public static final long MANUFACTURING_DATE = 0x0B;
    public static final long PART_NUMBER = 0x0C;
    public static final long PRODUCT_URL = 0x0D;
    public static final long PRODUCT_LABEL = 0x0E;
    public static final long SERIAL_NUMBER = 0x0F;
    public static final long LOCAL_CONFIG_DISABLED = 0x10;
    public static final long REACHABLE = 0x11;
    public static final long UNIQUE_ID = 0x12;
    public static final long CAPABILITY_MINIMA = 0x13;
    public static final long PRODUCT_APPEARANCE = 0x14;
    public static final long SPECIFICATION_VERSION = 0x15;
    public static final long MAX_PATHS_PER_INVOKE = 0x16;

    public static final long EVENT_START_UP = 0x00;
    public static final long EVENT_SHUT_DOWN = 0x01;
    public static final long EVENT_LEAVE = 0x02;
    public static final long EVENT_REACHABLE_CHANGED = 0x03;

    public static final ClusterSpec SPEC = ClusterSpec.builder(ID, "BasicInformation", 4)
            .attributes(
                    AttributeSpec.of(DATA_MODEL_REVISION, "DataModelRevision", UINT16).fixed(),
                    AttributeSpec.of(VENDOR_NAME, "VendorName", STRING).fixed(),
                    AttributeSpec.of(VENDOR_ID_ATTRIBUTE, "VendorID", VENDOR_ID).fixed(),
                    AttributeSpec.of(PRODUCT_NAME, "ProductName", STRING).fixed(),
                    AttributeSpec.of(PRODUCT_ID, "ProductID", UINT16).fixed(),
                    AttributeSpec.of(NODE_LABEL, "NodeLabel", STRING).length(0, 32).writable(Privilege.MANAGE),
                    AttributeSpec.of(LOCATION, "Location", STRING).length(2, 2).writable(Privilege.ADMINISTER),
                    AttributeSpec.of(HARDWARE_VERSION, "HardwareVersion", UINT16).fixed(),
                    AttributeSpec.of(HARDWARE_VERSION_STRING, "HardwareVersionString", STRING).fixed(),
                    AttributeSpec.of(SOFTWARE_VERSION, "SoftwareVersion", UINT32).fixed(),
                    AttributeSpec.of(SOFTWARE_VERSION_STRING, "SoftwareVersionString", STRING).fixed(),
                    AttributeSpec.of(SERIAL_NUMBER, "SerialNumber", STRING).fixed(),
                    AttributeSpec.of(UNIQUE_ID, "UniqueID", STRING).fixed(),
                    AttributeSpec.of(CAPABILITY_MINIMA, "CapabilityMinima", STRUCT).fixed(),
                    AttributeSpec.of(SPECIFICATION_VERSION, "SpecificationVersion", UINT32).fixed(),
                    AttributeSpec.of(MAX_PATHS_PER_INVOKE, "MaxPathsPerInvoke", UINT16).fixed())
            .events(
                    EventSpec.of(EVENT_START_UP, "StartUp", 2),
                    EventSpec.of(EVENT_SHUT_DOWN, "ShutDown", 2),
                    EventSpec.of(EVENT_LEAVE, "Leave", 1))
            .build();

    private BasicInformation() {
    }
}
