package org.cpebridge.usp.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.cpebridge.privacy.policy.AccessPolicy;
import org.cpebridge.usp.proto.UspMsg;
import org.cpebridge.usp.record.Payload;
import org.junit.jupiter.api.Test;

/**
 * A Get path that follows references ({@code +}) can reach one object from several rows; the answer holds it once,
 * at its first place, as the protobuf map of results did before the answer was written during the walk
 * ({@link GetHandler}'s merged results), and the bytes sent are protobuf's own encoding of that answer.
 */
class GetThroughReferencesTest {
    private final TestAgent agent = new TestAgent();

    @Test
    void anObjectReachedTwiceIsAnsweredOnce() throws Exception {
        // Rows 1 and 2 both name Controller 1 (row 1 by its Alias, row 2 by its instance number).
        agent.t.provider.putRow("Device.ProxiedDevice.", 2, Map.of("Alias", "lamp", "Name", "Lamp", "Type", "Light",
                "Online", "true", "ProxyProtocol", "ZigBee", "Controller", "Device.LocalAgent.Controller.1"));
        UspMsg.GetResp answer = agent.get(0, "Device.ProxiedDevice.*.Controller+.",
                "Device.ProxiedDevice.*.Controller+.EndpointID", "Device.ProxiedDevice.*.Alias");
        assertEquals(List.of("Device.LocalAgent.Controller.1.", "Device.LocalAgent.Controller.1.MTP.1."),
                paths(answer.getReqPathResults(0)));
        assertEquals(Map.of("EndpointID", "proto::isp"),
                answer.getReqPathResults(1).getResolvedPathResults(0).getResultParamsMap());
        assertEquals(List.of("Device.LocalAgent.Controller.1."), paths(answer.getReqPathResults(1)));
        assertEquals(List.of("Device.ProxiedDevice.1.", "Device.ProxiedDevice.2.", "Device.ProxiedDevice.3."),
                paths(answer.getReqPathResults(2)));

        MessageDispatcher dispatcher = new MessageDispatcher(agent.t.model, AccessPolicy.FULL_ACCESS, agent.requests,
                (controllerId, requestPath, result) -> { });
        UspMsg.Msg request = UspMsg.Msg.newBuilder()
                .setHeader(UspMsg.Header.newBuilder().setMsgId("r").setMsgType(UspMsg.Header.MsgType.GET))
                .setBody(UspMsg.Body.newBuilder().setRequest(UspMsg.Request.newBuilder().setGet(UspMsg.Get.newBuilder()
                        .addParamPaths("Device.ProxiedDevice.*.Controller+.")
                        .addParamPaths("Device.ProxiedDevice.*.Controller+."))))
                .build();
        Answer written = dispatcher.answer(TestAgent.CONTROLLER, request, ResponseBudget.unlimited())
                .toCompletableFuture().get().orElseThrow();
        Payload payload = written.payload();
        byte[] sent = new byte[payload.size()];
        payload.writeTo(sent, 0);
        assertArrayEquals(written.message().toByteArray(), sent, "protobuf's encoding of what it holds");
        assertEquals(2, written.message().getBody().getResponse().getGetResp().getReqPathResultsCount());
    }

    private static List<String> paths(UspMsg.GetResp.RequestedPathResult result) {
        return result.getResolvedPathResultsList().stream().map(UspMsg.GetResp.ResolvedPathResult::getResolvedPath)
                .toList();
    }
}
