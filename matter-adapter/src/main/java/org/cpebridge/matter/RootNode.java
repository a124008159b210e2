package org.cpebridge.matter;

import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.cpebridge.core.spi.ServiceControl;
import org.cpebridge.matter.cluster.ClusterInstance;
import org.cpebridge.matter.cluster.DataModel;
import org.cpebridge.matter.cluster.standard.AccessControl;
import org.cpebridge.matter.cluster.standard.AdministratorCommissioning;
import org.cpebridge.matter.cluster.standard.BasicInformation;
import org.cpebridge.matter.cluster.standard.GeneralCommissioning;
import org.cpebridge.matter.cluster.standard.GroupKeyManagement;
import org.cpebridge.matter.cluster.standard.NetworkCommissioning;
import org.cpebridge.matter.cluster.standard.OperationalCredentials;
import org.cpebridge.matter.cluster.standard.StandardEndpoints;
import org.cpebridge.matter.cluster.standard.TimeSynchronization;
import org.cpebridge.matter.commissioning.NodeTime;
import org.cpebridge.matter.commissioning.AccessControlList;
import org.cpebridge.matter.group.GroupTables;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvTag;
import org.cpebridge.bytes.Bytes;

/**
 * The bridge's own data model: endpoint 0 (Root Node) with the commissioning clusters and their initial values,
 * and endpoint 1, the Aggregator under which bridged devices appear. Values a fabric changes (NOCs, fabrics, ACLs)
 * start empty here and are written by the commissioning command handlers.
 */
public final class RootNode {

    /** Matter core 11.10.6: the fail-safe a commissioner arms by default, and the cumulative limit. */
    static final int FAIL_SAFE_EXPIRY_SECONDS = 60;
    public static final int MAX_CUMULATIVE_FAIL_SAFE_SECONDS = 900;
    /** Matter 1.4 specification version (1.4.0.0) as Basic Information encodes it. */
    static final long SPECIFICATION_VERSION = 0x01040000L;
    static final int SUPPORTED_FABRICS = 5;
    /** Basic Information SoftwareVersion; the StartUp event carries it too. */
    static final long SOFTWARE_VERSION = 1;

    /** Facts about this bridge that Basic Information publishes. */
    public record Identity(String vendorName, int vendorId, String productName, int productId, String serialNumber,
                           String softwareVersion, String uniqueId) {
        public Identity {
            Objects.requireNonNull(vendorName, "vendorName");
            Objects.requireNonNull(productName, "productName");
            Objects.requireNonNull(serialNumber, "serialNumber");
            Objects.requireNonNull(softwareVersion, "softwareVersion");
            Objects.requireNonNull(uniqueId, "uniqueId");
        }

        static Identity of(ServiceControl.BridgeInfo info, int vendorId, int productId) {
            return new Identity(truncate(info.manufacturer(), 32), vendorId, truncate(info.model(), 32), productId,
                    truncate(info.serialNumber(), 32), truncate(info.softwareVersion(), 64),
                    truncate("cpe-bridge-" + info.serialNumber(), 32));
        }
    }

    private RootNode() {
    }

    /** Builds the model with endpoints 0 and 1 and their initial values; {@code time} fills Time Synchronization. */
    public static DataModel create(Identity identity, RandomGenerator random, NodeTime time) {
        DataModel model = new DataModel(random);
        StandardEndpoints.addRootNode(model);
        StandardEndpoints.addAggregator(model);
        fillBasicInformation(cluster(model, BasicInformation.ID), identity);
        fillGeneralCommissioning(cluster(model, GeneralCommissioning.ID));
        fillNetworkCommissioning(cluster(model, NetworkCommissioning.ID));
        fillOperationalCredentials(cluster(model, OperationalCredentials.ID));
        fillAccessControl(cluster(model, AccessControl.ID));
        fillGroupKeyManagement(cluster(model, GroupKeyManagement.ID));
        fillAdministratorCommissioning(cluster(model, AdministratorCommissioning.ID));
        time.install(cluster(model, TimeSynchronization.ID));
        model.updateDescriptors();
        return model;
    }

