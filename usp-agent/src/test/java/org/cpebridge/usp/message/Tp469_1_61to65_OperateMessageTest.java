package org.cpebridge.usp.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cpebridge.usp.datamodel.DataModelException;
import org.cpebridge.usp.proto.UspMsg;
import org.cpebridge.usp.proto.UspMsg.Header.MsgType;
import org.cpebridge.usp.proto.UspMsg.OperateResp.OperationResult;
import org.junit.jupiter.api.Test;

/** TP-469 1.61-1.65, 1.79, 1.91, 1.100: synchronous and asynchronous commands, send_resp and input arguments. */
class Tp469_1_61to65_OperateMessageTest {
    private final TestAgent agent = new TestAgent();

    private List<OperationResult> operateOk(String command, Map<String, String> inputs) {
        return agent.response(MsgType.OPERATE, TestAgent.operate(command, true, inputs)).getOperateResp()
                .getOperationResultsList();
    }

    @Test
    void tp1_61_rebootWithSendRespTrue() {
        OperationResult r = operateOk("Device.Reboot()", Map.of()).get(0);
        assertEquals("Device.Reboot()", r.getExecutedCommand());
        assertTrue(r.hasReqOutputArgs());
        assertEquals(1, agent.t.reboots.get());
    }

    @Test
    void tp1_62_rebootWithSendRespFalse() {
        Optional<UspMsg.Msg> reply = agent.trySend(MsgType.OPERATE, TestAgent.operate("Device.Reboot()", false,
                Map.of()));
        assertTrue(reply.isEmpty(), "R-OPR.4");
        assertEquals(1, agent.t.reboots.get(), "the command ran anyway");
    }

    @Test
    void tp1_64_asyncWithSendRespTrue() {
        OperationResult r = operateOk("Device.SelfTestDiagnostics()", Map.of()).get(0);
        assertEquals("Device.LocalAgent.Request.1.", r.getReqObjPath());
        assertEquals(1, agent.requests.running().size(), "R-OPR.0: a Request row while it runs");
        agent.t.selfTest.complete(Map.of("Results", "ok"));
        assertEquals(0, agent.requests.running().size(), "removed when complete");
        UspMsg.Notify.OperationComplete complete = agent.completed.get(0);
        assertEquals("Device.", complete.getObjPath());
        assertEquals("SelfTestDiagnostics()", complete.getCommandName());
        assertEquals("key-1", complete.getCommandKey());
        assertEquals(Map.of("Results", "ok"), complete.getReqOutputArgs().getOutputArgsMap());
        assertEquals(List.of("Device.LocalAgent.Request.1."), agent.completedRequests);
    }

    @Test
    void tp1_65_asyncWithSendRespFalseReportsFailure() {
        assertTrue(agent.trySend(MsgType.OPERATE, TestAgent.operate("Device.SelfTestDiagnostics()", false,
                Map.of())).isEmpty());
        agent.t.selfTest.completeExceptionally(new DataModelException(7022, "self test failed"));
        assertEquals(7022, agent.completed.get(0).getCmdFailure().getErrCode());
    }

    @Test
    void tp1_79_inputArgumentsAndTp1_91_unknownArgumentsIgnored() {
        OperationResult r = operateOk("Device.LocalAgent.Controller.1.ScheduleTimer()",
                Map.of("DelaySeconds", "10", "Bogus", "x")).get(0);
        assertTrue(r.hasReqOutputArgs(), r.toString());
    }

    @Test
    void tp1_92_omittedInputsTakeTheirDefaults() {
        OperationResult r = operateOk("Device.SelfTestDiagnostics()", Map.of("Host", "192.0.2.1")).get(0);
        assertTrue(r.hasReqObjPath());
        assertEquals(Map.of("Host", "192.0.2.1", "NumberOfTries", "3"), agent.t.selfTestArgs.get(), "R-OPR.7");
        operateOk("Device.SelfTestDiagnostics()", Map.of("NumberOfTries", "1"));
        assertEquals(Map.of("NumberOfTries", "1"), agent.t.selfTestArgs.get(), "a given value wins");
    }

    @Test
    void tp1_100_missingMandatoryInputIs7027() {
        OperationResult r = operateOk("Device.LocalAgent.Controller.1.ScheduleTimer()", Map.of()).get(0);
        assertEquals(7027, r.getCmdFailure().getErrCode());
    }

    @Test
    void searchPathRunsTheCommandOnEachMatch() {
        List<OperationResult> results = operateOk("Device.ProxiedDevice.*.IoTCapability.*.BinaryControl.Toggle()",
                Map.of());
        assertEquals(List.of("Device.ProxiedDevice.1.IoTCapability.1.BinaryControl.Toggle()"),
                results.stream().map(OperationResult::getExecutedCommand).toList());
        assertEquals("true", agent.value("Device.ProxiedDevice.1.IoTCapability.1.BinaryControl.", "Value"));
        assertEquals(List.of(), operateOk("Device.LocalAgent.Controller.[Alias==\"none\"&&Enable==true]"
                + ".ScheduleTimer()", Map.of()), "R-MSG.4a: no match, empty response");
    }

    @Test
    void wildcardRunsOnEveryRow() {
        List<OperationResult> results = operateOk("Device.LocalAgent.Controller.*.ScheduleTimer()",
                Map.of("DelaySeconds", "1"));
        assertEquals(List.of("Device.LocalAgent.Controller.1.ScheduleTimer()",
                "Device.LocalAgent.Controller.2.ScheduleTimer()"),
                results.stream().map(OperationResult::getExecutedCommand).toList());
    }

    @Test
    void failingOrCrashingCommandsBecomeCmdFailure() {
        agent.t.provider.onCommand("Device.Reboot()", (object, args) -> {
            throw new IllegalStateException("provider bug");
        });
        assertEquals(7022, operateOk("Device.Reboot()", Map.of()).get(0).getCmdFailure().getErrCode());
        agent.t.provider.onCommand("Device.Reboot()", (object, args) ->
                java.util.concurrent.CompletableFuture.failedFuture(new DataModelException(7003, "busy")));
        OperationResult r = operateOk("Device.Reboot()", Map.of()).get(0);
        assertEquals(7003, r.getCmdFailure().getErrCode());
        assertEquals("busy", r.getCmdFailure().getErrMsg());
    }

    @Test
    void badCommandPathsAreErrors() {
        assertEquals(7026, agent.error(MsgType.OPERATE, TestAgent.operate("Device.Nope()", true, Map.of()))
                .getErrCode());
        assertEquals(7026, agent.error(MsgType.OPERATE, TestAgent.operate("Device.DeviceInfo.", true, Map.of()))
                .getErrCode());
        assertEquals(7016, agent.error(MsgType.OPERATE, TestAgent.operate(
                "Device.LocalAgent.Controller.9.ScheduleTimer()", true, Map.of())).getErrCode());
        assertEquals(7008, agent.error(MsgType.OPERATE, TestAgent.operate("Device.Reboot(", true, Map.of()))
                .getErrCode());
    }
}
