package org.cpebridge.usp.path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.cpebridge.usp.datamodel.ObjectInstance;
import org.cpebridge.usp.datamodel.ParameterSchema;
import org.cpebridge.usp.datamodel.TestModel;
import org.cpebridge.usp.error.UspErrors;
import org.junit.jupiter.api.Test;

class PathResolverTest {
    private final TestModel t = new TestModel();
    private final PathResolver resolver = new PathResolver(t.model, PathParser.standard());

    private Resolution resolve(String path) throws PathException {
        return resolver.resolve(PathParser.standard().parse(path), VisibilityFilter.ALL);
    }

    private List<String> paths(String path) throws PathException {
        return resolve(path).matches().stream().map(Resolved::path).toList();
    }

    private int error(String path) {
        return assertThrows(PathException.class, () -> resolve(path)).errorCode();
    }

    @Test
    void parameterAndObjectPaths() throws Exception {
        assertEquals(List.of("Device.DeviceInfo.Manufacturer"), paths("Device.DeviceInfo.Manufacturer"));
        assertEquals(List.of("Device.DeviceInfo."), paths("Device.DeviceInfo."));
        assertEquals(List.of("Device."), paths("Device."));
        Resolution table = resolve("Device.LocalAgent.Controller.");
        assertTrue(table.matches().get(0) instanceof Resolved.Table);
        assertFalse(table.searched());
    }

    @Test
    void instanceNumbersAndMissingInstances() throws Exception {
        assertEquals(List.of("Device.LocalAgent.Controller.2.PeriodicNotifInterval"),
                paths("Device.LocalAgent.Controller.2.PeriodicNotifInterval"));
        assertEquals(UspErrors.OBJECT_DOES_NOT_EXIST, error("Device.LocalAgent.Controller.7."));
        assertEquals(List.of(), paths("Device.LocalAgent.Controller.*.MTP.7."), "after a wildcard it is a search");
    }

    @Test
    void wildcardMatchesEveryRow() throws Exception {
        Resolution r = resolve("Device.LocalAgent.Controller.*.EndpointID");
        assertEquals(List.of("Device.LocalAgent.Controller.1.EndpointID", "Device.LocalAgent.Controller.2.EndpointID"),
                r.matches().stream().map(Resolved::path).toList());
        assertTrue(r.searched());
        assertEquals(List.of("Device.LocalAgent.Controller.1.MTP.1."), paths("Device.LocalAgent.Controller.*.MTP.*."));
    }

    @Test
    void uniqueKeyAddressing() throws Exception {
        Resolution r = resolve("Device.LocalAgent.Controller.[Alias==\"home\"].Enable");
        assertEquals(List.of("Device.LocalAgent.Controller.2.Enable"),
                r.matches().stream().map(Resolved::path).toList());
        assertFalse(r.searched(), "a full unique key addresses");
        assertEquals(UspErrors.OBJECT_DOES_NOT_EXIST, error("Device.LocalAgent.Controller.[Alias==\"nope\"]."));
    }

    @Test
    void searchExpressions() throws Exception {
        assertEquals(List.of("Device.LocalAgent.Controller.1."), paths("Device.LocalAgent.Controller.[Enable==true]."));
        assertEquals(List.of("Device.LocalAgent.Controller.1."), paths("Device.LocalAgent.Controller.[Enable==1]."));
        assertEquals(List.of("Device.LocalAgent.Controller.2."),
                paths("Device.LocalAgent.Controller.[PeriodicNotifInterval<100]."));
        assertEquals(List.of("Device.LocalAgent.Controller.1.", "Device.LocalAgent.Controller.2."),
                paths("Device.LocalAgent.Controller.[PeriodicNotifInterval>=60]."));
        assertEquals(List.of("Device.LocalAgent.Controller.1."),
                paths("Device.LocalAgent.Controller.[PeriodicNotifInterval>0060&&Alias!=\"home\"]."));
        assertEquals(List.of("Device.LocalAgent.Controller.2."),
                paths("Device.LocalAgent.Controller.[PeriodicNotifInterval<=60]."));
        Resolution none = resolve("Device.LocalAgent.Controller.[Alias==\"nope\"&&Enable==true].");
        assertEquals(List.of(), none.matches());
        assertTrue(none.searched(), "a partial key is a search; no match is not an error");
        assertEquals(List.of("Device.ProxiedDevice.1.IoTCapability.1.BinaryControl.Value"),
                paths("Device.ProxiedDevice.[Type==\"PowerStrip\"].IoTCapability.[Class==\"BinaryControl\"]"
                        + ".BinaryControl.Value"));
    }

    @Test
    void searchExpressionTypeRulesGive7008() {
        assertEquals(UspErrors.INVALID_PATH_SYNTAX, error("Device.LocalAgent.Controller.[Enable==\"true\"]."));
        assertEquals(UspErrors.INVALID_PATH_SYNTAX, error("Device.LocalAgent.Controller.[Alias==home]."));
        assertEquals(UspErrors.INVALID_PATH_SYNTAX, error("Device.LocalAgent.Controller.[Alias<\"a\"]."));
        assertEquals(UspErrors.INVALID_PATH_SYNTAX, error("Device.LocalAgent.Controller.[Alias~=\"a\"]."));
        assertEquals(UspErrors.INVALID_PATH_SYNTAX,
                error("Device.LocalAgent.Controller.[PeriodicNotifInterval<abc]."));
        assertEquals(UspErrors.INVALID_PATH, error("Device.LocalAgent.Controller.[Nope==1]."));
    }

