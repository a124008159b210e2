package org.cpebridge.usp.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import org.cpebridge.bytes.Bytes;
import org.junit.jupiter.api.Test;

/** Record admission rules: TP-469 2.1 (own Endpoint ID), 2.2 (to_id check), 3.x session refusal, R-E2E.6a. */
class RecordReceiverTest {
    private static final String AGENT = "proto::agent";
    private static final String CONTROLLER = "proto::controller";

    private final RecordCodec codec = new RecordCodec();
    private final RecordReceiver receiver = new RecordReceiver(AGENT, codec);

    private Received receive(RecordEnvelope record) {
        return receiver.receive(ByteBuffer.wrap(codec.encode(record)), "test");
    }

    @Test
    void noSessionContextPayloadIsDelivered() {
        Received r = receive(RecordEnvelope.plain(AGENT, CONTROLLER,
                new RecordBody.NoSessionContext(Bytes.of((byte) 1, (byte) 2))));
        assertEquals(new Received.MessageReceived(CONTROLLER, Bytes.of((byte) 1, (byte) 2)), r);
    }

    @Test
    void tp469_2_2_recordForAnotherEndpointIsDropped() {
        Received r = receive(RecordEnvelope.plain("proto::someone-else", CONTROLLER,
                new RecordBody.NoSessionContext(Bytes.of((byte) 1))));
        assertInstanceOf(Received.Dropped.class, r);
    }

    @Test
    void tp469_2_1_recordFromOwnEndpointIdIsDropped() {
        Received r = receive(RecordEnvelope.plain(AGENT, AGENT, new RecordBody.NoSessionContext(Bytes.of((byte) 1))));
        assertInstanceOf(Received.Dropped.class, r);
    }

    @Test
    void invalidFromIdIsDropped() {
        Received r = receive(RecordEnvelope.plain(AGENT, "no-scheme",
                new RecordBody.NoSessionContext(Bytes.of((byte) 1))));
        assertInstanceOf(Received.Dropped.class, r);
    }

    private Received receiveVersion(String version, RecordBody body) {
        return receive(new RecordEnvelope(version, AGENT, CONTROLLER, PayloadSecurity.PLAINTEXT, Bytes.EMPTY,
                Bytes.EMPTY, body));
    }

    /** TR-369 "Record Definition": version is Major.Minor; 1 is the only major version, newer minors are taken. */
    @Test
    void versionsOneDotAnythingAreTaken() {
        for (String version : new String[] {"1.0", "1.3", "1.4", "1.5", "1.10"}) {
            assertInstanceOf(Received.MessageReceived.class,
                    receiveVersion(version, new RecordBody.NoSessionContext(Bytes.of((byte) 1))), version);
        }
    }

    /** Issue 23: a bogus version was answered as if valid; it is 7104 Invalid Record value (R-MTP.5). */
    @Test
    void aMessageRecordWithABogusVersionIsErroneous7104() {
        for (String version : new String[] {"", "banana", "1", "1.", "2.0", "0.9", "1.4.1", "1.-1", "1.4 ", "v1.4",
                "1.\u0664", "1.1234567890"}) {
            Received r = receiveVersion(version, new RecordBody.NoSessionContext(Bytes.of((byte) 7)));
            Received.Erroneous erroneous = assertInstanceOf(Received.Erroneous.class, r, version);
            assertEquals(RecordErrors.INVALID_RECORD_VALUE, erroneous.errorCode());
            assertEquals(CONTROLLER, erroneous.fromId());
            assertEquals(Bytes.of((byte) 7), erroneous.payload());
        }
    }

    @Test
    void otherRecordsWithABogusVersionAreDropped() {
        assertInstanceOf(Received.Dropped.class, receiveVersion("banana", new RecordBody.WebSocketConnect()));
        assertInstanceOf(Received.Dropped.class, receiveVersion("9.9", new RecordBody.Disconnect("bye", 0)));
    }

    @Test
    void garbageIsDroppedNotThrown() {
        Received r = receiver.receive(ByteBuffer.wrap(new byte[] {(byte) 0xff, 0x00, 0x13}), "test");
        assertTrue(((Received.Dropped) r).reason().contains("7100"));
    }

    @Test
    void sessionContextIsAnsweredWithDisconnect7106() {
        RecordEnvelope session = RecordEnvelope.plain(AGENT, CONTROLLER, new RecordBody.SessionContext(1, 1, 1, 0,
                RecordBody.SarState.NONE, RecordBody.SarState.NONE, List.of(Bytes.of((byte) 9))));
        Received.Reply reply = (Received.Reply) receive(session);
        assertEquals(CONTROLLER, reply.record().toId());
        assertEquals(AGENT, reply.record().fromId());
        assertEquals(new RecordBody.Disconnect("Session Context not allowed", 7106), reply.record().body());
    }

