package org.cpebridge.matter.cluster;

import static org.cpebridge.matter.cluster.TestModels.u;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;
import org.cpebridge.matter.cluster.standard.AccessControl;
import org.cpebridge.matter.cluster.standard.BasicInformation;
import org.cpebridge.matter.cluster.standard.BridgedDeviceBasicInformation;
import org.cpebridge.matter.cluster.standard.OperationalCredentials;
import org.cpebridge.matter.im.AttributeDataIb;
import org.cpebridge.matter.im.AttributePathIb;
import org.cpebridge.matter.im.AttributeReportIb;
import org.cpebridge.matter.im.AttributeStatusIb;
import org.cpebridge.matter.im.ClusterPathIb;
import org.cpebridge.matter.im.DataVersionFilterIb;
import org.cpebridge.matter.im.ImCodec;
import org.cpebridge.matter.im.ImException;
import org.cpebridge.matter.im.ImMessage;
import org.cpebridge.matter.im.ImOpcode;
import org.cpebridge.matter.im.ImStatus;
import org.cpebridge.matter.im.ReportChunker;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvTag;
import org.junit.jupiter.api.Test;

class ReadEngineTest {

    private static final AccessSubject ADMIN = AccessSubject.ofCase(1, 0x1111);

    private static List<AttributeReportIb> read(DataModel model, AccessChecker checker, AccessSubject subject,
            AttributePathIb... paths) {
        return new ReadEngine(model, checker).read(subject, List.of(paths), List.of(), true);
    }

    @Test
    void wildcardReadReturnsEveryAttributeOfEveryCluster() {
        DataModel model = TestModels.bridge();
        List<AttributeReportIb> reports = read(model, AccessChecker.ALLOW_ALL, ADMIN,
                AttributePathIb.wildcard(null, null, null));
        // Every attribute that has a value, in endpoint / cluster / attribute order; the bare test model leaves
        // some root attributes unset, and those are left out rather than reported as errors.
        List<AttributePathIb> expected = new ArrayList<>();
        for (Endpoint endpoint : model.endpoints()) {
            for (ClusterInstance cluster : endpoint.clusters()) {
                for (long attribute : cluster.attributeIds()) {
                    if (cluster.value(attribute).isPresent()) {
                        expected.add(AttributePathIb.of(endpoint.id(), cluster.id(), attribute));
                    }
                }
            }
        }
        assertEquals(expected, reports.stream().map(AttributeReportIb::path).toList());
        reports.forEach(r -> assertInstanceOf(AttributeDataIb.class, r));
        // Global attributes of all 8 + 1 + 3 + 3 cluster instances are always there.
        assertTrue(reports.size() >= 15 * 5);
    }

    @Test
    void concretePathFailuresGetStatusesInSpecOrder() {
        DataModel model = TestModels.bridge();
        List<AttributeReportIb> reports = read(model, AccessChecker.ALLOW_ALL, ADMIN,
                AttributePathIb.of(9, 6, 0), AttributePathIb.of(2, 8, 0), AttributePathIb.of(2, 6, 0x77));
        assertEquals(List.of(
                AttributeStatusIb.of(AttributePathIb.of(9, 6, 0), ImStatus.UNSUPPORTED_ENDPOINT),
                AttributeStatusIb.of(AttributePathIb.of(2, 8, 0), ImStatus.UNSUPPORTED_CLUSTER),
                AttributeStatusIb.of(AttributePathIb.of(2, 6, 0x77), ImStatus.UNSUPPORTED_ATTRIBUTE)), reports);

        // Access is checked first (Core 1.4 8.4.3.2): a denied subject learns nothing about what exists.
        AccessChecker denyAll = (subject, endpoint, cluster, privilege) -> false;
        assertEquals(List.of(AttributeStatusIb.of(AttributePathIb.of(9, 6, 0), ImStatus.UNSUPPORTED_ACCESS)),
                read(model, denyAll, ADMIN, AttributePathIb.of(9, 6, 0)));
    }

