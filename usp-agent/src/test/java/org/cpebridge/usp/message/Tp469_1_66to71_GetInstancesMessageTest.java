package org.cpebridge.usp.message;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.cpebridge.usp.proto.UspMsg;
import org.cpebridge.usp.proto.UspMsg.GetInstancesResp.CurrInstance;
import org.cpebridge.usp.proto.UspMsg.Header.MsgType;
import org.junit.jupiter.api.Test;

/** TP-469 1.66-1.71 and 1.83: GetInstances with first_level_only, several paths, wildcards and searches. */
class Tp469_1_66to71_GetInstancesMessageTest {
    private final TestAgent agent = new TestAgent();

    private UspMsg.GetInstancesResp getInstances(boolean firstLevelOnly, String... paths) {
        return agent.response(MsgType.GET_INSTANCES, UspMsg.Request.newBuilder().setGetInstances(
                UspMsg.GetInstances.newBuilder().addAllObjPaths(List.of(paths)).setFirstLevelOnly(firstLevelOnly))
                .build()).getGetInstancesResp();
    }

    private static List<String> paths(UspMsg.GetInstancesResp.RequestedPathResult r) {
        return r.getCurrInstsList().stream().map(CurrInstance::getInstantiatedObjPath).toList();
    }

    @Test
    void tp1_66_singleObjectFirstLevelOnly() {
        UspMsg.GetInstancesResp.RequestedPathResult r =
                getInstances(true, "Device.LocalAgent.Controller.").getReqPathResults(0);
        assertEquals(List.of("Device.LocalAgent.Controller.1.", "Device.LocalAgent.Controller.2."), paths(r));
        assertEquals(Map.of("Alias", "isp", "EndpointID", "proto::isp"), r.getCurrInsts(0).getUniqueKeysMap());
    }

    @Test
    void tp1_67_singleObjectAllLevels() {
        assertEquals(List.of("Device.LocalAgent.Controller.1.", "Device.LocalAgent.Controller.1.MTP.1.",
                "Device.LocalAgent.Controller.2."),
                paths(getInstances(false, "Device.LocalAgent.Controller.").getReqPathResults(0)));
    }

    @Test
    void tp1_68_multipleObjects() {
        UspMsg.GetInstancesResp resp = getInstances(true, "Device.LocalAgent.Controller.", "Device.ProxiedDevice.");
        assertEquals(List.of("Device.ProxiedDevice.1.", "Device.ProxiedDevice.3."), paths(resp.getReqPathResults(1)));
    }

    @Test
    void tp1_70_wildcard() {
        assertEquals(List.of("Device.ProxiedDevice.1.IoTCapability.1."),
                paths(getInstances(true, "Device.ProxiedDevice.*.IoTCapability.").getReqPathResults(0)));
    }

    @Test
    void tp1_71_searchExpression() {
        assertEquals(List.of("Device.ProxiedDevice.3."),
                paths(getInstances(true, "Device.ProxiedDevice.[Online==false].").getReqPathResults(0)));
    }

    @Test
    void tp1_83_unmatchedSearchExpression() {
        UspMsg.GetInstancesResp.RequestedPathResult r =
                getInstances(true, "Device.ProxiedDevice.[Type==\"Oven\"].").getReqPathResults(0);
        assertEquals(0, r.getErrCode());
        assertEquals(List.of(), paths(r));
    }

    @Test
    void wholeTreeFromTheRootAndErrors() {
        assertEquals(7, getInstances(false, "Device.").getReqPathResults(0).getCurrInstsCount());
        assertEquals(7018, getInstances(true, "Device.DeviceInfo.").getReqPathResults(0).getErrCode());
        assertEquals(7026, getInstances(true, "Device.Nope.").getReqPathResults(0).getErrCode());
    }
}
