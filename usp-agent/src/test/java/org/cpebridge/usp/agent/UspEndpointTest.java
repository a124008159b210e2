package org.cpebridge.usp.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.cpebridge.privacy.policy.AccessPolicy;
import org.cpebridge.usp.datamodel.TestModel;
import org.cpebridge.usp.error.UspErrors;
import org.cpebridge.usp.message.AsyncRequests;
import org.cpebridge.usp.message.MessageDispatcher;
import org.cpebridge.usp.message.OperationCompleteListener;
import org.cpebridge.usp.proto.UspMsg;
import org.cpebridge.usp.proto.UspMsg.Header.MsgType;
import org.cpebridge.bytes.Bytes;
import org.cpebridge.usp.record.RecordBody;
import org.cpebridge.usp.record.RecordCodec;
import org.cpebridge.usp.record.RecordEnvelope;
import org.junit.jupiter.api.Test;

/** Record in, Records out: R-MSG.0a (same record type back), R-MSG.4 (duplicates), R-E2E.6a, TP-469 2.2. */
class UspEndpointTest {
    private static final String AGENT = "proto::agent";
    private static final String CONTROLLER = "proto::isp";

    private final TestModel t = new TestModel();
    private final RecordCodec codec = new RecordCodec();
    private final UspEndpoint endpoint = new UspEndpoint(AGENT, codec, new MessageDispatcher(t.model,
            AccessPolicy.FULL_ACCESS, new AsyncRequests("Device.LocalAgent.Request."), OperationCompleteListener.NONE));

    private static UspMsg.Msg reboot(String msgId) {
        return UspMsg.Msg.newBuilder()
                .setHeader(UspMsg.Header.newBuilder().setMsgId(msgId).setMsgType(MsgType.OPERATE))
                .setBody(UspMsg.Body.newBuilder().setRequest(UspMsg.Request.newBuilder().setOperate(
                        UspMsg.Operate.newBuilder().setCommand("Device.Reboot()").setSendResp(true))))
                .build();
    }

    private CompletionStage<List<byte[]>> send(String toId, UspMsg.Msg msg) {
        byte[] record = codec.encode(RecordEnvelope.plain(toId, CONTROLLER,
                new RecordBody.NoSessionContext(Bytes.of(msg.toByteArray()))));
        return endpoint.onRecord(ByteBuffer.wrap(record), "test");
    }

    private UspMsg.Msg decodeOne(List<byte[]> out) throws Exception {
        assertEquals(1, out.size());
        RecordEnvelope record = codec.decode(out.get(0));
        assertEquals(CONTROLLER, record.toId());
        assertEquals(AGENT, record.fromId());
        return UspMsg.Msg.parseFrom(((RecordBody.NoSessionContext) record.body()).payload().toByteArray());
    }

    @Test
    void requestIsAnsweredInANoSessionContextRecord() throws Exception {
        UspMsg.Msg reply = decodeOne(send(AGENT, reboot("r1")).toCompletableFuture().join());
        assertEquals("r1", reply.getHeader().getMsgId());
        assertEquals(MsgType.OPERATE_RESP, reply.getHeader().getMsgType());
        assertEquals(1, t.reboots.get());
    }

    @Test
    void duplicateWhileInFlightIsIgnoredThenAllowedAgain() throws Exception {
        CompletableFuture<Map<String, String>> slow = new CompletableFuture<>();
        t.provider.onCommand("Device.Reboot()", (object, args) -> slow);
        CompletableFuture<List<byte[]>> first = send(AGENT, reboot("r1")).toCompletableFuture();
        assertFalse(first.isDone());
        assertEquals(List.of(), send(AGENT, reboot("r1")).toCompletableFuture().join(), "R-MSG.4");
        slow.complete(Map.of());
        assertEquals("r1", decodeOne(first.join()).getHeader().getMsgId());
        t.provider.onCommand("Device.Reboot()", (object, args) -> CompletableFuture.completedFuture(Map.of()));
        assertEquals(1, send(AGENT, reboot("r1")).toCompletableFuture().join().size(), "answered, so reusable");
    }