    @Test
    void wildcardsSkipWhatIsDeniedOrMissingWithoutStatus() {
        DataModel model = TestModels.bridge();
        AccessChecker viewOnly = (subject, endpoint, cluster, privilege) -> Privilege.VIEW.grants(privilege);
        List<AttributeReportIb> reports = read(model, viewOnly, ADMIN, AttributePathIb.wildcard(0, null, null));
        assertFalse(reports.isEmpty());
        reports.forEach(r -> assertInstanceOf(AttributeDataIb.class, r));
        assertTrue(reports.stream().noneMatch(r -> r.path().cluster().getAsLong() == AccessControl.ID
                && r.path().attribute().getAsLong() == AccessControl.ACL), "ACL needs Administer");
        assertTrue(reports.stream().noneMatch(r -> r.path().cluster().getAsLong() == OperationalCredentials.ID
                && r.path().attribute().getAsLong() == OperationalCredentials.NOCS), "NOCs need Administer");

        assertEquals(List.of(AttributeStatusIb.of(AttributePathIb.of(0, AccessControl.ID, AccessControl.ACL),
                ImStatus.UNSUPPORTED_ACCESS)),
                read(model, viewOnly, ADMIN, AttributePathIb.of(0, AccessControl.ID, AccessControl.ACL)));
        assertEquals(List.of(), read(model, viewOnly, ADMIN, AttributePathIb.wildcard(42, null, null)));
        assertEquals(List.of(), read(model, viewOnly, ADMIN, AttributePathIb.wildcard(null, 0x9999L, null)));
    }

    @Test
    void accessCheckerIsAskedOncePerClusterAndPrivilegeOfAWildcardAndForEachConcretePath() {
        DataModel model = TestModels.bridge();
        List<String> calls = new ArrayList<>();
        AccessChecker recording = (subject, endpoint, cluster, privilege) -> {
            calls.add(endpoint + "/" + cluster + "/" + privilege);
            return true;
        };
        List<AttributeReportIb> reports = read(model, recording, ADMIN, AttributePathIb.wildcard(2, 6L, null),
                AttributePathIb.of(0, OperationalCredentials.ID, OperationalCredentials.NOCS));
        int onOffAttributes = model.cluster(2, 6).orElseThrow().attributeIds().size();
        assertEquals(onOffAttributes + 1, reports.size(), "every attribute read");
        assertEquals(List.of("2/6/VIEW", "0/62/ADMINISTER"), calls);
    }

    @Test
    void dataVersionFilterLeavesOutUnchangedClusters() {
        DataModel model = TestModels.bridge();
        long current = model.cluster(2, 6).orElseThrow().dataVersion();
        ReadEngine engine = new ReadEngine(model, AccessChecker.ALLOW_ALL);
        List<AttributePathIb> paths = List.of(AttributePathIb.wildcard(2, 6L, null), AttributePathIb.of(2, 6, 0));
        assertEquals(List.of(), engine.read(ADMIN, paths,
                List.of(new DataVersionFilterIb(ClusterPathIb.of(2, 6), current)), true));
        assertFalse(engine.read(ADMIN, paths,
                List.of(new DataVersionFilterIb(ClusterPathIb.of(2, 6), current - 1)), true).isEmpty());
        assertFalse(engine.read(ADMIN, paths,
                List.of(new DataVersionFilterIb(ClusterPathIb.of(3, 6), current)), true).isEmpty());
    }

    private static TlvElement aclEntry(int privilege, long subject, int fabric) {
        return new TlvElement.Structure(TlvTag.anonymous(), List.of(
                new TlvElement.UnsignedInt(TlvTag.context(1), privilege),
                new TlvElement.UnsignedInt(TlvTag.context(2), 2),
                new TlvElement.Array(TlvTag.context(3), List.of(u(subject))),
                new TlvElement.Null(TlvTag.context(4)),
                new TlvElement.UnsignedInt(TlvTag.context(0xFE), fabric)));
    }

