package org.cpebridge.usp.mtp.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.cpebridge.usp.mtp.websocket.WebSocketSession.Action;
import org.cpebridge.usp.mtp.websocket.WebSocketSession.State;
import org.cpebridge.bytes.Bytes;
import org.cpebridge.usp.record.RecordBody;
import org.cpebridge.usp.record.RecordCodec;
import org.cpebridge.usp.record.RecordEnvelope;
import org.cpebridge.usp.record.RecordFactory;
import org.junit.jupiter.api.Test;

/** Every transition of {@link WebSocketSession}, with the TP-469 section 7 case or requirement each one serves. */
class WebSocketSessionTest {
    private static final String AGENT = "os::000000-AGENT";
    private static final String CONTROLLER = "proto::controller";
    private static final RecordCodec CODEC = new RecordCodec();
    private static final Bytes CONNECT_RECORD = Bytes.of(CODEC.encode(new RecordFactory(AGENT)
            .webSocketConnect(CONTROLLER)));

    private final WebSocketSession session = new WebSocketSession(AGENT, CODEC);

    private static Bytes record(String from, String to) {
        return Bytes.of(CODEC.encode(new RecordFactory(from).message(to, Bytes.of((byte) 0x0A, (byte) 0x00))));
    }

    private WebSocketSession open() {
        session.on(new WebSocketSession.Opened(Optional.of(CONTROLLER)));
        assertEquals(State.OPEN, session.state());
        return session;
    }

    @Test
    void tp7_10_openingWithANamedControllerSendsTheWebSocketConnectRecord() throws Exception {
        WebSocketSession.Step step = session.on(new WebSocketSession.Opened(Optional.of(CONTROLLER)));
        assertEquals(State.OPEN, step.state());
        assertEquals(List.of(new WebSocketSession.Identified(CONTROLLER), new WebSocketSession.SendRecord(
                CONNECT_RECORD)), step.actions(), "R-MTP.6");
        RecordEnvelope connect = CODEC.decode(CONNECT_RECORD.toByteArray());
        assertEquals(new RecordBody.WebSocketConnect(), connect.body());
        assertEquals(CONTROLLER, connect.toId());
        assertEquals(AGENT, connect.fromId());
    }

    @Test
    void tp7_11_withoutAnEndpointIdTheFirstRecordNamesTheController() {
        WebSocketSession.Step opened = session.on(new WebSocketSession.Opened(Optional.empty()));
        assertEquals(State.AWAITING_ENDPOINT_ID, opened.state());
        assertEquals(List.of(), opened.actions());
        Bytes get = record(CONTROLLER, AGENT);
        WebSocketSession.Step first = session.on(new WebSocketSession.BinaryMessage(get));
        assertEquals(State.OPEN, first.state());
        assertEquals(List.of(new WebSocketSession.Identified(CONTROLLER), new WebSocketSession.SendRecord(
                CONNECT_RECORD), new WebSocketSession.Deliver(CONTROLLER, get)), first.actions());
        assertEquals(Optional.of(CONTROLLER), session.controllerId());
    }

    private static WebSocketSession.Opened certified(Optional<String> eid, String... ids) {
        return new WebSocketSession.Opened(eid, Optional.of(Set.of(ids)));
    }

    @Test
    void tp7_9_aCertificateForTheNamedControllerOpensTheSession() {
        WebSocketSession.Step step = session.on(certified(Optional.of(CONTROLLER), CONTROLLER));
        assertEquals(State.OPEN, step.state());
        assertEquals(List.of(new WebSocketSession.Identified(CONTROLLER), new WebSocketSession.SendRecord(
                CONNECT_RECORD)), step.actions());
    }

    @Test
    void tp7_9_withoutEidTheCertificateNamesTheController() {
        WebSocketSession.Step step = session.on(certified(Optional.empty(), CONTROLLER));
        assertEquals(State.OPEN, step.state(), "one Endpoint ID in the certificate: no need to wait for a Record");
        assertEquals(Optional.of(CONTROLLER), session.controllerId());
        WebSocketSession.Step other = session.on(new WebSocketSession.BinaryMessage(record("proto::b", AGENT)));
        assertEquals(State.OPEN, other.state());
        assertEquals(List.of(new WebSocketSession.Rejected("from_id 'proto::b' on the certified session of "
                + CONTROLLER)), other.actions(), "R-SEC.0a");
    }

