package org.cpebridge.usp.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.cpebridge.usp.agent.model.Tr181Schema;
import org.cpebridge.usp.agent.notify.RequestTable;
import org.cpebridge.usp.datamodel.DataModelException;
import org.cpebridge.usp.datamodel.ObjectInstance;
import org.cpebridge.usp.datamodel.ObjectSchema;
import org.cpebridge.usp.proto.UspMsg;
import org.cpebridge.usp.proto.UspMsg.Header.MsgType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Assertions;

/**
 * {@code Device.LocalAgent.Request.{i}.} (TR-181 Device:2.19) served from the running asynchronous commands of
 * {@link TestModel}'s {@code SelfTestDiagnostics()}: the row while it runs (R-OPR.0), Status Active then Canceling,
 * and {@code Cancel()} ending the command with OperationComplete error 7023 (TR-369 "CommandFailure Fields").
 */
class AsyncRequestCancelTest {
    private final TestAgent agent = new TestAgent();
    private final RequestTable table = new RequestTable(agent.requests);
    private final ObjectSchema root = Tr181Schema.build();
    private final ObjectSchema requestTable = root.child("LocalAgent").orElseThrow().child("Request").orElseThrow();
    private final ObjectInstance localAgent = ObjectInstance.root(root).child(root.child("LocalAgent").orElseThrow());

    private ObjectInstance row(long n) {
        return localAgent.instance(requestTable, n);
    }

    private void startSelfTest(String commandKey) {
        UspMsg.Msg reply = agent.send(MsgType.OPERATE, UspMsg.Request.newBuilder().setOperate(UspMsg.Operate
                .newBuilder().setCommand("Device.SelfTestDiagnostics()").setCommandKey(commandKey)
                .setSendResp(true)).build());
        assertEquals("Device.LocalAgent.Request.1.", reply.getBody().getResponse().getOperateResp()
                .getOperationResults(0).getReqObjPath());
    }

    @Test
    void runningCommandIsARequestRow() {
        startSelfTest("diag-1");
        assertEquals(java.util.List.of(1L), table.instances(localAgent, requestTable));
        assertEquals(Map.of("Alias", "cpe-1", "Originator", TestAgent.CONTROLLER,
                "Command", "Device.SelfTestDiagnostics()", "CommandKey", "diag-1", "Status", "Active"),
                table.values(row(1)));
        agent.t.selfTest.complete(Map.of("Results", "ok"));
        assertTrue(table.instances(localAgent, requestTable).isEmpty(), "removed when complete");
    }

    @Test
    void cancelEndsTheCommandWith7023() throws Exception {
        startSelfTest("diag-2");
        var cancel = requestTable.command("Cancel").orElseThrow();
        assertEquals(Map.of(), table.operate(row(1), cancel, Map.of()).toCompletableFuture().get());
        assertEquals(1, agent.completed.size());
        UspMsg.Notify.OperationComplete complete = agent.completed.get(0);
        assertEquals("diag-2", complete.getCommandKey());
        assertEquals(7023, complete.getCmdFailure().getErrCode());
        assertTrue(agent.requests.running().isEmpty());
        assertFalse(agent.requests.cancel(1), "nothing left to cancel");
        // Cancelling a finished request fails as a command failure.
        ExecutionException e = Assertions.assertThrows(ExecutionException.class,
                () -> table.operate(row(1), cancel, Map.of()).toCompletableFuture().get());
        assertEquals(7022, ((DataModelException) e.getCause()).errorCode());
    }

    @Test
    void statusIsCancelingWhileTheCommandIgnoresTheCancel() {
        AsyncRequests.Request r = agent.requests.open("proto::x", "Device.X()", "k");
        assertTrue(agent.requests.cancel(r.number()), "no stage attached yet: only the status changes");
        assertEquals("Canceling", table.values(row(r.number())).get("Status"));
    }
}
