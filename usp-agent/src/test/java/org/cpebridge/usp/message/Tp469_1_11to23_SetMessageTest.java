package org.cpebridge.usp.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.cpebridge.usp.proto.UspMsg;
import org.cpebridge.usp.proto.UspMsg.Header.MsgType;
import org.cpebridge.usp.proto.UspMsg.SetResp.UpdatedObjectResult;
import org.junit.jupiter.api.Test;

/** TP-469 1.11-1.23: Set with allow_partial, required parameters, unique keys, wildcards and search paths. */
class Tp469_1_11to23_SetMessageTest {
    private static final String C1 = "Device.LocalAgent.Controller.1.";
    private static final String C2 = "Device.LocalAgent.Controller.2.";
    private final TestAgent agent = new TestAgent();

    private List<UpdatedObjectResult> setOk(UspMsg.Request request) {
        return agent.response(MsgType.SET, request).getSetResp().getUpdatedObjResultsList();
    }

    @Test
    void tp1_11_allowPartialFalseRequiredParametersPass() {
        UpdatedObjectResult r = setOk(TestAgent.set(false, TestAgent.update(C1, "PeriodicNotifInterval", "300",
                true))).get(0);
        UspMsg.SetResp.UpdatedInstanceResult instance = r.getOperStatus().getOperSuccess().getUpdatedInstResults(0);
        assertEquals(C1, instance.getAffectedPath());
        assertEquals(Map.of("PeriodicNotifInterval", "300"), instance.getUpdatedParamsMap());
        assertEquals("300", agent.value(C1, "PeriodicNotifInterval"));
    }

    @Test
    void tp1_12_allowPartialTrueRequiredParametersPass() {
        setOk(TestAgent.set(true, TestAgent.update(C2, "Enable", "1", true)));
        assertEquals("1", agent.value(C2, "Enable"));
    }

    @Test
    void tp1_13_allowPartialFalseMultipleObjects() {
        setOk(TestAgent.set(false, TestAgent.update(C1, "Enable", "false", true),
                TestAgent.update(C2, "Enable", "true", true)));
        assertEquals("false", agent.value(C1, "Enable"));
        assertEquals("true", agent.value(C2, "Enable"));
    }

    @Test
    void tp1_14_allowPartialFalseRequiredParameterFails() {
        UspMsg.Error error = agent.error(MsgType.SET, TestAgent.set(false, TestAgent.update(C1,
                "InvalidParameter", "IrrelevantValue", true)));
        assertEquals(1, error.getParamErrsCount());
        assertEquals(C1 + "InvalidParameter", error.getParamErrs(0).getParamPath());
        assertEquals(7010, error.getParamErrs(0).getErrCode());
    }

    @Test
    void tp1_15_allowPartialFalseRequiredFailsInOneOfSeveralObjects() {
        agent.error(MsgType.SET, TestAgent.set(false, TestAgent.update(C1, "Enable", "false", true),
                TestAgent.update(C2, "Enable", "notABoolean", true)));
        assertEquals("true", agent.value(C1, "Enable"), "the first object's change was undone");
    }

    @Test
    void tp1_16_allowPartialTrueRequiredFailsMultipleObjects() {
        List<UpdatedObjectResult> results = setOk(TestAgent.set(true, TestAgent.update(C1, "Enable", "false", true),
                TestAgent.update(C2, "Enable", "notABoolean", true)));
        assertTrue(results.get(0).getOperStatus().hasOperSuccess());
        UspMsg.SetResp.UpdatedObjectResult.OperationStatus.OperationFailure failure =
                results.get(1).getOperStatus().getOperFailure();
        assertEquals(7011, failure.getErrCode(), "the failed required parameter's code");
        assertEquals(C2, failure.getUpdatedInstFailures(0).getAffectedPath());
        assertEquals(7011, failure.getUpdatedInstFailures(0).getParamErrs(0).getErrCode());
        assertEquals("false", agent.value(C1, "Enable"));
    }