    @Test
    void anEidTheCertificateDoesNotNameClosesWith1008() {
        WebSocketSession.Step step = session.on(certified(Optional.of("proto::b"), CONTROLLER));
        assertEquals(State.CLOSED, step.state());
        assertEquals(List.of(new WebSocketSession.SendClose(1008, "eid is not the client certificate's Endpoint ID"),
                new WebSocketSession.Ended(Optional.empty())), step.actions(), "R-SEC.0a: A never acts as B");
        assertEquals(Optional.empty(), session.controllerId());
    }

    @Test
    void aCertificateWithoutEndpointIdClosesWith1008() {
        WebSocketSession.Step step = session.on(certified(Optional.of(CONTROLLER)));
        assertEquals(State.CLOSED, step.state());
        assertEquals(1008, ((WebSocketSession.SendClose) step.actions().get(0)).statusCode());
        assertEquals(new WebSocketSession.Ended(Optional.empty()), step.actions().get(1));
    }

    @Test
    void withSeveralCertifiedIdsTheFirstRecordMustBeFromOneOfThem() {
        WebSocketSession.Step opened = session.on(certified(Optional.empty(), CONTROLLER, "proto::b"));
        assertEquals(State.AWAITING_ENDPOINT_ID, opened.state());
        WebSocketSession.Step stranger = session.on(new WebSocketSession.BinaryMessage(record("proto::c", AGENT)));
        assertEquals(State.AWAITING_ENDPOINT_ID, stranger.state());
        assertEquals(1, stranger.actions().size());
        assertTrue(stranger.actions().get(0) instanceof WebSocketSession.Rejected, stranger.actions().toString());
        Bytes get = record("proto::b", AGENT);
        WebSocketSession.Step first = session.on(new WebSocketSession.BinaryMessage(get));
        assertEquals(State.OPEN, first.state());
        assertEquals(new WebSocketSession.Identified("proto::b"), first.actions().get(0));
        assertEquals(new WebSocketSession.Deliver("proto::b", get), first.actions().get(2));
    }

    @Test
    void awaitingIgnoresRecordsNotForThisAgentAndLearnsNothingFromThem() {
        session.on(new WebSocketSession.Opened(Optional.empty()));
        WebSocketSession.Step other = session.on(new WebSocketSession.BinaryMessage(record(CONTROLLER,
                "os::000000-OTHER")));
        assertEquals(State.AWAITING_ENDPOINT_ID, other.state());
        assertTrue(other.actions().get(0) instanceof WebSocketSession.Dropped, other.actions().toString());
        WebSocketSession.Step own = session.on(new WebSocketSession.BinaryMessage(record(AGENT, AGENT)));
        assertEquals(State.AWAITING_ENDPOINT_ID, own.state());
        assertTrue(own.actions().get(0) instanceof WebSocketSession.Dropped, "from_id is the agent itself");
    }

    @Test
    void tp7_1_recordsOfTheSessionControllerAreDelivered() {
        open();
        Bytes get = record(CONTROLLER, AGENT);
        WebSocketSession.Step step = session.on(new WebSocketSession.BinaryMessage(get));
        assertEquals(State.OPEN, step.state());
        assertEquals(List.of(new WebSocketSession.Deliver(CONTROLLER, get)), step.actions());
    }

    @Test
    void recordsFromAnotherControllerOnTheSessionAreDroppedAndTheSessionStays() {
        open();
        WebSocketSession.Step step = session.on(new WebSocketSession.BinaryMessage(record("proto::intruder",
                AGENT)));
        assertEquals(State.OPEN, step.state());
        assertTrue(step.actions().get(0) instanceof WebSocketSession.Dropped);
        assertEquals(State.OPEN, session.on(new WebSocketSession.BinaryMessage(record(CONTROLLER,
                "os::000000-OTHER"))).state(), "R-MTP.5: a Record for someone else is ignored");
    }