    private static ClusterInstance cluster(DataModel model, long clusterId) {
        return model.cluster(0, clusterId).orElseThrow(() ->
                new IllegalStateException("root endpoint lacks cluster 0x" + Long.toHexString(clusterId)));
    }

    private static void fillBasicInformation(ClusterInstance basic, Identity identity) {
        basic.set(BasicInformation.DATA_MODEL_REVISION, uint(18));
        basic.set(BasicInformation.VENDOR_NAME, text(identity.vendorName()));
        basic.set(BasicInformation.VENDOR_ID_ATTRIBUTE, uint(identity.vendorId()));
        basic.set(BasicInformation.PRODUCT_NAME, text(identity.productName()));
        basic.set(BasicInformation.PRODUCT_ID, uint(identity.productId()));
        basic.set(BasicInformation.NODE_LABEL, text(""));
        basic.set(BasicInformation.LOCATION, text("XX"));
        basic.set(BasicInformation.HARDWARE_VERSION, uint(0));
        basic.set(BasicInformation.HARDWARE_VERSION_STRING, text("0"));
        basic.set(BasicInformation.SOFTWARE_VERSION, uint(SOFTWARE_VERSION));
        basic.set(BasicInformation.SOFTWARE_VERSION_STRING, text(identity.softwareVersion()));
        basic.set(BasicInformation.SERIAL_NUMBER, text(identity.serialNumber()));
        basic.set(BasicInformation.UNIQUE_ID, text(identity.uniqueId()));
        // CapabilityMinima: CaseSessionsPerFabric (0) = 3, SubscriptionsPerFabric (1) = 3.
        basic.set(BasicInformation.CAPABILITY_MINIMA, new TlvElement.Structure(TlvTag.anonymous(), List.of(
                new TlvElement.UnsignedInt(TlvTag.context(0), 3),
                new TlvElement.UnsignedInt(TlvTag.context(1), 3))));
        basic.set(BasicInformation.SPECIFICATION_VERSION, uint(SPECIFICATION_VERSION));
        basic.set(BasicInformation.MAX_PATHS_PER_INVOKE, uint(1));
    }

    private static void fillGeneralCommissioning(ClusterInstance general) {
        general.set(GeneralCommissioning.BREADCRUMB, uint(0));
        general.set(GeneralCommissioning.BASIC_COMMISSIONING_INFO, new TlvElement.Structure(TlvTag.anonymous(),
                List.of(new TlvElement.UnsignedInt(TlvTag.context(0), FAIL_SAFE_EXPIRY_SECONDS),
                        new TlvElement.UnsignedInt(TlvTag.context(1), MAX_CUMULATIVE_FAIL_SAFE_SECONDS))));
        // RegulatoryLocationType: 0 Indoor; a wired bridge can be anywhere, so it says IndoorOutdoor (2).
        general.set(GeneralCommissioning.REGULATORY_CONFIG, uint(0));
        general.set(GeneralCommissioning.LOCATION_CAPABILITY, uint(2));
        general.set(GeneralCommissioning.SUPPORTS_CONCURRENT_CONNECTION, new TlvElement.Bool(TlvTag.anonymous(),
                true));
    }

