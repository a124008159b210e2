package org.cpebridge.matter.cluster.standard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.random.RandomGenerator;
import org.cpebridge.matter.cluster.AttributeQuality;
import org.cpebridge.matter.cluster.ClusterInstance;
import org.cpebridge.matter.cluster.ClusterSpec;
import org.cpebridge.matter.cluster.DataModel;
import org.cpebridge.matter.cluster.GlobalAttributes;
import org.cpebridge.matter.cluster.Privilege;
import org.junit.jupiter.api.Test;

/**
 * The endpoint-0 declarations against the Matter 1.4 spec tables (ids as in matter.js 1.4.1
 * packages/model/src/standard/elements/*.element.ts).
 */
class StandardClustersTest {

    private static final List<Long> GLOBALS = List.of(0xFFF8L, 0xFFF9L, 0xFFFBL, 0xFFFCL, 0xFFFDL);

    private static List<Long> withGlobals(Long... own) {
        List<Long> all = new ArrayList<>(List.of(own));
        all.addAll(GLOBALS);
        return all;
    }

    @Test
    void idsRevisionsAndCommandLists() {
        record Expect(ClusterSpec spec, long id, int revision, List<Long> attributes, List<Long> accepted,
                List<Long> generated) {
        }
        List<Expect> expectations = List.of(
                new Expect(Descriptor.SPEC, 0x1D, 2, withGlobals(0L, 1L, 2L, 3L), List.of(), List.of()),
                new Expect(AccessControl.SPEC, 0x1F, 2, withGlobals(0L, 2L, 3L, 4L), List.of(), List.of()),
                new Expect(BasicInformation.SPEC, 0x28, 4,
                        withGlobals(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 0xAL, 0xFL, 0x12L, 0x13L,
                                0x15L, 0x16L), List.of(), List.of()),
                new Expect(GeneralCommissioning.SPEC, 0x30, 2, withGlobals(0L, 1L, 2L, 3L, 4L), List.of(0L, 2L, 4L),
                        List.of(1L, 3L, 5L)),
                new Expect(NetworkCommissioning.ETHERNET, 0x31, 2, withGlobals(0L, 1L, 4L, 5L, 6L, 7L), List.of(),
                        List.of()),
                new Expect(AdministratorCommissioning.SPEC, 0x3C, 1, withGlobals(0L, 1L, 2L), List.of(0L, 2L),
                        List.of()),
                new Expect(OperationalCredentials.SPEC, 0x3E, 1, withGlobals(0L, 1L, 2L, 3L, 4L, 5L),
                        List.of(0L, 2L, 4L, 6L, 7L, 9L, 0xAL, 0xBL), List.of(1L, 3L, 5L, 8L)),
                new Expect(GroupKeyManagement.SPEC, 0x3F, 2, withGlobals(0L, 1L, 2L, 3L), List.of(0L, 1L, 3L, 4L),
                        List.of(2L, 5L)),
                new Expect(Groups.SPEC, 0x04, 4, withGlobals(0L), List.of(0L, 1L, 2L, 3L, 4L, 5L),
                        List.of(0L, 1L, 2L, 3L)),
                new Expect(BridgedDeviceBasicInformation.SPEC, 0x39, 4,
                        withGlobals(1L, 2L, 3L, 5L, 9L, 0xAL, 0xFL, 0x11L, 0x12L), List.of(), List.of()));
        for (Expect e : expectations) {
            assertEquals(e.id(), e.spec().id(), e.spec().name());
            assertEquals(e.revision(), e.spec().revision(), e.spec().name());
            assertEquals(e.attributes(), e.spec().attributeIds(false), e.spec().name());
            assertEquals(e.accepted(), e.spec().acceptedCommands(), e.spec().name());
            assertEquals(e.generated(), e.spec().generatedCommands(), e.spec().name());
        }
    }

    @Test
    void privilegesAndQualitiesThatCommissioningDependsOn() {
        assertEquals(Privilege.ADMINISTER, AccessControl.SPEC.attribute(AccessControl.ACL).orElseThrow()
                .readPrivilege());
        assertTrue(AccessControl.SPEC.attribute(AccessControl.ACL).orElseThrow().is(AttributeQuality.FABRIC_SCOPED));
        assertEquals(Privilege.ADMINISTER, OperationalCredentials.SPEC.attribute(OperationalCredentials.NOCS)
                .orElseThrow().readPrivilege());
        assertEquals(Privilege.VIEW, OperationalCredentials.SPEC.attribute(OperationalCredentials.FABRICS)
                .orElseThrow().readPrivilege());
        assertTrue(AdministratorCommissioning.SPEC.command(AdministratorCommissioning.OPEN_COMMISSIONING_WINDOW)
                .orElseThrow().timed());
        assertTrue(GeneralCommissioning.SPEC.command(GeneralCommissioning.COMMISSIONING_COMPLETE).orElseThrow()
                .fabricScoped());
        assertEquals(Privilege.ADMINISTER, GeneralCommissioning.SPEC.attribute(GeneralCommissioning.BREADCRUMB)
                .orElseThrow().writePrivilege());
        assertEquals(Privilege.MANAGE, GroupKeyManagement.SPEC.attribute(GroupKeyManagement.GROUP_KEY_MAP)
                .orElseThrow().writePrivilege());
        assertEquals(NetworkCommissioning.FEATURE_ETHERNET, NetworkCommissioning.ETHERNET.featureMap());
        assertEquals(Groups.FEATURE_GROUP_NAMES, Groups.SPEC.featureMap());
        assertTrue(Groups.SPEC.command(Groups.ADD_GROUP).orElseThrow().fabricScoped());
        assertEquals(Privilege.MANAGE, Groups.SPEC.command(Groups.ADD_GROUP_IF_IDENTIFYING).orElseThrow()
                .invokePrivilege());
        assertEquals(Privilege.OPERATE, Groups.SPEC.command(Groups.GET_GROUP_MEMBERSHIP).orElseThrow()
                .invokePrivilege());
    }

    @Test
    void globalListsAreEncodedAsTheSpecSays() {
        DataModel model = new DataModel(RandomGenerator.of("L64X128MixRandom"));
        StandardEndpoints.addRootNode(model);
        ClusterInstance general = model.cluster(0, GeneralCommissioning.ID).orElseThrow();
        HexFormat hex = HexFormat.of();
        // AttributeList: array of anonymous uints, u8 (04 xx) or u16 (05 xxxx) as the value needs.
        assertEquals("16 0400 0401 0402 0403 0404 05f8ff 05f9ff 05fbff 05fcff 05fdff 18".replace(" ", ""),
                hex.formatHex(general.value(GlobalAttributes.ATTRIBUTE_LIST).orElseThrow().encode()));
        assertEquals("16 0400 0402 0404 18".replace(" ", ""),
                hex.formatHex(general.value(GlobalAttributes.ACCEPTED_COMMAND_LIST).orElseThrow().encode()));
        assertEquals("16 0401 0403 0405 18".replace(" ", ""),
                hex.formatHex(general.value(GlobalAttributes.GENERATED_COMMAND_LIST).orElseThrow().encode()));
        assertEquals("0402", hex.formatHex(general.value(GlobalAttributes.CLUSTER_REVISION).orElseThrow().encode()));
        assertEquals("0404", hex.formatHex(model.cluster(0, NetworkCommissioning.ID).orElseThrow()
                .value(GlobalAttributes.FEATURE_MAP).orElseThrow().encode()));
    }
}
