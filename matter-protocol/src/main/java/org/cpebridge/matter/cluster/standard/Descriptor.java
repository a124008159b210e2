package org.cpebridge.matter.cluster.standard;

import static org.cpebridge.matter.cluster.DataType.CLUSTER_ID;
import static org.cpebridge.matter.cluster.DataType.ENDPOINT_NUMBER;
import static org.cpebridge.matter.cluster.DataType.STRUCT;

import org.cpebridge.matter.cluster.AttributeSpec;
import org.cpebridge.matter.cluster.ClusterSpec;

/** Descriptor cluster 0x001D, revision 2, on every endpoint; without the TagList feature. */
public final class Descriptor {

    public static final long ID = 0x001D;
    public static final long DEVICE_TYPE_LIST = 0x0000;
    public static final long SERVER_LIST = 0x0001;
    public static final long CLIENT_LIST = 0x0002;
    public static final long PARTS_LIST = 0x0003;
    /** Only with feature TAGLIST (bit 0). */
    public static final long TAG_LIST = 0x0004;

    public static final ClusterSpec SPEC = ClusterSpec.builder(ID, "Descriptor", 2)
            .attributes(
                    AttributeSpec.of(DEVICE_TYPE_LIST, "DeviceTypeList", STRUCT).list().fixed(),
                    AttributeSpec.of(SERVER_LIST, "ServerList", CLUSTER_ID).list().fixed(),
                    AttributeSpec.of(CLIENT_LIST, "ClientList", CLUSTER_ID).list().fixed(),
                    AttributeSpec.of(PARTS_LIST, "PartsList", ENDPOINT_NUMBER).list())
            .build();

    private Descriptor() {
    }
}
