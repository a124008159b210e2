package org.cpebridge.usp.proto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
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

    @Test
    void recordFieldNumbersMatchPublishedSchema() {
        Descriptor record = UspRecord.Record.getDescriptor();
        assertEquals("usp_record.Record", record.getFullName());
        assertEquals(4, record.findFieldByName("payload_security").getNumber());
        assertEquals(5, record.findFieldByName("mac_signature").getNumber());
        assertEquals(6, record.findFieldByName("sender_cert").getNumber());
        assertEquals(8, record.findFieldByName("session_context").getNumber());
        assertEquals(9, record.findFieldByName("websocket_connect").getNumber());
        assertEquals(10, record.findFieldByName("mqtt_connect").getNumber());
        assertEquals(11, record.findFieldByName("stomp_connect").getNumber());
        assertEquals(12, record.findFieldByName("disconnect").getNumber());
        assertEquals(13, record.findFieldByName("uds_connect").getNumber());
        assertEquals(7, UspRecord.SessionContextRecord.getDescriptor().findFieldByName("payload").getNumber());
        assertEquals(1, UspRecord.MQTTConnectRecord.MQTTVersion.V5.getNumber());
    }

    @Test
    void messageFieldNumbersMatchPublishedSchema() {
        assertEquals("usp.Msg", UspMsg.Msg.getDescriptor().getFullName());
        assertEquals(22, UspMsg.Header.MsgType.DEREGISTER_RESP.getNumber());
        assertEquals(18, UspMsg.Header.MsgType.GET_SUPPORTED_PROTO_RESP.getNumber());
        Descriptor request = UspMsg.Request.getDescriptor();
        assertEquals(9, request.findFieldByName("get_supported_protocol").getNumber());
        assertEquals(11, request.findFieldByName("deregister").getNumber());
        assertEquals(6, UspMsg.GetSupportedDM.getDescriptor().findFieldByName("return_unique_key_sets").getNumber());
        assertEquals(8, UspMsg.GetSupportedDMResp.SupportedObjectResult.getDescriptor()
                .findFieldByName("unique_key_sets").getNumber());
        assertEquals(4, UspMsg.Operate.getDescriptor().findFieldByName("input_args").getNumber());
        assertEquals(8, UspMsg.Notify.getDescriptor().findFieldByName("on_board_req").getNumber());
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
}
