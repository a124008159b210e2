package org.cpebridge.usp.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.cpebridge.usp.proto.UspMsg;
import org.junit.jupiter.api.Test;

/** TP-469 1.41-1.45: invalid parameters, unique key addressing and wildcards in Get. */
class Tp469_1_41to45_GetMessageAddressingTest {
    private final TestAgent agent = new TestAgent();

    @Test
    void tp1_41_invalidParameterIs7026() {
        UspMsg.GetResp.RequestedPathResult r = agent.get("Device.DeviceInfo.NoSuchParameter").getReqPathResults(0);
        assertEquals(7026, r.getErrCode());
        assertTrue(r.getResolvedPathResultsList().isEmpty());
    }

    @Test
    void tp1_42_invalidAndValidParameter() {
        UspMsg.GetResp resp = agent.get("Device.DeviceInfo.NoSuchParameter", "Device.DeviceInfo.Manufacturer");
        assertEquals(7026, resp.getReqPathResults(0).getErrCode());
        assertEquals(0, resp.getReqPathResults(1).getErrCode());
        assertEquals("cpe-bridge",
                resp.getReqPathResults(1).getResolvedPathResults(0).getResultParamsMap().get("Manufacturer"));
    }

    @Test
    void tp1_43_uniqueKeyAddressing() {
        UspMsg.GetResp.RequestedPathResult r =
                agent.getOk("Device.LocalAgent.Controller.[EndpointID==\"proto::home\"].Enable");
        assertEquals(Map.of("Device.LocalAgent.Controller.2.", Map.of("Enable", "false")), TestAgent.byPath(r),
                "R-MSG.3: instance numbers in the answer");
    }

    @Test
    void tp1_44_wildcardOnFullParameter() {
        UspMsg.GetResp.RequestedPathResult r = agent.getOk("Device.LocalAgent.Controller.*.EndpointID");
        assertEquals(Map.of("Device.LocalAgent.Controller.1.", Map.of("EndpointID", "proto::isp"),
                "Device.LocalAgent.Controller.2.", Map.of("EndpointID", "proto::home")), TestAgent.byPath(r));
    }

    @Test
    void tp1_45_wildcardOnObjectPath() {
        UspMsg.GetResp.RequestedPathResult r = agent.getOk("Device.LocalAgent.Controller.*.MTP.*.");
        assertEquals(List.of("Device.LocalAgent.Controller.1.MTP.1."), List.copyOf(TestAgent.byPath(r).keySet()));
    }

    @Test
    void badSyntaxIs7008() {
        assertEquals(7008, agent.get("Device.LocalAgent.Controller.[Alias==\"x\".").getReqPathResults(0).getErrCode());
    }

    @Test
    void commandPathIsNotReadable() {
        assertEquals(7026, agent.get("Device.Reboot()").getReqPathResults(0).getErrCode());
    }
}