    @Test
    void fabricScopedListsAreFilteredOrStripped() {
        DataModel model = TestModels.bridge();
        TlvElement mine = aclEntry(5, 0x1111, 1);
        TlvElement theirs = aclEntry(5, 0x2222, 2);
        model.cluster(0, AccessControl.ID).orElseThrow().set(AccessControl.ACL,
                new TlvElement.Array(TlvTag.anonymous(), List.of(mine, theirs)));
        ReadEngine engine = new ReadEngine(model, AccessChecker.ALLOW_ALL);
        List<AttributePathIb> acl = List.of(AttributePathIb.of(0, AccessControl.ID, AccessControl.ACL));

        AttributeDataIb filtered = (AttributeDataIb) engine.read(ADMIN, acl, List.of(), true).get(0);
        assertEquals(new TlvElement.Array(TlvTag.anonymous(), List.of(mine)), filtered.data());

        AttributeDataIb unfiltered = (AttributeDataIb) engine.read(ADMIN, acl, List.of(), false).get(0);
        TlvElement stripped = new TlvElement.Structure(TlvTag.anonymous(),
                List.of(new TlvElement.UnsignedInt(TlvTag.context(0xFE), 2)));
        assertEquals(new TlvElement.Array(TlvTag.anonymous(), List.of(mine, stripped)), unfiltered.data());

        AttributeDataIb pase = (AttributeDataIb) engine.read(AccessSubject.ofPase(), acl, List.of(), true).get(0);
        assertEquals(new TlvElement.Array(TlvTag.anonymous(), List.of()), pase.data());
    }

    @Test
    void reportOfOneConcreteAttributeIsByteExact() throws ImException {
        DataModel model = TestModels.bridge();
        List<AttributeReportIb> reports = read(model, AccessChecker.ALLOW_ALL, ADMIN,
                AttributePathIb.of(2, BridgedDeviceBasicInformation.ID, BasicInformation.REACHABLE));
        ImMessage.ReportData report = new ReportChunker().chunk(OptionalLong.empty(), reports, List.of(), true)
                .get(0);
        // Hand-built from the spec's tags: three values were set on the cluster, so its version is 0x1000 + 3.
        String expected = "15"
                + "3601" // AttributeReports (1)
                + "15 3501" // AttributeReportIB, AttributeData (1)
                + "2500 0310" // DataVersion (0): 0x1003
                + "3701 240202 240339 240411 18" // Path (1): endpoint 2, cluster 0x39, attribute 0x11
                + "2902" // Data (2): true
                + "18 18 18"
                + "2904" // SuppressResponse (4): true
                + "24ff0c" // InteractionModelRevision: 12
                + "18";
        assertEquals(expected.replace(" ", ""), HexFormat.of().formatHex(ImCodec.encode(report)));
    }

    @Test
    void chipToolCommissioningReadIsAnswered() throws ImException {
        // The ReadRequest a chip-tool commissioner sent (matter.js SecureSessionTest.ts DECRYPTED_BYTES).
        byte[] request = HexFormat.of().parseHex("153600172403312504fcff1817240200240330240400181724020024033024"
                + "0401181724020024033024040218172402002403302404031817240200240328240402181724020024032824040418"
                + "172403312404031818290324ff0118");
        ImMessage.ReadRequest read = (ImMessage.ReadRequest) ImCodec.decode(ImOpcode.READ_REQUEST.code(), request);
        DataModel model = TestModels.bridge();
        List<AttributeReportIb> reports = new ReadEngine(model, AccessChecker.ALLOW_ALL)
                .read(AccessSubject.ofPase(), read.attributeRequests(), read.dataVersionFilters(),
                        read.fabricFiltered());
        // The FeatureMap wildcard expands to endpoint 0 only; the last path (ConnectMaxTimeSeconds, a Wi-Fi/Thread
        // attribute) expands to nothing on an Ethernet node; the six concrete paths answer FAILURE where this bare
        // model has no value (General Commissioning, VendorID, ProductID).
        assertEquals(7, reports.size());
        assertEquals(AttributeStatusIb.of(AttributePathIb.of(0, 0x30, 0), ImStatus.FAILURE), reports.get(1));
        AttributeDataIb featureMap = assertInstanceOf(AttributeDataIb.class, reports.get(0));
        assertEquals(AttributePathIb.of(0, 0x31, 0xFFFC), featureMap.path());
        assertEquals(u(4), featureMap.data(), "Ethernet feature");
        for (ImMessage.ReportData chunk : new ReportChunker().chunk(OptionalLong.empty(), reports, List.of(), true)) {
            assertEquals(chunk, ImCodec.decode(ImOpcode.REPORT_DATA.code(), ImCodec.encode(chunk)));
        }
    }
}
