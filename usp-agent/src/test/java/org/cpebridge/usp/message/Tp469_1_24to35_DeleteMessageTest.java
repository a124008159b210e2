package org.cpebridge.usp.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.cpebridge.usp.proto.UspMsg;
import org.cpebridge.usp.proto.UspMsg.DeleteResp.DeletedObjectResult;
import org.cpebridge.usp.proto.UspMsg.Header.MsgType;
import org.junit.jupiter.api.Test;

/** TP-469 1.24-1.35 and 1.90: Delete with allow_partial, missing and invalid objects, keys and searches. */
class Tp469_1_24to35_DeleteMessageTest {
    private static final String CONTROLLERS = "Device.LocalAgent.Controller.";
    private final TestAgent agent = new TestAgent();

    private List<DeletedObjectResult> deleteOk(UspMsg.Request request) {
        return agent.response(MsgType.DELETE, request).getDeleteResp().getDeletedObjResultsList();
    }

    @Test
    void tp1_24_allowPartialFalseValidInstance() {
        DeletedObjectResult r = deleteOk(TestAgent.delete(false, "Device.LocalAgent.Controller.2.")).get(0);
        assertEquals(List.of("Device.LocalAgent.Controller.2."), r.getOperStatus().getOperSuccess()
                .getAffectedPathsList());
        assertEquals(List.of("Device.LocalAgent.Controller.1."), agent.instances(CONTROLLERS));
    }

    @Test
    void tp1_25_allowPartialFalseInstanceDoesNotExist() {
        UspMsg.Error error = agent.error(MsgType.DELETE, TestAgent.delete(false, "Device.LocalAgent.Controller.9."));
        assertEquals(7016, error.getErrCode());
    }

    @Test
    void tp1_26_allowPartialFalseInvalidObject() {
        assertEquals(7026, agent.error(MsgType.DELETE, TestAgent.delete(false, "Device.LocalAgent.Nope.1."))
                .getErrCode());
        assertEquals(7026, agent.error(MsgType.DELETE, TestAgent.delete(false, "Device.DeviceInfo.")).getErrCode(),
                "not an object instance path");
    }

    @Test
    void tp1_27_allowPartialFalseMultipleObjects() {
        deleteOk(TestAgent.delete(false, "Device.LocalAgent.Controller.1.", "Device.LocalAgent.Controller.2."));
        assertEquals(List.of(), agent.instances(CONTROLLERS));
    }

    @Test
    void tp1_28_allowPartialFalseMultipleObjectsOneInvalid() {
        agent.error(MsgType.DELETE, TestAgent.delete(false, "Device.LocalAgent.Controller.1.",
                "Device.LocalAgent.Nope.1."));
        assertEquals(2, agent.instances(CONTROLLERS).size(), "R-DEL.1: nothing is deleted");
    }

    @Test
    void tp1_29_allowPartialTrueInstanceDoesNotExist() {
        DeletedObjectResult r = deleteOk(TestAgent.delete(true, "Device.LocalAgent.Controller.9.")).get(0);
        assertEquals(0, r.getOperStatus().getOperSuccess().getAffectedPathsCount(), "R-DEL.2a");
    }

    @Test
    void tp1_30_allowPartialTrueInvalidObject() {
        DeletedObjectResult r = deleteOk(TestAgent.delete(true, "Device.LocalAgent.Nope.1.")).get(0);
        assertEquals(7026, r.getOperStatus().getOperFailure().getErrCode());
    }

    @Test
    void tp1_31_allowPartialTrueMultipleObjectsOneInvalid() {
        List<DeletedObjectResult> results = deleteOk(TestAgent.delete(true, "Device.LocalAgent.Controller.1.",
                "Device.LocalAgent.Nope.1."));
        assertTrue(results.get(0).getOperStatus().hasOperSuccess());
        assertTrue(results.get(1).getOperStatus().hasOperFailure());
        assertEquals(List.of("Device.LocalAgent.Controller.2."), agent.instances(CONTROLLERS));
    }

    @Test
    void tp1_32_allowPartialTrueMultipleObjectsOneMissing() {
        List<DeletedObjectResult> results = deleteOk(TestAgent.delete(true, "Device.LocalAgent.Controller.1.",
                "Device.LocalAgent.Controller.9."));
        assertEquals(1, results.get(0).getOperStatus().getOperSuccess().getAffectedPathsCount());
        assertEquals(0, results.get(1).getOperStatus().getOperSuccess().getAffectedPathsCount());
    }

    @Test
    void tp1_33_uniqueKeyAddressing() {
        deleteOk(TestAgent.delete(false, "Device.LocalAgent.Controller.[Alias==\"isp\"]."));
        assertEquals(List.of("Device.LocalAgent.Controller.2."), agent.instances(CONTROLLERS));
    }

    @Test
    void tp1_34_wildcard() {
        DeletedObjectResult r = deleteOk(TestAgent.delete(false, "Device.LocalAgent.Controller.*.")).get(0);
        assertEquals(2, r.getOperStatus().getOperSuccess().getAffectedPathsCount());
        assertEquals(List.of(), agent.get("Device.LocalAgent.Controller.*.MTP.*.").getReqPathResults(0)
                .getResolvedPathResultsList(), "sub-rows went with their parents");
    }

    @Test
    void tp1_35_searchExpression() {
        deleteOk(TestAgent.delete(false, "Device.LocalAgent.Controller.[Enable==false]."));
        assertEquals(List.of("Device.LocalAgent.Controller.1."), agent.instances(CONTROLLERS));
    }

    @Test
    void tp1_90_searchMatchingNothing() {
        DeletedObjectResult r = deleteOk(TestAgent.delete(false,
                "Device.LocalAgent.Controller.[Alias==\"none\"&&Enable==true].")).get(0);
        assertEquals(0, r.getOperStatus().getOperSuccess().getAffectedPathsCount());
    }

    @Test
    void nonDeletableRows() {
        DeletedObjectResult r = deleteOk(TestAgent.delete(true, "Device.ProxiedDevice.1.IoTCapability.1.")).get(0);
        assertEquals(7024, r.getOperStatus().getOperSuccess().getUnaffectedPathErrs(0).getErrCode());
        assertEquals(7024, agent.error(MsgType.DELETE, TestAgent.delete(false,
                "Device.ProxiedDevice.1.IoTCapability.1.")).getErrCode());
    }
}
