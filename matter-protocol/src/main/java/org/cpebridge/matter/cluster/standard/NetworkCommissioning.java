package org.cpebridge.matter.cluster.standard;

import static org.cpebridge.matter.cluster.DataType.BOOLEAN;
import static org.cpebridge.matter.cluster.DataType.ENUM8;
import static org.cpebridge.matter.cluster.DataType.INT32;
import static org.cpebridge.matter.cluster.DataType.OCTET_STRING;
import static org.cpebridge.matter.cluster.DataType.STRUCT;
import static org.cpebridge.matter.cluster.DataType.UINT8;

import org.cpebridge.matter.cluster.AttributeSpec;
import org.cpebridge.matter.cluster.ClusterSpec;
import org.cpebridge.matter.cluster.Privilege;

/**
 * Network Commissioning cluster 0x0031, revision 2, with the Ethernet feature only (bit 2): one network, no
 * commands (Scan/Add/Connect belong to the Wi-Fi and Thread features).
 */
public final class NetworkCommissioning {

    public static final long ID = 0x0031;
    public static final long FEATURE_WIFI = 1L;
    public static final long FEATURE_THREAD = 1L << 1;
    public static final long FEATURE_ETHERNET = 1L << 2;

    public static final long MAX_NETWORKS = 0x00;
    public static final long NETWORKS = 0x01;
    public static final long SCAN_MAX_TIME_SECONDS = 0x02;
    public static final long CONNECT_MAX_TIME_SECONDS = 0x03;
    public static final long INTERFACE_ENABLED = 0x04;
    public static final long LAST_NETWORKING_STATUS = 0x05;
    public static final long LAST_NETWORK_ID = 0x06;
    public static final long LAST_CONNECT_ERROR_VALUE = 0x07;

    public static final ClusterSpec ETHERNET = ClusterSpec.builder(ID, "NetworkCommissioning", 2)
            .features(FEATURE_ETHERNET)
            .attributes(
                    AttributeSpec.of(MAX_NETWORKS, "MaxNetworks", UINT8).fixed().read(Privilege.ADMINISTER),
                    AttributeSpec.of(NETWORKS, "Networks", STRUCT).list().read(Privilege.ADMINISTER),
                    AttributeSpec.of(INTERFACE_ENABLED, "InterfaceEnabled", BOOLEAN).writable(Privilege.ADMINISTER),
                    AttributeSpec.of(LAST_NETWORKING_STATUS, "LastNetworkingStatus", ENUM8).nullable()
                            .read(Privilege.ADMINISTER),
                    AttributeSpec.of(LAST_NETWORK_ID, "LastNetworkID", OCTET_STRING).nullable()
                            .read(Privilege.ADMINISTER),
                    AttributeSpec.of(LAST_CONNECT_ERROR_VALUE, "LastConnectErrorValue", INT32).nullable()
                            .read(Privilege.ADMINISTER))
            .build();

    private NetworkCommissioning() {
    }
}
