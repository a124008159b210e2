package org.cpebridge.usp.message;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.cpebridge.usp.proto.UspMsg;
import org.junit.jupiter.api.Test;

/** TP-469 1.36-1.40: Get with full parameter paths, object paths and object instance paths. */
class Tp469_1_36to40_GetMessageBasicsTest {
    private final TestAgent agent = new TestAgent();

    @Test
    void tp1_36_fullParameterPath() {
        UspMsg.GetResp.RequestedPathResult r = agent.getOk("Device.DeviceInfo.SoftwareVersion");
        // R-GET.2/R-GET.3: the parent object, with only that parameter
        assertEquals(Map.of("Device.DeviceInfo.", Map.of("SoftwareVersion", "0.1.0")), TestAgent.byPath(r));
    }

    @Test
    void tp1_37_multipleParametersSameObject() {
        UspMsg.GetResp resp = agent.get("Device.DeviceInfo.SoftwareVersion", "Device.DeviceInfo.Manufacturer");
        assertEquals(2, resp.getReqPathResultsCount(), "one result per requested path");
        assertEquals(Map.of("Manufacturer", "cpe-bridge"),
                resp.getReqPathResults(1).getResolvedPathResults(0).getResultParamsMap());
    }

    @Test
    void tp1_38_multipleParametersDifferentObjects() {
        UspMsg.GetResp resp = agent.get("Device.DeviceInfo.SoftwareVersion", "Device.LocalAgent.EndpointID");
        assertEquals("Device.LocalAgent.", resp.getReqPathResults(1).getResolvedPathResults(0).getResolvedPath());
    }

    @Test
    void tp1_39_objectPathReturnsTheWholeTree() {
        Map<String, Map<String, String>> tree = TestAgent.byPath(agent.getOk("Device.LocalAgent."));
        assertEquals(List.of("Device.LocalAgent.", "Device.LocalAgent.Controller.1.",
                "Device.LocalAgent.Controller.1.MTP.1.", "Device.LocalAgent.Controller.2.",
                "Device.LocalAgent.ControllerTrust.Role.1."), List.copyOf(tree.keySet()),
                "one resolved path per object; objects without parameters are not listed");
        assertEquals("86400", tree.get("Device.LocalAgent.Controller.1.").get("PeriodicNotifInterval"),
                "default value of a parameter never written");
        assertEquals(6, tree.get("Device.LocalAgent.Controller.1.").size());
    }

    @Test
    void tp1_40_objectInstancePath() {
        Map<String, Map<String, String>> tree = TestAgent.byPath(agent.getOk("Device.LocalAgent.Controller.2."));
        assertEquals(List.of("Device.LocalAgent.Controller.2."), List.copyOf(tree.keySet()));
        assertEquals("proto::home", tree.get("Device.LocalAgent.Controller.2.").get("EndpointID"));
    }

    @Test
    void tablePathReturnsEveryRow() {
        Map<String, Map<String, String>> tree = TestAgent.byPath(agent.getOk("Device.LocalAgent.Controller."));
        assertEquals(List.of("Device.LocalAgent.Controller.1.", "Device.LocalAgent.Controller.1.MTP.1.",
                "Device.LocalAgent.Controller.2."), List.copyOf(tree.keySet()));
    }
}
