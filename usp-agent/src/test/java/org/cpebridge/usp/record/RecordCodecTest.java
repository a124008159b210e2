package org.cpebridge.usp.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import nl.jqno.equalsverifier.EqualsVerifier;
import nl.jqno.equalsverifier.Warning;
import org.cpebridge.usp.proto.UspMsg;
import org.cpebridge.bytes.Bytes;
import org.junit.jupiter.api.Test;

/**
 * Byte-exact Record vectors. Each is hand-encoded from the field numbers and wire types of the published schema
 * (BroadbandForum/usp v1.4.1, specification/usp-record-1-4.proto) using the protobuf encoding rules.
 */
class RecordCodecTest {
    private final RecordCodec codec = new RecordCodec();

    /** MQTT Connect Record: usp-record-1-4.proto Record field 10, MQTTConnectRecord. */
    static final byte[] MQTT_CONNECT = {
        0x0a, 0x03, '1', '.', '4', //                          Record.version (1, LEN) = "1.4"
        0x12, 0x08, 'p', 'r', 'o', 't', 'o', ':', ':', 'c', // Record.to_id (2, LEN) = "proto::c"
        0x1a, 0x08, 'p', 'r', 'o', 't', 'o', ':', ':', 'a', // Record.from_id (3, LEN) = "proto::a"
        0x52, 0x05, //                                         Record.mqtt_connect (10, LEN), 5 bytes
        0x08, 0x01, //                                         MQTTConnectRecord.version (1, VARINT) = V5
        0x12, 0x01, 't' //                                     MQTTConnectRecord.subscribed_topic (2, LEN) = "t"
    };

    /** Disconnect Record: Record field 12, DisconnectRecord with fixed32 reason_code. */
    static final byte[] DISCONNECT_7106 = {
        0x0a, 0x03, '1', '.', '4', //                          Record.version = "1.4"
        0x12, 0x08, 'p', 'r', 'o', 't', 'o', ':', ':', 'c', // Record.to_id = "proto::c"
        0x1a, 0x08, 'p', 'r', 'o', 't', 'o', ':', ':', 'a', // Record.from_id = "proto::a"
        0x62, 0x08, //                                         Record.disconnect (12, LEN), 8 bytes
        0x0a, 0x01, 'x', //                                    DisconnectRecord.reason (1, LEN) = "x"
        0x15, (byte) 0xc2, 0x1b, 0x00, 0x00 //                 DisconnectRecord.reason_code (2, I32) = 7106
    };

    /** Session Context Record: Record field 8, SessionContextRecord fields 1, 2, 3 and 7. */
    static final byte[] SESSION_CONTEXT = {
        0x0a, 0x03, '1', '.', '4', //                          Record.version = "1.4"
        0x12, 0x08, 'p', 'r', 'o', 't', 'o', ':', ':', 'a', // Record.to_id = "proto::a"
        0x1a, 0x08, 'p', 'r', 'o', 't', 'o', ':', ':', 'c', // Record.from_id = "proto::c"
        0x42, 0x09, //                                         Record.session_context (8, LEN), 9 bytes
        0x08, 0x07, //                                         session_id (1, VARINT) = 7
        0x10, 0x01, //                                         sequence_id (2, VARINT) = 1
        0x18, 0x01, //                                         expected_id (3, VARINT) = 1
        0x3a, 0x01, 0x2a //                                    payload (7, LEN) = [0x2a]
    };

    @Test
    void decodesMqttConnectRecord() throws Exception {
        RecordEnvelope record = codec.decode(MQTT_CONNECT);
        assertEquals(RecordEnvelope.plain("proto::c", "proto::a",
                new RecordBody.MqttConnect(RecordBody.MqttVersion.V5, "t")), record);
        assertArrayEquals(MQTT_CONNECT, codec.encode(record));
    }

    @Test
    void decodesDisconnectRecordWithFixed32Code() throws Exception {
        RecordEnvelope record = codec.decode(DISCONNECT_7106);
        assertEquals(new RecordBody.Disconnect("x", 7106), record.body());
        assertArrayEquals(DISCONNECT_7106, codec.encode(record));
    }

    @Test
    void decodesSessionContextRecord() throws Exception {
        RecordEnvelope record = codec.decode(SESSION_CONTEXT);
        assertEquals(new RecordBody.SessionContext(7, 1, 1, 0, RecordBody.SarState.NONE, RecordBody.SarState.NONE,
                List.of(Bytes.of((byte) 0x2a))), record.body());
        assertArrayEquals(SESSION_CONTEXT, codec.encode(record));
    }

    @Test
    void everyBodyKindRoundTrips() throws Exception {
        List<RecordBody> bodies = List.of(
                new RecordBody.NoSessionContext(Bytes.fromHex("0a0b0c")),
                new RecordBody.WebSocketConnect(),
                new RecordBody.StompConnect(0, "/usp/agent"),
                new RecordBody.UdsConnect(),
                new RecordBody.MqttConnect(new RecordBody.MqttVersion(9), "unknown-version-kept"),
                new RecordBody.Disconnect("", 0xFFFF_FFFFL));
        for (RecordBody body : bodies) {
            RecordEnvelope record = new RecordEnvelope("1.3", "os::to", "os::from", new PayloadSecurity(5),
                    Bytes.of((byte) 1), Bytes.of((byte) 2), body);
            assertEquals(record, codec.decode(codec.encode(record)), body.toString());
        }
    }