    @Test
    void tp1_17_allowPartialTrueNonRequiredParameterFails() {
        UspMsg.SetResp.UpdatedInstanceResult instance = setOk(TestAgent.set(true, TestAgent.update(C1,
                "Enable", "false", false, "MTPNumberOfEntries", "9", false))).get(0).getOperStatus()
                .getOperSuccess().getUpdatedInstResults(0);
        assertEquals(Map.of("Enable", "false"), instance.getUpdatedParamsMap());
        assertEquals("MTPNumberOfEntries", instance.getParamErrs(0).getParam());
        assertEquals(7013, instance.getParamErrs(0).getErrCode());
    }

    @Test
    void tp1_18_uniqueKeyAddressing() {
        UpdatedObjectResult r = setOk(TestAgent.set(false, TestAgent.update(
                "Device.LocalAgent.Controller.[Alias==\"home\"].", "Enable", "true", true))).get(0);
        assertEquals(C2, r.getOperStatus().getOperSuccess().getUpdatedInstResults(0).getAffectedPath());
    }

    @Test
    void tp1_19_wildcardAllowPartialFalseRequiredPass() {
        UpdatedObjectResult r = setOk(TestAgent.set(false, TestAgent.update("Device.LocalAgent.Controller.*.",
                "PeriodicNotifInterval", "120", true))).get(0);
        assertEquals(2, r.getOperStatus().getOperSuccess().getUpdatedInstResultsCount());
        assertEquals("120", agent.value(C2, "PeriodicNotifInterval"));
    }

    @Test
    void tp1_20_wildcardAllowPartialFalseRequiredFails() {
        agent.error(MsgType.SET, TestAgent.set(false, TestAgent.update("Device.LocalAgent.Controller.*.",
                "EndpointID", "proto::same", true)));
        assertEquals("proto::isp", agent.value(C1, "EndpointID"), "duplicate key on row 2 undid row 1");
    }

    @Test
    void tp1_21_wildcardAllowPartialTrueRequiredFails() {
        UpdatedObjectResult r = setOk(TestAgent.set(true, TestAgent.update("Device.LocalAgent.Controller.*.",
                "EndpointID", "proto::same", true))).get(0);
        UspMsg.SetResp.UpdatedObjectResult.OperationStatus.OperationFailure failure =
                r.getOperStatus().getOperFailure();
        assertEquals(7025, failure.getErrCode());
        assertEquals(C2, failure.getUpdatedInstFailures(0).getAffectedPath());
        assertEquals("proto::isp", agent.value(C1, "EndpointID"), "R-SET.2a: the whole obj_path is undone");
    }

    @Test
    void tp1_22_searchExpression() {
        UpdatedObjectResult r = setOk(TestAgent.set(false, TestAgent.update(
                "Device.LocalAgent.Controller.[PeriodicNotifInterval<100].", "Enable", "true", true))).get(0);
        assertEquals(C2, r.getOperStatus().getOperSuccess().getUpdatedInstResults(0).getAffectedPath());
    }

    @Test
    void tp1_23_pathMatchingNoObjects() {
        UpdatedObjectResult r = setOk(TestAgent.set(false, TestAgent.update(
                "Device.LocalAgent.Controller.[PeriodicNotifInterval>99999].", "Enable", "true", true))).get(0);
        assertEquals(0, r.getOperStatus().getOperSuccess().getUpdatedInstResultsCount());
    }

    @Test
    void valueChecks() {
        assertEquals(7013, agent.error(MsgType.SET, TestAgent.set(false, TestAgent.update("Device.DeviceInfo.",
                "Manufacturer", "x", true))).getErrCode());
        assertEquals(7012, agent.error(MsgType.SET, TestAgent.set(false, TestAgent.update(C1 + "MTP.1.",
                "Protocol", "CoAP", true))).getErrCode());
        assertEquals(7016, agent.error(MsgType.SET, TestAgent.set(false, TestAgent.update(
                "Device.LocalAgent.Controller.9.", "Enable", "true", true))).getErrCode());
        assertEquals(7026, agent.error(MsgType.SET, TestAgent.set(false, TestAgent.update(
                "Device.LocalAgent.Controller.1.Enable", "Enable", "true", true))).getErrCode());
    }
}
