package org.cpebridge.matter.cluster;

import static org.cpebridge.matter.cluster.TestModels.bool;
import static org.cpebridge.matter.cluster.TestModels.u;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.cpebridge.matter.cluster.standard.Descriptor;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvTag;
import org.junit.jupiter.api.Test;

class ClusterModelTest {

    @Test
    void globalAttributesComeFromTheDeclaration() {
        DataModel model = new DataModel(TestModels.FIXED);
        model.addEndpoint(0, OptionalInt.empty(), List.of(DeviceType.ROOT_NODE));
        ClusterInstance onOff = model.addCluster(0, TestModels.ON_OFF);

        assertEquals(Optional.of(u(6)), onOff.value(GlobalAttributes.CLUSTER_REVISION));
        assertEquals(Optional.of(u(0)), onOff.value(GlobalAttributes.FEATURE_MAP));
        // AttributeList: own ids then globals, ascending, EventList (0xFFFA) left out as Matter 1.4 deprecates it.
        assertEquals(List.of(0x0L, 0x4001L, 0x4002L, 0xFFF8L, 0xFFF9L, 0xFFFBL, 0xFFFCL, 0xFFFDL),
                onOff.attributeIds());
        assertEquals(Optional.empty(), onOff.attribute(GlobalAttributes.EVENT_LIST));
        assertEquals(Optional.empty(), onOff.value(GlobalAttributes.EVENT_LIST));
        // AcceptedCommandList / GeneratedCommandList, byte-exact: array (0x16) of anonymous u8 ids (0x04 id).
        assertEquals("16 0400 0401 0402 0440 0442 18".replace(" ", ""),
                HexFormat.of().formatHex(onOff.value(GlobalAttributes.ACCEPTED_COMMAND_LIST).orElseThrow().encode()));
        assertEquals("16044118",
                HexFormat.of().formatHex(onOff.value(GlobalAttributes.GENERATED_COMMAND_LIST).orElseThrow().encode()));
    }

    @Test
    void eventListWhenAskedFor() {
        DataModel model = new DataModel(TestModels.FIXED, true);
        model.addEndpoint(0, OptionalInt.empty(), List.of(DeviceType.ROOT_NODE));
        ClusterInstance basic = model.addCluster(0, org.cpebridge.matter.cluster.standard.BasicInformation.SPEC);
        assertTrue(basic.attributeIds().contains(GlobalAttributes.EVENT_LIST));
        assertEquals(Optional.of(new TlvElement.Array(TlvTag.anonymous(), List.of(u(0), u(1), u(2)))),
                basic.value(GlobalAttributes.EVENT_LIST));
    }

    @Test
    void dataVersionStartsFromTheGeneratorAndMovesOnChangeOnly() {
        DataModel model = new DataModel(() -> 0xFFFF_FFFFL);
        model.addEndpoint(0, OptionalInt.empty(), List.of(DeviceType.ROOT_NODE));
        ClusterInstance onOff = model.addCluster(0, TestModels.ON_OFF);
        assertEquals(0xFFFF_FFFFL, onOff.dataVersion());
        assertTrue(onOff.set(0, bool(true)));
        assertEquals(0, onOff.dataVersion(), "u32 wraps");
        assertFalse(onOff.set(0, bool(true)), "same value: no change");
        assertEquals(0, onOff.dataVersion());
        assertTrue(onOff.set(0, bool(false)));
        assertEquals(1, onOff.dataVersion());
    }

    @Test
    void setRejectsUndeclaredGlobalAndMistypedValues() {
        DataModel model = new DataModel(TestModels.FIXED);
        model.addEndpoint(0, OptionalInt.empty(), List.of(DeviceType.ROOT_NODE));
        ClusterInstance onOff = model.addCluster(0, TestModels.ON_OFF);
        assertThrows(IllegalArgumentException.class, () -> onOff.set(0x9999, bool(true)));
        assertThrows(IllegalArgumentException.class, () -> onOff.set(GlobalAttributes.FEATURE_MAP, u(1)));
        assertThrows(IllegalArgumentException.class, () -> onOff.set(0, u(1)));
        assertThrows(IllegalArgumentException.class, () -> onOff.set(0x4001, u(256)));
        assertThrows(IllegalArgumentException.class,
                () -> onOff.set(0, new TlvElement.Null(TlvTag.anonymous())), "OnOff is not nullable");
        onOff.set(0x4002, new TlvElement.Null(TlvTag.anonymous()));
    }