    @Test
    void tp7_6_anUndecodableRecordClosesWith1003() {
        open();
        // Field 1 (version) with a length running past the end: protobuf cannot parse it.
        WebSocketSession.Step step = session.on(new WebSocketSession.BinaryMessage(Bytes.of((byte) 0x0A,
                (byte) 0x7F, (byte) 0x31)));
        assertEquals(State.CLOSED, step.state());
        assertEquals(List.of(new WebSocketSession.SendClose(1003, "not a USP Record"),
                new WebSocketSession.Ended(Optional.of(CONTROLLER))), step.actions(), "R-WS.16");
        WebSocketSession awaiting = new WebSocketSession(AGENT, CODEC);
        awaiting.on(new WebSocketSession.Opened(Optional.empty()));
        assertEquals(State.CLOSED, awaiting.on(new WebSocketSession.BinaryMessage(Bytes.EMPTY)).state(),
                "an empty message carries no Record either");
    }

    @Test
    void aTextMessageClosesWith1003() {
        open();
        WebSocketSession.Step step = session.on(new WebSocketSession.TextMessage());
        assertEquals(State.CLOSED, step.state());
        assertEquals(1003, ((WebSocketSession.SendClose) step.actions().get(0)).statusCode(), "R-WS.14, R-WS.16");
    }

    @Test
    void anOversizedMessageClosesWith1009() {
        open();
        WebSocketSession.Step step = session.on(new WebSocketSession.TooBig());
        assertEquals(State.CLOSED, step.state());
        assertEquals(1009, ((WebSocketSession.SendClose) step.actions().get(0)).statusCode(), "RFC 6455 7.4.1");
    }

    @Test
    void tp7_4_aCloseFrameIsEchoedAndEndsTheSession() {
        open();
        WebSocketSession.Step step = session.on(new WebSocketSession.CloseReceived(Optional.of(1000)));
        assertEquals(State.CLOSED, step.state());
        assertEquals(List.of(new WebSocketSession.SendClose(1000, ""), new WebSocketSession.Ended(
                Optional.of(CONTROLLER))), step.actions(), "RFC 6455 5.5.1");
        WebSocketSession other = new WebSocketSession(AGENT, CODEC);
        other.on(new WebSocketSession.Opened(Optional.empty()));
        assertEquals(new WebSocketSession.SendClose(1000, ""), other.on(new WebSocketSession.CloseReceived(
                Optional.empty())).actions().get(0), "a Close without a status is answered with 1000");
        WebSocketSession going = open2();
        assertEquals(new WebSocketSession.SendClose(4001, ""), going.on(new WebSocketSession.CloseReceived(
                Optional.of(4001))).actions().get(0));
    }

    private static WebSocketSession open2() {
        WebSocketSession s = new WebSocketSession(AGENT, CODEC);
        s.on(new WebSocketSession.Opened(Optional.of(CONTROLLER)));
        return s;
    }

    @Test
    void tp7_7_pingIsAnsweredWithPongAndAnUnsolicitedPongIsHarmless() {
        open();
        Bytes data = Bytes.of((byte) 1, (byte) 2, (byte) 3);
        WebSocketSession.Step ping = session.on(new WebSocketSession.Ping(data));
        assertEquals(List.of(new WebSocketSession.SendPong(data)), ping.actions(), "RFC 6455 5.5.3: same data");
        WebSocketSession.Step pong = session.on(new WebSocketSession.Pong());
        assertEquals(State.OPEN, pong.state());
        assertEquals(List.of(), pong.actions());
    }

    @Test
    void keepAlivePingsAndAPeerThatStaysSilentIsDropped() {
        open();
        assertEquals(List.of(new WebSocketSession.SendPing()), session.on(new WebSocketSession.PingDue()).actions(),
                "R-WS.17");
        session.on(new WebSocketSession.Pong());
        assertEquals(List.of(new WebSocketSession.SendPing()), session.on(new WebSocketSession.PingDue()).actions());
        // Sending does not prove the peer alive; only something received does.
        session.on(new WebSocketSession.Send(Bytes.of((byte) 1)));
        assertEquals(List.of(new WebSocketSession.SendPing()), session.on(new WebSocketSession.PingDue()).actions(),
                "one silent interval is tolerated");
        WebSocketSession.Step silent = session.on(new WebSocketSession.PingDue());
        assertEquals(State.CLOSED, silent.state());
        assertTrue(silent.actions().get(0) instanceof WebSocketSession.Abort);
        assertEquals(new WebSocketSession.Ended(Optional.of(CONTROLLER)), silent.actions().get(1));
    }

