package org.cpebridge.usp.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Optional;
import org.cpebridge.privacy.policy.AccessPolicy;
import org.cpebridge.usp.datamodel.TestModel;
import org.cpebridge.usp.proto.UspMsg;
import org.cpebridge.usp.proto.UspMsg.Header.MsgType;
import org.cpebridge.bytes.Bytes;
import org.cpebridge.usp.record.Received;
import org.cpebridge.usp.record.RecordBody;
import org.cpebridge.usp.record.RecordCodec;
import org.cpebridge.usp.record.RecordEnvelope;
import org.cpebridge.usp.record.RecordFactory;
import org.cpebridge.usp.record.RecordReceiver;
import org.junit.jupiter.api.Test;

/** Message-level rules: what is answered, what is dropped, and a whole Record round trip. */
class MessageDispatcherTest {
    private final TestAgent agent = new TestAgent();
    private final MessageDispatcher dispatcher = new MessageDispatcher(new TestModel().model,
            AccessPolicy.FULL_ACCESS, new AsyncRequests("Device.LocalAgent.Request."), OperationCompleteListener.NONE);

    private Optional<UspMsg.Msg> handle(UspMsg.Msg msg) {
        return dispatcher.handle("proto::c", msg).toCompletableFuture().join();
    }

    @Test
    void brokerAndNotifyRequestsGet7001() {
        UspMsg.Error error = agent.error(MsgType.REGISTER, UspMsg.Request.newBuilder()
                .setRegister(UspMsg.Register.getDefaultInstance()).build());
        assertEquals(7001, error.getErrCode());
        assertEquals(7001, agent.error(MsgType.NOTIFY, UspMsg.Request.newBuilder()
                .setNotify(UspMsg.Notify.getDefaultInstance()).build()).getErrCode());
    }

    @Test
    void msgTypeMustMatchTheBody() {
        assertEquals(7004, agent.error(MsgType.SET, UspMsg.Request.newBuilder()
                .setGet(UspMsg.Get.newBuilder().addParamPaths("Device.")).build()).getErrCode());
    }

    @Test
    void responsesErrorsAndMalformedMessagesAreNotAnswered() {
        UspMsg.Msg notifyResp = UspMsg.Msg.newBuilder()
                .setHeader(UspMsg.Header.newBuilder().setMsgId("n1").setMsgType(MsgType.NOTIFY_RESP))
                .setBody(UspMsg.Body.newBuilder().setResponse(UspMsg.Response.newBuilder()
                        .setNotifyResp(UspMsg.NotifyResp.newBuilder().setSubscriptionId("s")))).build();
        assertTrue(handle(notifyResp).isEmpty());
        UspMsg.Msg error = UspMsg.Msg.newBuilder()
                .setHeader(UspMsg.Header.newBuilder().setMsgId("e1").setMsgType(MsgType.ERROR))
                .setBody(UspMsg.Body.newBuilder().setError(UspMsg.Error.newBuilder().setErrCode(7000))).build();
        assertTrue(handle(error).isEmpty());
        UspMsg.Msg noId = UspMsg.Msg.newBuilder()
                .setHeader(UspMsg.Header.newBuilder().setMsgType(MsgType.GET))
                .setBody(UspMsg.Body.newBuilder().setRequest(UspMsg.Request.newBuilder()
                        .setGet(UspMsg.Get.getDefaultInstance()))).build();
        assertTrue(handle(noId).isEmpty(), "R-MTP.5: no msg_id, no Error");
        assertTrue(dispatcher.handle("proto::c", Bytes.of((byte) 0xff, (byte) 0xff)).toCompletableFuture().join()
                .isEmpty(), "garbage payload");
    }

    @Test
    void recordToRecordRoundTrip() throws Exception {
        // The Get of UspSchemaTest wrapped in a No Session Context Record, as usp-js 0.5.1 sends it (version "1.4").
        byte[] get = {
            0x0a, 0x05, 0x0a, 0x01, '1', 0x10, 0x01, // header: msg_id "1", msg_type GET
            0x12, 0x1e, //                             Msg.body, 30 bytes
            0x0a, 0x1c, //                             Body.request, 28 bytes
            0x0a, 0x1a, //                             Request.get, 26 bytes
            0x0a, 0x18, 'D', 'e', 'v', 'i', 'c', 'e', '.', 'D', 'e', 'v', 'i', 'c', 'e', 'I', 'n', 'f', 'o', '.',
            'U', 'p', 'T', 'i', 'm', 'e' // param_paths "Device.DeviceInfo.UpTime"
        };
        RecordCodec codec = new RecordCodec();
        byte[] record = codec.encode(RecordEnvelope.plain("proto::agent", "proto::isp",
                new RecordBody.NoSessionContext(Bytes.of(get))));
        Received received = new RecordReceiver("proto::agent", codec).receive(ByteBuffer.wrap(record), "test");
        Received.MessageReceived message = (Received.MessageReceived) received;
        Bytes reply = dispatcher.handle(message.fromId(), message.payload()).toCompletableFuture().join()
                .orElseThrow();
        RecordEnvelope out = codec.decode(codec.encode(new RecordFactory("proto::agent").message(message.fromId(),
                reply)));
        assertEquals("proto::isp", out.toId());
        UspMsg.Msg resp = UspMsg.Msg.parseFrom(((RecordBody.NoSessionContext) out.body()).payload().toByteArray());
        assertEquals("1", resp.getHeader().getMsgId());
        assertEquals(MsgType.GET_RESP, resp.getHeader().getMsgType());
        assertEquals("0", resp.getBody().getResponse().getGetResp().getReqPathResults(0).getResolvedPathResults(0)
                .getResultParamsMap().get("UpTime"));
    }
}
