package org.cpebridge.usp.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.cpebridge.usp.proto.UspMsg;
import org.cpebridge.usp.proto.UspMsg.AddResp.CreatedObjectResult;
import org.cpebridge.usp.proto.UspMsg.Header.MsgType;
import org.junit.jupiter.api.Test;

/**
 * TP-469 1.1-1.10, 1.81, 1.88, 1.95: Add with allow_partial and required parameters. The TP uses
 * Device.LocalAgent.Subscription.; here the Controller table plays that role (same access: writable table with keys).
 */
class Tp469_1_1to10_AddMessageTest {
    private static final String CONTROLLERS = "Device.LocalAgent.Controller.";
    private final TestAgent agent = new TestAgent();

    private List<CreatedObjectResult> addOk(UspMsg.Request request) {
        return agent.response(MsgType.ADD, request).getAddResp().getCreatedObjResultsList();
    }

    @Test
    void tp1_1_allowPartialFalseRequiredParametersSucceed() {
        List<CreatedObjectResult> results = addOk(TestAgent.add(false, TestAgent.create(CONTROLLERS,
                "EndpointID", "proto::new", true, "Enable", "true", true)));
        assertEquals(1, results.size());
        UspMsg.AddResp.CreatedObjectResult.OperationStatus.OperationSuccess success =
                results.get(0).getOperStatus().getOperSuccess();
        assertEquals(CONTROLLERS, results.get(0).getRequestedPath());
        assertEquals("Device.LocalAgent.Controller.3.", success.getInstantiatedPath());
        assertEquals(Map.of("Alias", "cpe-3", "EndpointID", "proto::new"), success.getUniqueKeysMap(),
                "R-ADD.5: the agent assigns the Alias the Controller left out");
        assertEquals("true", agent.value("Device.LocalAgent.Controller.3.", "Enable"));
    }

    @Test
    void tp1_2_allowPartialTrueRequiredParametersSucceed() {
        List<CreatedObjectResult> results = addOk(TestAgent.add(true, TestAgent.create(CONTROLLERS,
                "EndpointID", "proto::new", true)));
        assertEquals("Device.LocalAgent.Controller.3.",
                results.get(0).getOperStatus().getOperSuccess().getInstantiatedPath());
    }

    @Test
    void tp1_3_allowPartialFalseRequiredParameterFails() {
        UspMsg.Error error = agent.error(MsgType.ADD, TestAgent.add(false, TestAgent.create(CONTROLLERS,
                "Enable", "InvalidValue", true, "EndpointID", "proto::new", false)));
        assertEquals(1, error.getParamErrsCount());
        assertEquals("Device.LocalAgent.Controller.Enable", error.getParamErrs(0).getParamPath());
        assertEquals(7011, error.getParamErrs(0).getErrCode());
        assertEquals(7011, error.getErrCode());
        assertEquals(2, agent.instances(CONTROLLERS).size(), "nothing created");
    }

    @Test
    void tp1_4_allowPartialFalseSingleInvalidObject() {
        UspMsg.Error error = agent.error(MsgType.ADD, TestAgent.add(false, TestAgent.create(
                "Device.LocalAgent.NoSuchTable.", "Enable", "true", false)));
        assertEquals(7026, error.getErrCode());
    }

    @Test
    void tp1_5_allowPartialFalseMultipleObjects() {
        List<CreatedObjectResult> results = addOk(TestAgent.add(false,
                TestAgent.create(CONTROLLERS, "EndpointID", "proto::a", true),
                TestAgent.create(CONTROLLERS, "EndpointID", "proto::b", true)));
        assertEquals(2, results.size());
        assertEquals(4, agent.instances(CONTROLLERS).size());
    }

    @Test
    void tp1_6_allowPartialFalseMultipleObjectsWithAnInvalidObject() {
        agent.error(MsgType.ADD, TestAgent.add(false,
                TestAgent.create(CONTROLLERS, "EndpointID", "proto::a", true),
                TestAgent.create("Device.LocalAgent.NoSuchTable.", "X", "1", true)));
        assertEquals(2, agent.instances(CONTROLLERS).size(), "the first object was removed again (R-ADD.1)");
    }

    @Test
    void tp1_7_allowPartialFalseRequiredParameterFailsInOneObject() {
        UspMsg.Error error = agent.error(MsgType.ADD, TestAgent.add(false,
                TestAgent.create(CONTROLLERS, "EndpointID", "proto::a", true),
                TestAgent.create(CONTROLLERS, "NoSuchParameter", "1", true)));
        assertEquals(7010, error.getParamErrs(0).getErrCode());
        assertEquals(2, agent.instances(CONTROLLERS).size());
    }