    @Test
    void containsOperatorOnLists() throws Exception {
        t.provider.put("Device.LocalAgent.Controller.2.", "AssignedRole",
                "Device.LocalAgent.ControllerTrust.Role.2,Device.LocalAgent.ControllerTrust.Role.1");
        assertEquals(List.of("Device.LocalAgent.Controller.1.", "Device.LocalAgent.Controller.2."),
                paths("Device.LocalAgent.Controller.[AssignedRole~=\"Device.LocalAgent.ControllerTrust.Role.1\"]."));
    }

    @Test
    void notInSupportedModelIs7026() {
        assertEquals(UspErrors.INVALID_PATH, error("Device.Nope."));
        assertEquals(UspErrors.INVALID_PATH, error("Other.DeviceInfo."));
        assertEquals(UspErrors.INVALID_PATH, error("Device.DeviceInfo.Nope"));
        assertEquals(UspErrors.INVALID_PATH, error("Device.DeviceInfo"), "object named without '.'");
        assertEquals(UspErrors.INVALID_PATH, error("Device.DeviceInfo.Manufacturer."), "parameter with '.'");
        assertEquals(UspErrors.INVALID_PATH, error("Device.LocalAgent.Controller.Alias"), "table needs instance");
        assertEquals(UspErrors.INVALID_PATH, error("Device.DeviceInfo.1."), "not a table");
        assertEquals(UspErrors.INVALID_PATH, error("Device.DeviceInfo.Manufacturer+.X"), "not a reference");
        assertEquals(UspErrors.INVALID_PATH, error("Device.Nope()"));
        assertEquals(UspErrors.INVALID_PATH, error("Device.Nope!"));
    }

    @Test
    void commandsAndEvents() throws Exception {
        Resolution r = resolve("Device.ProxiedDevice.*.IoTCapability.*.BinaryControl.Toggle()");
        assertEquals(List.of("Device.ProxiedDevice.1.IoTCapability.1.BinaryControl.Toggle()"),
                r.matches().stream().map(Resolved::path).toList());
        assertTrue(r.matches().get(0) instanceof Resolved.Command);
        assertTrue(resolve("Device.Boot!").matches().get(0) instanceof Resolved.Event);
    }

    @Test
    void referenceFollowing() throws Exception {
        // ProxiedDevice.1.Controller holds a unique-key reference (R-ARC.11), ProxiedDevice.3 a dangling one.
        assertEquals(List.of("Device.LocalAgent.Controller.1.EndpointID"),
                paths("Device.ProxiedDevice.1.Controller+.EndpointID"));
        assertEquals(List.of(), paths("Device.ProxiedDevice.3.Controller+.EndpointID"));
        assertEquals(List.of("Device.LocalAgent.ControllerTrust.Role.1.Name"),
                paths("Device.LocalAgent.Controller.1.AssignedRole#1+.Name"));
        assertEquals(List.of(), paths("Device.LocalAgent.Controller.1.AssignedRole#2+.Name"));
        assertEquals(List.of("Device.LocalAgent.Controller.1."), paths("Device.ProxiedDevice.1.Controller+."));
        assertEquals(List.of("Device.ProxiedDevice.1."),
                paths("Device.ProxiedDevice.[Controller+.EndpointID==\"proto::isp\"]."));
    }

    @Test
    void referenceCyclesEndQuietly() throws Exception {
        t.provider.put("Device.ProxiedDevice.1.", "Controller", "Device.ProxiedDevice.1.Controller+");
        assertEquals(List.of(), paths("Device.ProxiedDevice.1.Controller+."));
    }

    @Test
    void visibilityFilterHidesRowsAndUnreadableSearchParameters() throws Exception {
        VisibilityFilter hideSecond = new VisibilityFilter() {
            @Override
            public boolean canSeeInstance(ObjectInstance row) {
                return !row.path().equals("Device.LocalAgent.Controller.2.");
            }

            @Override
            public boolean canReadParameter(ObjectInstance object, ParameterSchema parameter) {
                return !parameter.name().equals("Enable");
            }
        };
        assertEquals(List.of("Device.LocalAgent.Controller.1."), resolver.resolve(
                PathParser.standard().parse("Device.LocalAgent.Controller.*."), hideSecond).matches()
                .stream().map(Resolved::path).toList());
        assertEquals(List.of(), resolver.resolve(
                PathParser.standard().parse("Device.LocalAgent.Controller.[Enable==true]."), hideSecond).matches());
        assertEquals(UspErrors.OBJECT_DOES_NOT_EXIST, assertThrows(PathException.class, () -> resolver.resolve(
                PathParser.standard().parse("Device.LocalAgent.Controller.2."), hideSecond)).errorCode());
    }
}