    @Test
    void tlsPayloadWithoutSessionIsDropped() {
        RecordEnvelope tls = new RecordEnvelope("1.4", AGENT, CONTROLLER, PayloadSecurity.TLS12, Bytes.EMPTY,
                Bytes.EMPTY, new RecordBody.NoSessionContext(Bytes.of((byte) 1)));
        assertInstanceOf(Received.Dropped.class, receive(tls));
    }

    @Test
    void connectAndDisconnectRecordsAreReported() {
        RecordBody connect = new RecordBody.MqttConnect(RecordBody.MqttVersion.V5, "/usp/controller");
        assertEquals(new Received.ConnectReceived(CONTROLLER, connect),
                receive(RecordEnvelope.plain(AGENT, CONTROLLER, connect)));
        assertEquals(new Received.DisconnectReceived(CONTROLLER, "bye", 7105),
                receive(RecordEnvelope.plain(AGENT, CONTROLLER, new RecordBody.Disconnect("bye", 7105))));
    }

    @Test
    void factoryBuildsConnectRecordsForEachMtp() {
        RecordFactory factory = new RecordFactory(AGENT);
        assertEquals(RecordEnvelope.plain(CONTROLLER, AGENT,
                new RecordBody.MqttConnect(RecordBody.MqttVersion.V5, "/usp/agent")),
                factory.mqttConnect(CONTROLLER, RecordBody.MqttVersion.V5, "/usp/agent"));
        assertEquals(new RecordBody.WebSocketConnect(), factory.webSocketConnect(CONTROLLER).body());
        assertEquals(new RecordBody.StompConnect(0, "/d"), factory.stompConnect(CONTROLLER, "/d").body());
        assertEquals(new RecordBody.UdsConnect(), factory.udsConnect(CONTROLLER).body());
        assertEquals(new RecordBody.Disconnect("Session Context terminated", 7105),
                factory.disconnect(CONTROLLER, RecordErrors.SESSION_CONTEXT_TERMINATED).body());
        assertEquals("1.4", factory.message(CONTROLLER, Bytes.EMPTY).version());
    }

    @Test
    void endpointIdSyntax() {
        assertTrue(EndpointIds.isValid("oui::00D09E-123"));
        assertTrue(EndpointIds.isValid("proto::usp-js"));
        assertEquals(false, EndpointIds.isValid("proto::"));
        assertEquals(false, EndpointIds.isValid("bogus::x"));
        assertEquals(false, EndpointIds.isValid("os::a b"));
        assertThrows(IllegalArgumentException.class, () -> new RecordReceiver("nope", codec));
    }

    /** An MTP that decoded the Record itself gets the same verdict as one that hands over the bytes. */
    @Test
    void aRecordDecodedByTheMtpGetsTheSameVerdictAsItsBytes() throws Exception {
        RecordBody message = new RecordBody.NoSessionContext(Bytes.of((byte) 1));
        RecordEnvelope[] records = {
            RecordEnvelope.plain(AGENT, CONTROLLER, message),
            RecordEnvelope.plain("proto::someone-else", CONTROLLER, message),
            RecordEnvelope.plain(AGENT, AGENT, message),
            RecordEnvelope.plain(AGENT, "no-scheme", message),
            new RecordEnvelope("2.0", AGENT, CONTROLLER, PayloadSecurity.PLAINTEXT, Bytes.EMPTY, Bytes.EMPTY, message),
            new RecordEnvelope("1.4", AGENT, CONTROLLER, PayloadSecurity.TLS12, Bytes.EMPTY, Bytes.EMPTY, message),
            RecordEnvelope.plain(AGENT, CONTROLLER, new RecordBody.SessionContext(1, 1, 1, 0, RecordBody.SarState.NONE,
                    RecordBody.SarState.NONE, List.of(Bytes.of((byte) 1)))),
            RecordEnvelope.plain(AGENT, CONTROLLER, new RecordBody.Disconnect("bye", 7100)),
            RecordEnvelope.plain(AGENT, CONTROLLER, new RecordBody.WebSocketConnect()),
        };
        for (RecordEnvelope record : records) {
            Received fromBytes = receive(record);
            Received fromDecoded = receiver.receive(codec.decode(codec.encode(record)), "test");
            assertEquals(fromBytes, fromDecoded, record.toString());
        }
    }
}