    @Test
    void tp1_8_allowPartialTrueRequiredParameterFailsInvalidType() {
        List<CreatedObjectResult> results = addOk(TestAgent.add(true, TestAgent.create(CONTROLLERS,
                "PeriodicNotifInterval", "-5", true)));
        assertEquals(7011, results.get(0).getOperStatus().getOperFailure().getErrCode(),
                "the failed parameter's code");
        assertEquals(2, agent.instances(CONTROLLERS).size());
    }

    @Test
    void tp1_9_allowPartialTrueRequiredParameterFailsMultipleObjects() {
        List<CreatedObjectResult> results = addOk(TestAgent.add(true,
                TestAgent.create(CONTROLLERS, "EndpointID", "proto::ok", true),
                TestAgent.create(CONTROLLERS, "Enable", "maybe", true)));
        assertTrue(results.get(0).getOperStatus().hasOperSuccess());
        assertTrue(results.get(1).getOperStatus().hasOperFailure());
        assertEquals(3, agent.instances(CONTROLLERS).size());
    }

    @Test
    void tp1_10_uniqueKeyAddressingInPath() {
        List<CreatedObjectResult> results = addOk(TestAgent.add(false, TestAgent.create(
                "Device.LocalAgent.Controller.[EndpointID==\"proto::isp\"].MTP.", "Protocol", "WebSocket", true)));
        assertEquals("Device.LocalAgent.Controller.1.MTP.2.",
                results.get(0).getOperStatus().getOperSuccess().getInstantiatedPath());
    }

    @Test
    void nonRequiredFailureIsReportedOnSuccess() {
        CreatedObjectResult result = addOk(TestAgent.add(true, TestAgent.create(CONTROLLERS,
                "EndpointID", "proto::x", true, "MTPNumberOfEntries", "3", false))).get(0);
        UspMsg.AddResp.ParameterError error = result.getOperStatus().getOperSuccess().getParamErrs(0);
        assertEquals("MTPNumberOfEntries", error.getParam());
        assertEquals(7013, error.getErrCode(), "read-only");
    }

    @Test
    void tp1_81_automaticUniqueKeysAndTp1_88_duplicateKeyFails() {
        CreatedObjectResult result = addOk(TestAgent.add(true, TestAgent.create(CONTROLLERS))).get(0);
        assertEquals("cpe-3", result.getOperStatus().getOperSuccess().getUniqueKeysMap().get("Alias"));
        UspMsg.Error error = agent.error(MsgType.ADD, TestAgent.add(false, TestAgent.create(CONTROLLERS,
                "EndpointID", "proto::isp", false)));
        assertEquals(7025, error.getErrCode());
    }

    @Test
    void tp1_95_searchExpressionAddsToEachMatch() {
        agent.t.provider.put("Device.LocalAgent.Controller.2.", "Enable", "true");
        List<CreatedObjectResult> results = addOk(TestAgent.add(false, TestAgent.create(
                "Device.LocalAgent.Controller.[Enable==true].MTP.")));
        assertEquals(List.of("Device.LocalAgent.Controller.1.MTP.2.", "Device.LocalAgent.Controller.2.MTP.1."),
                results.stream().map(r -> r.getOperStatus().getOperSuccess().getInstantiatedPath()).toList());
        assertTrue(results.stream().allMatch(r -> r.getRequestedPath().equals(
                "Device.LocalAgent.Controller.[Enable==true].MTP.")));
    }

    @Test
    void searchMatchingNothingSucceedsEmpty() {
        CreatedObjectResult result = addOk(TestAgent.add(false, TestAgent.create(
                "Device.LocalAgent.Controller.[Alias==\"none\"&&Enable==true].MTP."))).get(0);
        assertEquals(UspMsg.AddResp.CreatedObjectResult.OperationStatus.OperationSuccess.getDefaultInstance(),
                result.getOperStatus().getOperSuccess(), "R-MSG.4a");
    }

    @Test
    void tablesThatCannotTakeRows() {
        assertEquals(7019, agent.error(MsgType.ADD, TestAgent.add(false,
                TestAgent.create("Device.ProxiedDevice."))).getErrCode(), "DELETE_ONLY table");
        assertEquals(7018, agent.error(MsgType.ADD, TestAgent.add(false,
                TestAgent.create("Device.LocalAgent.Controller.1."))).getErrCode(), "an instance, not a table");
        assertEquals(7018, agent.error(MsgType.ADD, TestAgent.add(false,
                TestAgent.create("Device.DeviceInfo."))).getErrCode(), "a single-instance object");
    }
}
