package org.cpebridge.usp.proto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import com.google.protobuf.MessageLite;
import org.junit.jupiter.api.Test;

/**
 * Checks that our schema files carry the published USP 1.4 wire facts (BroadbandForum/usp tag v1.4.1,
 * specification/usp-record-1-4.proto and usp-msg-1-4.proto).
 */
class UspSchemaTest {

    @Test
    void recordEncodesByteExactly() {
        UspRecord.Record record = UspRecord.Record.newBuilder()
                .setVersion("1.4")
                .setToId("a")
                .setFromId("b")
                .setNoSessionContext(UspRecord.NoSessionContextRecord.newBuilder()
                        .setPayload(ByteString.copyFrom(new byte[] {0x01})))
                .build();
        byte[] expected = {
            0x0a, 0x03, '1', '.', '4', // field 1 version, length 3, "1.4"
            0x12, 0x01, 'a', //           field 2 to_id, length 1
            0x1a, 0x01, 'b', //           field 3 from_id, length 1
            0x3a, 0x03, //                field 7 no_session_context, length 3
            0x12, 0x01, 0x01 //           NoSessionContextRecord field 2 payload (number 2 per the published schema)
        };
        assertArrayEquals(expected, record.toByteArray());
    }

    /**
     * The field numbers are read from the encoding of a message holding only that field: the generated code is the
     * lite kind (no descriptors to ask), and the wire is what has to match the published schema anyway.
     */
    @Test
    void recordFieldNumbersMatchPublishedSchema() {
        ByteString one = ByteString.copyFrom(new byte[] {0x01});
        assertEquals(4, firstFieldNumber(UspRecord.Record.newBuilder()
                .setPayloadSecurity(UspRecord.Record.PayloadSecurity.TLS12).build()));
        assertEquals(5, firstFieldNumber(UspRecord.Record.newBuilder().setMacSignature(one).build()));
        assertEquals(6, firstFieldNumber(UspRecord.Record.newBuilder().setSenderCert(one).build()));
        assertEquals(8, firstFieldNumber(UspRecord.Record.newBuilder()
                .setSessionContext(UspRecord.SessionContextRecord.getDefaultInstance()).build()));
        assertEquals(9, firstFieldNumber(UspRecord.Record.newBuilder()
                .setWebsocketConnect(UspRecord.WebSocketConnectRecord.getDefaultInstance()).build()));
        assertEquals(10, firstFieldNumber(UspRecord.Record.newBuilder()
                .setMqttConnect(UspRecord.MQTTConnectRecord.getDefaultInstance()).build()));
        assertEquals(11, firstFieldNumber(UspRecord.Record.newBuilder()
                .setStompConnect(UspRecord.STOMPConnectRecord.getDefaultInstance()).build()));
        assertEquals(12, firstFieldNumber(UspRecord.Record.newBuilder()
                .setDisconnect(UspRecord.DisconnectRecord.getDefaultInstance()).build()));
        assertEquals(13, firstFieldNumber(UspRecord.Record.newBuilder()
                .setUdsConnect(UspRecord.UDSConnectRecord.getDefaultInstance()).build()));
        assertEquals(7, firstFieldNumber(UspRecord.SessionContextRecord.newBuilder().addPayload(one).build()));
        assertEquals(1, UspRecord.MQTTConnectRecord.MQTTVersion.V5.getNumber());
    }

    @Test
    void messageFieldNumbersMatchPublishedSchema() {
        assertEquals(22, UspMsg.Header.MsgType.DEREGISTER_RESP.getNumber());
        assertEquals(18, UspMsg.Header.MsgType.GET_SUPPORTED_PROTO_RESP.getNumber());
        assertEquals(9, firstFieldNumber(UspMsg.Request.newBuilder()
                .setGetSupportedProtocol(UspMsg.GetSupportedProtocol.getDefaultInstance()).build()));
        assertEquals(11, firstFieldNumber(UspMsg.Request.newBuilder()
                .setDeregister(UspMsg.Deregister.getDefaultInstance()).build()));
        assertEquals(6, firstFieldNumber(UspMsg.GetSupportedDM.newBuilder().setReturnUniqueKeySets(true).build()));
        assertEquals(8, firstFieldNumber(UspMsg.GetSupportedDMResp.SupportedObjectResult.newBuilder()
                .addUniqueKeySets(UspMsg.GetSupportedDMResp.SupportedUniqueKeySet.getDefaultInstance()).build()));
        assertEquals(4, firstFieldNumber(UspMsg.Operate.newBuilder().putInputArgs("a", "b").build()));
        assertEquals(8, firstFieldNumber(UspMsg.Notify.newBuilder()
                .setOnBoardReq(UspMsg.Notify.OnBoardRequest.getDefaultInstance()).build()));
        assertEquals(10, UspMsg.GetSupportedDMResp.ParamValueType.PARAM_UNSIGNED_LONG.getNumber());
    }

    @Test
    void getMessageEncodesByteExactly() {
        UspMsg.Msg msg = UspMsg.Msg.newBuilder()
                .setHeader(UspMsg.Header.newBuilder().setMsgId("1").setMsgType(UspMsg.Header.MsgType.GET))
                .setBody(UspMsg.Body.newBuilder().setRequest(UspMsg.Request.newBuilder()
                        .setGet(UspMsg.Get.newBuilder().addParamPaths("D.").setMaxDepth(2))))
                .build();
        byte[] expected = {
            0x0a, 0x05, //                     field 1 header, length 5
            0x0a, 0x01, '1', //                Header.msg_id "1"
            0x10, 0x01, //                     Header.msg_type GET = 1
            0x12, 0x0d, //                     field 2 body, length 13
            0x0a, 0x0b, //                     Body.request, length 11
            0x0a, 0x09, //                     Request.get (field 1), length 9
            0x0a, 0x02, 'D', '.', //           Get.param_paths "D."
            0x15, 0x02, 0x00, 0x00, 0x00 //    Get.max_depth is fixed32 (field 2, wire type 5) = 2
        };
        assertArrayEquals(expected, msg.toByteArray());
    }

    /** The field number of the first field on the wire (its tag is a varint: number << 3 | wire type). */
    private static int firstFieldNumber(MessageLite message) {
        byte[] wire = message.toByteArray();
        int tag = 0;
        for (int i = 0, shift = 0; i < wire.length; i++, shift += 7) {
            tag |= (wire[i] & 0x7f) << shift;
            if ((wire[i] & 0x80) == 0) {
                return tag >>> 3;
            }
        }
        throw new AssertionError("no field on the wire");
    }
}