    @Test
    void anyReceivedMessageCountsAsAnAnswerToThePing() {
        open();
        session.on(new WebSocketSession.PingDue());
        session.on(new WebSocketSession.PingDue());
        session.on(new WebSocketSession.BinaryMessage(record(CONTROLLER, AGENT)));
        assertEquals(List.of(new WebSocketSession.SendPing()), session.on(new WebSocketSession.PingDue()).actions());
        session.on(new WebSocketSession.Ping(Bytes.EMPTY));
        session.on(new WebSocketSession.PingDue());
        assertEquals(List.of(new WebSocketSession.SendPing()), session.on(new WebSocketSession.PingDue()).actions(),
                "a Ping from the peer counts too");
    }

    @Test
    void tp7_2_aNewerSessionOfTheSameControllerReplacesThisOne() {
        open();
        WebSocketSession.Step step = session.on(new WebSocketSession.Replaced());
        assertEquals(State.CLOSED, step.state());
        assertEquals(List.of(new WebSocketSession.SendClose(1000, "replaced by a newer session"),
                new WebSocketSession.Ended(Optional.of(CONTROLLER))), step.actions(), "R-WS.4");
    }

    @Test
    void sendWritesARecordWhileOpenAndIsDroppedAfterwards() {
        open();
        Bytes notify = record(AGENT, CONTROLLER);
        assertEquals(List.of(new WebSocketSession.SendRecord(notify)),
                session.on(new WebSocketSession.Send(notify)).actions(), "R-WS.14: one Record per binary message");
        session.on(new WebSocketSession.ChannelClosed());
        assertTrue(session.on(new WebSocketSession.Send(notify)).actions().get(0)
                instanceof WebSocketSession.Dropped);
    }

    @Test
    void stopClosesWith1001() {
        open();
        WebSocketSession.Step step = session.on(new WebSocketSession.Stop());
        assertEquals(State.CLOSED, step.state());
        assertEquals(new WebSocketSession.SendClose(1001, "agent stopping"), step.actions().get(0));
    }

    @Test
    void channelLossEndsOnceAndClosedIgnoresEverything() {
        open();
        assertEquals(List.of(new WebSocketSession.Ended(Optional.of(CONTROLLER))),
                session.on(new WebSocketSession.ChannelClosed()).actions());
        for (WebSocketSession.Event event : List.of(new WebSocketSession.ChannelClosed(), new WebSocketSession.Stop(),
                new WebSocketSession.PingDue(), new WebSocketSession.TextMessage(), new WebSocketSession.Replaced(),
                new WebSocketSession.BinaryMessage(record(CONTROLLER, AGENT)))) {
            WebSocketSession.Step step = session.on(event);
            assertEquals(State.CLOSED, step.state());
            assertEquals(List.<Action>of(), step.actions(), event.toString());
        }
    }

    @Test
    void newIgnoresFramesBeforeTheHandshakeAndEndsOnChannelLoss() {
        WebSocketSession.Step early = session.on(new WebSocketSession.BinaryMessage(record(CONTROLLER, AGENT)));
        assertEquals(State.NEW, early.state());
        assertTrue(early.actions().get(0) instanceof WebSocketSession.Dropped);
        assertEquals(List.of(new WebSocketSession.Ended(Optional.empty())),
                session.on(new WebSocketSession.ChannelClosed()).actions());
    }

    @Test
    void replacedWhileAwaitingIsIgnored() {
        session.on(new WebSocketSession.Opened(Optional.empty()));
        WebSocketSession.Step step = session.on(new WebSocketSession.Replaced());
        assertEquals(State.AWAITING_ENDPOINT_ID, step.state());
        assertEquals(List.of(), step.actions());
    }
}
