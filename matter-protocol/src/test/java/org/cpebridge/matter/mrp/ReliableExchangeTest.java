package org.cpebridge.matter.mrp;

import static org.cpebridge.matter.mrp.MrpTestSupport.INTERACTION_MODEL;
import static org.cpebridge.matter.mrp.MrpTestSupport.fixedRandom;
import static org.cpebridge.matter.mrp.MrpTestSupport.fromPeer;
import static org.cpebridge.matter.mrp.MrpTestSupport.session;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import org.cpebridge.matter.message.Message;
import org.cpebridge.matter.message.MessageCounter;
import org.cpebridge.matter.message.MessageHeader;
import org.cpebridge.matter.message.ProtocolHeader;
import org.cpebridge.matter.message.ProtocolId;
import org.cpebridge.bytes.Bytes;
import org.junit.jupiter.api.Test;

class ReliableExchangeTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final int EXCHANGE = 0x0EEE;
    private static final Bytes PAYLOAD = Bytes.fromHex("1518");

    private final ManualClock clock = new ManualClock(T0);

    private ReliableExchange initiator(long firstCounter, double jitter) {
        return new ReliableExchange(session(firstCounter), EXCHANGE, true, clock, fixedRandom(jitter));
    }

    private static MrpEvent.Send reliableSend() {
        return new MrpEvent.Send(INTERACTION_MODEL, 0x02, PAYLOAD, true);
    }

    private static Message transmitted(MrpAction action) {
        return assertInstanceOf(MrpAction.Transmit.class, action).message();
    }

    private static MrpAction.StartTimer started(MrpAction action) {
        return assertInstanceOf(MrpAction.StartTimer.class, action);
    }

    @Test
    void reliableSendTransmitsWithRFlagAndArmsTheRetransmitTimerOnTheIdleInterval() {
        ReliableExchange exchange = initiator(100, 0.0);
        List<MrpAction> actions = exchange.on(reliableSend());
        assertEquals(2, actions.size());
        Message sent = transmitted(actions.get(0));
        assertEquals(100, sent.header().messageCounter());
        assertEquals(0x1234, sent.header().sessionId());
        ProtocolHeader header = sent.protocolHeader();
        assertTrue(header.initiator());
        assertTrue(header.reliable());
        assertEquals(OptionalLong.empty(), header.ackedCounter());
        assertEquals(EXCHANGE, header.exchangeId());
        assertEquals(INTERACTION_MODEL, header.protocolId());
        assertEquals(0x02, header.opcode());
        assertEquals(PAYLOAD, sent.payload());
        // Peer never heard: idle interval 500 ms × 1.1.
        MrpAction.StartTimer timer = started(actions.get(1));
        assertEquals(MrpTimer.Kind.RETRANSMIT, timer.timer().kind());
        assertEquals(T0.plusMillis(550), timer.deadline());
        assertEquals(new ReliableExchange.State(OptionalLong.of(100), 1, OptionalLong.empty(), false),
                exchange.state());
    }

    @Test
    void retransmitsTheSameMessageWithBackoffThenGivesUpAfterFiveTransmissions() {
        ReliableExchange exchange = initiator(100, 0.0);
        // The peer was heard just now: active interval 300 ms applies.
        exchange.session().peerActivity().heardAt(T0);
        List<MrpAction> first = exchange.on(reliableSend());
        Message original = transmitted(first.get(0));
        MrpAction.StartTimer timer = started(first.get(1));
        long[] expectedDelays = {330, 330, 528, 844, 1351};
        Instant expected = T0.plusMillis(expectedDelays[0]);
        assertEquals(expected, timer.deadline());
        for (int transmission = 2; transmission <= 5; transmission++) {
            clock.advance(Duration.between(clock.instant(), timer.deadline()));
            List<MrpAction> actions = exchange.on(new MrpEvent.TimerFired(timer.timer()));
            assertEquals(2, actions.size(), "transmission " + transmission);
            assertEquals(original, transmitted(actions.get(0)), "same counter, same bytes");
            timer = started(actions.get(1));
            assertEquals(clock.instant().plusMillis(expectedDelays[transmission - 1]), timer.deadline());
            assertEquals(transmission, exchange.state().transmissions());
        }
        clock.advance(Duration.between(clock.instant(), timer.deadline()));
        assertEquals(List.of(new MrpAction.GiveUp(100)), exchange.on(new MrpEvent.TimerFired(timer.timer())));
        assertEquals(OptionalLong.empty(), exchange.state().awaitingAck());
    }

    @Test
    void jitterStretchesTheDelay() {
        ReliableExchange exchange = initiator(100, 0.5);
        MrpAction.StartTimer timer = started(exchange.on(reliableSend()).get(1));
        assertEquals(T0.plusMillis(618), timer.deadline()); // 500 × 1.1 × 1.125 = 618.75
    }

    @Test
    void ackStopsRetransmissionAndTheOldTimerBecomesStale() {
        ReliableExchange exchange = initiator(100, 0.0);
        MrpAction.StartTimer timer = started(exchange.on(reliableSend()).get(1));
        List<MrpAction> actions = exchange.on(new MrpEvent.Received(
                fromPeer(7, false, EXCHANGE, false, OptionalLong.of(100), INTERACTION_MODEL, 0x05), false));
        assertEquals(new MrpAction.CancelTimer(timer.timer()), actions.get(0));
        assertEquals(new MrpAction.Acknowledged(100), actions.get(1));
        assertInstanceOf(MrpAction.Deliver.class, actions.get(2));
        assertEquals(3, actions.size());
        assertEquals(List.of(), exchange.on(new MrpEvent.TimerFired(timer.timer())));
    }

    @Test
    void ackOfAnotherCounterIsIgnored() {
        ReliableExchange exchange = initiator(100, 0.0);
        exchange.on(reliableSend());
        List<MrpAction> actions = exchange.on(new MrpEvent.Received(
                fromPeer(7, false, EXCHANGE, false, OptionalLong.of(99), INTERACTION_MODEL, 0x05), false));
        assertEquals(1, actions.size());
        assertInstanceOf(MrpAction.Deliver.class, actions.get(0));
        assertEquals(OptionalLong.of(100), exchange.state().awaitingAck());
    }

    @Test
    void secondReliableSendWaitsForTheFirstAckButUnreliableGoesOut() {
        ReliableExchange exchange = initiator(100, 0.0);
        exchange.on(reliableSend());
        List<MrpAction> refused = exchange.on(reliableSend());
        assertEquals(1, refused.size());
        assertInstanceOf(MrpAction.SendRejected.class, refused.get(0));
        List<MrpAction> unreliable = exchange.on(new MrpEvent.Send(INTERACTION_MODEL, 0x03, PAYLOAD, false));
        assertEquals(1, unreliable.size());
        Message sent = transmitted(unreliable.get(0));
        assertEquals(101, sent.header().messageCounter());
        assertFalse(sent.protocolHeader().reliable());
    }

    @Test
    void receivedReliableMessageIsDeliveredAndAckedAloneAfterTheTimeout() {
        ReliableExchange responder = new ReliableExchange(session(500), EXCHANGE, false, clock, fixedRandom(0));
        Message request = fromPeer(42, true, EXCHANGE, true, OptionalLong.empty(), INTERACTION_MODEL, 0x02);
        List<MrpAction> actions = responder.on(new MrpEvent.Received(request, false));
        MrpAction.StartTimer ackTimer = started(actions.get(0));
        assertEquals(MrpTimer.Kind.STANDALONE_ACK, ackTimer.timer().kind());
        assertEquals(T0.plusMillis(200), ackTimer.deadline());
        assertEquals(new MrpAction.Deliver(request), actions.get(1));
        assertEquals(OptionalLong.of(42), responder.state().pendingAck());

        clock.advance(Duration.ofMillis(200));
        List<MrpAction> fired = responder.on(new MrpEvent.TimerFired(ackTimer.timer()));
        assertEquals(1, fired.size());
        Message ack = transmitted(fired.get(0));
        assertEquals(500, ack.header().messageCounter());
        ProtocolHeader header = ack.protocolHeader();
        assertFalse(header.initiator(), "responder's messages carry no I flag");
        assertFalse(header.reliable(), "standalone acks are not reliable");
        assertEquals(OptionalLong.of(42), header.ackedCounter());
        assertEquals(0x10, header.opcode());
        assertEquals(ProtocolId.SECURE_CHANNEL, header.protocolId());
        assertEquals(EXCHANGE, header.exchangeId());
        assertEquals(Bytes.EMPTY, ack.payload());
        assertEquals(OptionalLong.empty(), responder.state().pendingAck());
    }

    @Test
    void pendingAckRidesOnTheNextMessage() {
        ReliableExchange responder = new ReliableExchange(session(500), EXCHANGE, false, clock, fixedRandom(0));
        MrpAction.StartTimer ackTimer = started(responder.on(new MrpEvent.Received(
                fromPeer(42, true, EXCHANGE, true, OptionalLong.empty(), INTERACTION_MODEL, 0x02), false)).get(0));
        List<MrpAction> actions = responder.on(new MrpEvent.Send(INTERACTION_MODEL, 0x05, PAYLOAD, true));
        assertEquals(new MrpAction.CancelTimer(ackTimer.timer()), actions.get(0));
        Message response = transmitted(actions.get(1));
        assertEquals(OptionalLong.of(42), response.protocolHeader().ackedCounter());
        assertTrue(response.protocolHeader().reliable());
        // Peer heard at T0: active interval.
        assertEquals(T0.plusMillis(330), started(actions.get(2)).deadline());
        assertEquals(List.of(), responder.on(new MrpEvent.TimerFired(ackTimer.timer())));
    }

    @Test
    void duplicateIsAckedAtOnceAndNotDelivered() {
        ReliableExchange responder = new ReliableExchange(session(500), EXCHANGE, false, clock, fixedRandom(0));
        Message request = fromPeer(42, true, EXCHANGE, true, OptionalLong.empty(), INTERACTION_MODEL, 0x02);
        responder.on(new MrpEvent.Received(request, false));
        clock.advance(Duration.ofMillis(200));
        responder.on(new MrpEvent.TimerFired(new MrpTimer(MrpTimer.Kind.STANDALONE_ACK, 1)));
        // The peer did not get our ack and retransmits.
        List<MrpAction> actions = responder.on(new MrpEvent.Received(request, true));
        assertEquals(1, actions.size());
        assertEquals(OptionalLong.of(42), transmitted(actions.get(0)).protocolHeader().ackedCounter());
    }

    @Test
    void duplicateOfTheStillPendingMessageCancelsTheTimerAndAcksNow() {
        ReliableExchange responder = new ReliableExchange(session(500), EXCHANGE, false, clock, fixedRandom(0));
        Message request = fromPeer(42, true, EXCHANGE, true, OptionalLong.empty(), INTERACTION_MODEL, 0x02);
        MrpAction.StartTimer ackTimer = started(responder.on(new MrpEvent.Received(request, false)).get(0));
        List<MrpAction> actions = responder.on(new MrpEvent.Received(request, true));
        assertEquals(new MrpAction.CancelTimer(ackTimer.timer()), actions.get(0));
        assertEquals(OptionalLong.of(42), transmitted(actions.get(1)).protocolHeader().ackedCounter());
        assertEquals(2, actions.size());
        assertEquals(OptionalLong.empty(), responder.state().pendingAck());
    }

    @Test
    void aSecondReliableMessageFlushesTheFirstPendingAck() {
        ReliableExchange responder = new ReliableExchange(session(500), EXCHANGE, false, clock, fixedRandom(0));
        MrpAction.StartTimer first = started(responder.on(new MrpEvent.Received(
                fromPeer(42, true, EXCHANGE, true, OptionalLong.empty(), INTERACTION_MODEL, 0x02), false)).get(0));
        List<MrpAction> actions = responder.on(new MrpEvent.Received(
                fromPeer(43, true, EXCHANGE, true, OptionalLong.empty(), INTERACTION_MODEL, 0x02), false));
        assertEquals(new MrpAction.CancelTimer(first.timer()), actions.get(0));
        assertEquals(OptionalLong.of(42), transmitted(actions.get(1)).protocolHeader().ackedCounter());
        assertEquals(T0.plusMillis(200), started(actions.get(2)).deadline());
        assertInstanceOf(MrpAction.Deliver.class, actions.get(3));
        assertEquals(OptionalLong.of(43), responder.state().pendingAck());
    }

    @Test
    void standaloneAckIsConsumedNotDelivered() {
        ReliableExchange exchange = initiator(100, 0.0);
        exchange.on(reliableSend());
        List<MrpAction> actions = exchange.on(new MrpEvent.Received(
                fromPeer(7, false, EXCHANGE, false, OptionalLong.of(100), ProtocolId.SECURE_CHANNEL, 0x10), false));
        assertEquals(2, actions.size());
        assertEquals(new MrpAction.Acknowledged(100), actions.get(1));
    }

    @Test
    void closeFlushesThePendingAckAndTheExchangeIsDoneOnceNothingIsOutstanding() {
        ReliableExchange responder = new ReliableExchange(session(500), EXCHANGE, false, clock, fixedRandom(0));
        responder.on(new MrpEvent.Received(
                fromPeer(42, true, EXCHANGE, true, OptionalLong.empty(), INTERACTION_MODEL, 0x02), false));
        List<MrpAction> actions = responder.on(new MrpEvent.Close());
        assertInstanceOf(MrpAction.CancelTimer.class, actions.get(0));
        assertEquals(OptionalLong.of(42), transmitted(actions.get(1)).protocolHeader().ackedCounter());
        assertTrue(responder.isDone());
        assertInstanceOf(MrpAction.SendRejected.class,
                responder.on(new MrpEvent.Send(INTERACTION_MODEL, 1, PAYLOAD, false)).get(0));
    }

    @Test
    void closeWithAnOutstandingMessageWaitsForItsAck() {
        ReliableExchange exchange = initiator(100, 0.0);
        exchange.on(reliableSend());
        assertEquals(List.of(), exchange.on(new MrpEvent.Close()));
        assertFalse(exchange.isDone());
        exchange.on(new MrpEvent.Received(
                fromPeer(7, false, EXCHANGE, false, OptionalLong.of(100), ProtocolId.SECURE_CHANNEL, 0x10), false));
        assertTrue(exchange.isDone());
    }

    @Test
    void closedExchangeStillAcksButDeliversNothing() {
        ReliableExchange exchange = initiator(100, 0.0);
        exchange.on(reliableSend());
        exchange.on(new MrpEvent.Close());
        List<MrpAction> actions = exchange.on(new MrpEvent.Received(
                fromPeer(7, false, EXCHANGE, true, OptionalLong.of(100), INTERACTION_MODEL, 0x05), false));
        assertTrue(actions.contains(new MrpAction.Acknowledged(100)));
        assertTrue(actions.stream().noneMatch(a -> a instanceof MrpAction.Deliver));
        assertInstanceOf(MrpAction.StartTimer.class, actions.get(actions.size() - 1), "ack still owed");
    }

    @Test
    void exhaustedSessionCounterSendsNothing() {
        SessionContext exhausted = new SessionContext("x", MessageHeader.secureUnicast(1, 1),
                MessageCounter.startingAfter(MessageCounter.Kind.SECURE_SESSION, 0xFFFF_FFFFL), MrpParameters.DEFAULT);
        ReliableExchange exchange = new ReliableExchange(exhausted, EXCHANGE, true, clock, fixedRandom(0));
        assertEquals(List.of(new MrpAction.SessionExhausted()), exchange.on(reliableSend()));
    }

    @Test
    void unreliableMessagesNeedNoAck() {
        ReliableExchange responder = new ReliableExchange(session(500), EXCHANGE, false, clock, fixedRandom(0));
        Message plain = fromPeer(42, true, EXCHANGE, false, OptionalLong.empty(), INTERACTION_MODEL, 0x02);
        assertEquals(List.of(new MrpAction.Deliver(plain)), responder.on(new MrpEvent.Received(plain, false)));
        assertEquals(List.of(), responder.on(new MrpEvent.Received(plain, true)));
    }
}