    @Test
    void declarationsRejectRepeatsAndGlobalIds() {
        assertThrows(IllegalArgumentException.class, () -> ClusterSpec.builder(6, "x", 1)
                .attributes(AttributeSpec.of(1, "a", DataType.BOOLEAN), AttributeSpec.of(1, "b", DataType.BOOLEAN))
                .build());
        assertThrows(IllegalArgumentException.class, () -> ClusterSpec.builder(6, "x", 1)
                .attributes(AttributeSpec.of(0xFFFD, "rev", DataType.UINT16)).build());
        assertThrows(IllegalArgumentException.class, () -> ClusterSpec.builder(6, "x", 0).build());
        assertThrows(IllegalArgumentException.class,
                () -> new AttributeSpec(1, "x", DataType.STRUCT, java.util.Set.of(AttributeQuality.FABRIC_SCOPED),
                        Privilege.VIEW, Privilege.VIEW, java.util.Set.of()));
    }

    @Test
    void privilegesGrantAsTheSpecSays() {
        assertTrue(Privilege.ADMINISTER.grants(Privilege.PROXY_VIEW));
        assertTrue(Privilege.MANAGE.grants(Privilege.OPERATE));
        assertTrue(Privilege.OPERATE.grants(Privilege.VIEW));
        assertTrue(Privilege.PROXY_VIEW.grants(Privilege.VIEW));
        assertFalse(Privilege.PROXY_VIEW.grants(Privilege.OPERATE));
        assertFalse(Privilege.MANAGE.grants(Privilege.PROXY_VIEW));
        assertFalse(Privilege.OPERATE.grants(Privilege.MANAGE));
        assertFalse(Privilege.MANAGE.grants(Privilege.ADMINISTER));
    }

    @Test
    void paseSessionsHoldAdministerImplicitly() {
        AccessChecker denyAll = (subject, endpoint, cluster, privilege) -> false;
        AccessChecker checker = AccessChecker.withPaseAdminister(denyAll);
        assertTrue(checker.allows(AccessSubject.ofPase(), 0, 0x3E, Privilege.ADMINISTER));
        assertFalse(checker.allows(AccessSubject.ofCase(1, 7), 0, 0x3E, Privilege.VIEW));
    }

    @Test
    void descriptorsDescribeTheBridgeTree() {
        DataModel model = TestModels.bridge();
        ClusterInstance root = model.cluster(0, Descriptor.ID).orElseThrow();
        ClusterInstance aggregator = model.cluster(1, Descriptor.ID).orElseThrow();
        ClusterInstance plug = model.cluster(2, Descriptor.ID).orElseThrow();
        HexFormat hex = HexFormat.of();
        // Root DeviceTypeList: [{DeviceType (0): 0x16, Revision (1): 3}]
        assertEquals("1615240016240103" + "1818",
                hex.formatHex(root.value(Descriptor.DEVICE_TYPE_LIST).orElseThrow().encode()));
        // Root ServerList: 0x1D, 0x1F, 0x28, 0x30, 0x31, 0x38, 0x3C, 0x3E, 0x3F
        assertEquals("16 041d 041f 0428 0430 0431 0438 043c 043e 043f 18".replace(" ", ""),
                hex.formatHex(root.value(Descriptor.SERVER_LIST).orElseThrow().encode()));
        // Root PartsList: every other endpoint; Aggregator PartsList: the bridged endpoints.
        assertEquals("16 0401 0402 0403 18".replace(" ", ""),
                hex.formatHex(root.value(Descriptor.PARTS_LIST).orElseThrow().encode()));
        assertEquals("16 0402 0403 18".replace(" ", ""),
                hex.formatHex(aggregator.value(Descriptor.PARTS_LIST).orElseThrow().encode()));
        // Aggregator DeviceTypeList: [{0x0E, 2}]
        assertEquals("161524000e24010218" + "18",
                hex.formatHex(aggregator.value(Descriptor.DEVICE_TYPE_LIST).orElseThrow().encode()));
        // Bridged plug: [{0x010A, 3}, {0x13, 3}], ServerList 0x06, 0x1D, 0x39, PartsList empty.
        assertEquals("16 15 25000a01 240103 18 15 240013 240103 18 18".replace(" ", ""),
                hex.formatHex(plug.value(Descriptor.DEVICE_TYPE_LIST).orElseThrow().encode()));
        assertEquals("16 0406 041d 0439 18".replace(" ", ""),
                hex.formatHex(plug.value(Descriptor.SERVER_LIST).orElseThrow().encode()));
        assertEquals("1618", hex.formatHex(plug.value(Descriptor.PARTS_LIST).orElseThrow().encode()));

        model.removeEndpoint(1);
        assertEquals(List.of(0), model.endpoints().stream().map(Endpoint::id).toList(), "children removed too");
    }
}