    private static void fillNetworkCommissioning(ClusterInstance network) {
        network.set(NetworkCommissioning.MAX_NETWORKS, uint(1));
        // NetworkInfoStruct: NetworkID (0) an opaque id of the Ethernet interface, Connected (1).
        network.set(NetworkCommissioning.NETWORKS, new TlvElement.Array(TlvTag.anonymous(), List.of(
                new TlvElement.Structure(TlvTag.anonymous(), List.of(
                        new TlvElement.Octets(TlvTag.context(0), Bytes.of("eth0".getBytes(
                                java.nio.charset.StandardCharsets.US_ASCII))),
                        new TlvElement.Bool(TlvTag.context(1), true))))));
        network.set(NetworkCommissioning.INTERFACE_ENABLED, new TlvElement.Bool(TlvTag.anonymous(), true));
        network.set(NetworkCommissioning.LAST_NETWORKING_STATUS, new TlvElement.Null(TlvTag.anonymous()));
        network.set(NetworkCommissioning.LAST_NETWORK_ID, new TlvElement.Null(TlvTag.anonymous()));
        network.set(NetworkCommissioning.LAST_CONNECT_ERROR_VALUE, new TlvElement.Null(TlvTag.anonymous()));
    }

    private static void fillOperationalCredentials(ClusterInstance credentials) {
        credentials.set(OperationalCredentials.NOCS, emptyList());
        credentials.set(OperationalCredentials.FABRICS, emptyList());
        credentials.set(OperationalCredentials.SUPPORTED_FABRICS, uint(SUPPORTED_FABRICS));
        credentials.set(OperationalCredentials.COMMISSIONED_FABRICS, uint(0));
        credentials.set(OperationalCredentials.TRUSTED_ROOT_CERTIFICATES, emptyList());
        credentials.set(OperationalCredentials.CURRENT_FABRIC_INDEX, uint(0));
        // The accessing fabric of whoever reads it: 0 for a PASE session before AddNOC.
        credentials.setPerSubject(OperationalCredentials.CURRENT_FABRIC_INDEX,
                subject -> uint(subject.fabricIndex()));
    }

    private static void fillAccessControl(ClusterInstance acl) {
        acl.set(AccessControl.ACL, emptyList());
        acl.set(AccessControl.SUBJECTS_PER_ACCESS_CONTROL_ENTRY, uint(AccessControlList.SUBJECTS_PER_ENTRY));
        acl.set(AccessControl.TARGETS_PER_ACCESS_CONTROL_ENTRY, uint(AccessControlList.TARGETS_PER_ENTRY));
        acl.set(AccessControl.ACCESS_CONTROL_ENTRIES_PER_FABRIC, uint(AccessControlList.ENTRIES_PER_FABRIC));
    }

    /** The lists start empty; {@link GroupKeyManagementServer} publishes the stored group state into them. */
    private static void fillGroupKeyManagement(ClusterInstance groups) {
        groups.set(GroupKeyManagement.GROUP_KEY_MAP, emptyList());
        groups.set(GroupKeyManagement.GROUP_TABLE, emptyList());
        groups.set(GroupKeyManagement.MAX_GROUPS_PER_FABRIC,
                uint(GroupTables.DEFAULT_MAX_GROUPS_PER_FABRIC));
        groups.set(GroupKeyManagement.MAX_GROUP_KEYS_PER_FABRIC,
                uint(GroupTables.DEFAULT_MAX_GROUP_KEYS_PER_FABRIC));
    }

    private static void fillAdministratorCommissioning(ClusterInstance admin) {
        admin.set(AdministratorCommissioning.WINDOW_STATUS, uint(0));
        admin.set(AdministratorCommissioning.ADMIN_FABRIC_INDEX, new TlvElement.Null(TlvTag.anonymous()));
        admin.set(AdministratorCommissioning.ADMIN_VENDOR_ID, new TlvElement.Null(TlvTag.anonymous()));
    }

    private static TlvElement uint(long value) {
        return new TlvElement.UnsignedInt(TlvTag.anonymous(), value);
    }

    private static TlvElement text(String value) {
        return new TlvElement.Utf8(TlvTag.anonymous(), value);
    }

    private static TlvElement emptyList() {
        return new TlvElement.Array(TlvTag.anonymous(), List.of());
    }

    private static String truncate(String value, int maxBytes) {
        String result = value;
        while (result.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > maxBytes) {
            result = result.substring(0, result.length() - 1);
        }
        return result;
    }
}