    @Test
    void decodeDoesNotMoveTheBufferPosition() throws Exception {
        ByteBuffer buffer = ByteBuffer.wrap(MQTT_CONNECT);
        codec.decode(buffer);
        assertEquals(0, buffer.position());
    }

    @Test
    void truncatedRecordIsRejectedAs7100() {
        for (int length = 1; length < MQTT_CONNECT.length; length++) {
            byte[] truncated = Arrays.copyOf(MQTT_CONNECT, length);
            RecordDecodeException e;
            try {
                RecordEnvelope record = codec.decode(truncated);
                // Cutting exactly between fields leaves a valid prefix without record_type.
                throw new AssertionError("decoded a truncated record: " + record);
            } catch (RecordDecodeException expected) {
                e = expected;
            }
            int code = e.errorCode();
            assertEquals(true, code == RecordErrors.RECORD_NOT_PARSED || code == RecordErrors.INVALID_RECORD_VALUE,
                    "length " + length + " gave " + code);
        }
    }

    @Test
    void garbageIsRejectedAs7100() {
        RecordDecodeException e = assertThrows(RecordDecodeException.class,
                () -> codec.decode(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f}));
        assertEquals(RecordErrors.RECORD_NOT_PARSED, e.errorCode());
        e = assertThrows(RecordDecodeException.class, () -> codec.decode("GET / HTTP/1.1\r\n".getBytes()));
        assertEquals(RecordErrors.RECORD_NOT_PARSED, e.errorCode());
    }

    @Test
    void invalidUtf8InStringFieldIsRejected() {
        byte[] badToId = {0x12, 0x02, (byte) 0xc3, 0x28, 0x4a, 0x00}; // to_id = invalid UTF-8, websocket_connect
        assertThrows(RecordDecodeException.class, () -> codec.decode(badToId));
    }

    @Test
    void recordWithoutRecordTypeIsRejectedAs7104() {
        byte[] headerOnly = Arrays.copyOf(MQTT_CONNECT, 25); // version, to_id and from_id only
        RecordDecodeException e = assertThrows(RecordDecodeException.class, () -> codec.decode(headerOnly));
        assertEquals(RecordErrors.INVALID_RECORD_VALUE, e.errorCode());
        e = assertThrows(RecordDecodeException.class, () -> codec.decode(new byte[0]));
        assertEquals(RecordErrors.INVALID_RECORD_VALUE, e.errorCode());
    }

    @Test
    void oversizedRecordIsRejectedBeforeParsing() {
        RecordCodec small = new RecordCodec(16);
        RecordDecodeException e = assertThrows(RecordDecodeException.class, () -> small.decode(MQTT_CONNECT));
        assertEquals(RecordErrors.RECORD_NOT_PARSED, e.errorCode());
    }

    /**
     * The one-pass answer encoder writes what the envelope encoder writes, and its size arithmetic is exact: payloads
     * around every varint length boundary of the payload and of the NoSessionContextRecord around it, an empty
     * payload (the Record still carries its empty no_session_context), and an empty to_id (proto3 leaves it out).
     */
    @Test
    void encodeMessageIsTheEnvelopeEncodingInOnePass() throws Exception {
        for (String toId : new String[] {"proto::controller", "", "os::012345-\u00e9t\u00e9"}) {
            for (int idLength : new int[] {0, 1, 100, 117, 118, 122, 123, 124, 125, 126, 127, 128, 200, 16370, 16371,
                    16375, 16376, 16380, 16381, 16384, 70_000}) {
                UspMsg.Msg message = idLength == 0 ? UspMsg.Msg.getDefaultInstance() : UspMsg.Msg.newBuilder()
                        .setHeader(UspMsg.Header.newBuilder().setMsgId("m".repeat(idLength))).build();
                byte[] expected = codec.encode(RecordEnvelope.plain(toId, "proto::agent",
                        new RecordBody.NoSessionContext(Bytes.of(message.toByteArray()))));
                byte[] oneByOne = codec.encodeMessage(toId, "proto::agent", message);
                assertArrayEquals(expected, oneByOne, "to_id '" + toId + "', msg_id of " + idLength);
                assertEquals(expected.length, RecordCodec.messageRecordSize(toId, "proto::agent",
                        message.getSerializedSize()));
                RecordEnvelope decoded = codec.decode(oneByOne);
                assertEquals(message, UspMsg.Msg.parseFrom(
                        ((RecordBody.NoSessionContext) decoded.body()).payload().toByteArray()));
            }
        }
    }

    @Test
    void rangeChecksInConstructors() {
        assertThrows(IllegalArgumentException.class, () -> new RecordBody.Disconnect("", -1));
        assertThrows(IllegalArgumentException.class, () -> new RecordBody.Disconnect("", 0x1_0000_0000L));
        assertThrows(IllegalArgumentException.class, () -> new PayloadSecurity(-1));
        assertThrows(IllegalArgumentException.class, () -> new RecordCodec(0));
    }

    @Test
    void valueTypesHaveValueEquality() {
        EqualsVerifier.forClass(Bytes.class).withNonnullFields("data").verify();
        EqualsVerifier.forClass(RecordEnvelope.class).suppress(Warning.NULL_FIELDS).verify();
        EqualsVerifier.forClass(RecordBody.SessionContext.class).suppress(Warning.NULL_FIELDS).verify();
        EqualsVerifier.forClass(RecordBody.NoSessionContext.class).suppress(Warning.NULL_FIELDS).verify();
    }
}