    @Test
    void recordsForOthersAndSessionsAreHandledAtRecordLevel() throws Exception {
        assertTrue(send("proto::other", reboot("r1")).toCompletableFuture().join().isEmpty(), "TP-469 2.2");
        byte[] session = codec.encode(RecordEnvelope.plain(AGENT, CONTROLLER, new RecordBody.SessionContext(1, 1, 1,
                0, RecordBody.SarState.NONE, RecordBody.SarState.NONE, List.of(Bytes.of(reboot("s").toByteArray())))));
        List<byte[]> out = endpoint.onRecord(ByteBuffer.wrap(session), "test").toCompletableFuture().join();
        assertEquals(new RecordBody.Disconnect("Session Context not allowed", 7106), codec.decode(out.get(0)).body());
        assertEquals(0, t.reboots.get());
    }

    @Test
    void connectRecordForANewLink() throws Exception {
        byte[] connect = endpoint.encode(endpoint.records().mqttConnect(CONTROLLER, RecordBody.MqttVersion.V5,
                "usp/agent/me"));
        assertEquals(new RecordBody.MqttConnect(RecordBody.MqttVersion.V5, "usp/agent/me"),
                codec.decode(connect).body());
    }

    /** The MQTT MTP hands over the Record it decoded for the sender's topic: same answer as from the bytes. */
    @Test
    void aRecordTheMtpDecodedIsAnsweredAsItsBytesAre() throws Exception {
        UspMsg.Msg get = UspMsg.Msg.newBuilder()
                .setHeader(UspMsg.Header.newBuilder().setMsgId("g1").setMsgType(MsgType.GET))
                .setBody(UspMsg.Body.newBuilder().setRequest(UspMsg.Request.newBuilder().setGet(
                        UspMsg.Get.newBuilder().addParamPaths("Device.DeviceInfo."))))
                .build();
        byte[] record = codec.encode(RecordEnvelope.plain(AGENT, CONTROLLER,
                new RecordBody.NoSessionContext(Bytes.of(get.toByteArray()))));
        List<byte[]> fromBytes = endpoint.onRecord(ByteBuffer.wrap(record), "test").toCompletableFuture().join();
        List<byte[]> fromDecoded = endpoint.onRecord(codec.decode(record), "test", Long.MAX_VALUE)
                .toCompletableFuture().join();
        assertEquals(1, fromDecoded.size());
        assertArrayEquals(fromBytes.get(0), fromDecoded.get(0));
        assertEquals(MsgType.GET_RESP, decodeOne(fromDecoded).getHeader().getMsgType());
        RecordEnvelope forSomeoneElse = RecordEnvelope.plain("proto::other", CONTROLLER,
                new RecordBody.NoSessionContext(Bytes.of(get.toByteArray())));
        assertTrue(endpoint.onRecord(forSomeoneElse, "test", Long.MAX_VALUE).toCompletableFuture().join().isEmpty(),
                "TP-469 2.2 applies to a decoded Record too");
    }

    /** An answer Record of exactly the MTP's limit is sent; one byte less and the Controller gets Error 7005. */
    @Test
    void theAnswerLimitIsTheWholeRecordsSize() throws Exception {
        byte[] request = codec.encode(RecordEnvelope.plain(AGENT, CONTROLLER,
                new RecordBody.NoSessionContext(Bytes.of(reboot("r1").toByteArray()))));
        byte[] unlimited = endpoint.onRecord(ByteBuffer.wrap(request), "test").toCompletableFuture().join().get(0);
        List<byte[]> atLimit = endpoint.onRecord(ByteBuffer.wrap(request), "test", unlimited.length)
                .toCompletableFuture().join();
        assertArrayEquals(unlimited, atLimit.get(0));
        UspMsg.Msg over = decodeOne(endpoint.onRecord(ByteBuffer.wrap(request), "test", unlimited.length - 1)
                .toCompletableFuture().join());
        assertEquals(MsgType.ERROR, over.getHeader().getMsgType());
        assertEquals(UspErrors.RESOURCES_EXCEEDED, over.getBody().getError().getErrCode());
        assertEquals("r1", over.getHeader().getMsgId());
    }
}
