package org.cpebridge.matter.mrp;

import static org.cpebridge.matter.mrp.MrpTestSupport.INTERACTION_MODEL;
import static org.cpebridge.matter.mrp.MrpTestSupport.fixedRandom;
import static org.cpebridge.matter.mrp.MrpTestSupport.fromPeer;
import static org.cpebridge.matter.mrp.MrpTestSupport.session;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import org.cpebridge.matter.message.Message;
import org.cpebridge.bytes.Bytes;
import org.junit.jupiter.api.Test;

class ExchangeManagerTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final ExchangeManager manager = new ExchangeManager(clock, fixedRandom(0.5),
            header -> header.protocolId() == INTERACTION_MODEL);
    private final SessionContext session = session(1000);

    private static Message request(long counter, int exchangeId, boolean reliable) {
        return fromPeer(counter, true, exchangeId, reliable, OptionalLong.empty(), INTERACTION_MODEL, 0x02);
    }

    @Test
    void unsolicitedRequestOfAnAcceptedProtocolOpensAResponderExchange() {
        List<ExchangeManager.Output> out = manager.onMessage(session, request(5, 77, true), false);
        assertEquals(1, manager.size());
        ReliableExchange exchange = out.get(0).exchange();
        assertFalse(exchange.isLocalInitiator());
        assertEquals(77, exchange.exchangeId());
        assertInstanceOf(MrpAction.StartTimer.class, out.get(0).action());
        assertInstanceOf(MrpAction.Deliver.class, out.get(1).action());
        // The next request on the same exchange reaches the same exchange.
        List<ExchangeManager.Output> again = manager.onMessage(session, request(6, 77, false), false);
        assertSame(exchange, again.get(again.size() - 1).exchange());
        assertEquals(1, manager.size());
    }

    @Test
    void unsolicitedRequestOfAnotherProtocolIsAckedAndDropped() {
        Message other = fromPeer(5, true, 77, true, OptionalLong.empty(), 0x0002, 0x01);
        List<ExchangeManager.Output> out = manager.onMessage(session, other, false);
        assertEquals(1, out.size());
        Message ack = assertInstanceOf(MrpAction.Transmit.class, out.get(0).action()).message();
        assertEquals(OptionalLong.of(5), ack.protocolHeader().ackedCounter());
        assertFalse(ack.protocolHeader().initiator());
        assertEquals(77, ack.protocolHeader().exchangeId());
        assertEquals(0, manager.size());
    }

    @Test
    void unmatchedResponseIsAckedIfReliableAndOtherwiseIgnored() {
        Message strayReliable = fromPeer(5, false, 99, true, OptionalLong.empty(), INTERACTION_MODEL, 0x05);
        List<ExchangeManager.Output> out = manager.onMessage(session, strayReliable, false);
        assertEquals(1, out.size());
        Message ack = assertInstanceOf(MrpAction.Transmit.class, out.get(0).action()).message();
        assertTrue(ack.protocolHeader().initiator(), "we answer as the initiator the peer took us for");
        Message strayPlain = fromPeer(6, false, 99, false, OptionalLong.empty(), INTERACTION_MODEL, 0x05);
        assertEquals(List.of(), manager.onMessage(session, strayPlain, false));
        assertEquals(0, manager.size());
    }

    @Test
    void duplicateOfAnUnknownRequestOpensNothingButIsAcked() {
        List<ExchangeManager.Output> out = manager.onMessage(session, request(5, 77, true), true);
        assertEquals(1, out.size());
        assertInstanceOf(MrpAction.Transmit.class, out.get(0).action());
        assertEquals(0, manager.size());
    }

    @Test
    void responseMatchesTheInitiatedExchange() {
        ReliableExchange mine = manager.initiate(session);
        manager.on(mine, new MrpEvent.Send(INTERACTION_MODEL, 0x02, Bytes.EMPTY, true));
        Message response = fromPeer(9, false, mine.exchangeId(), true, OptionalLong.of(1000), INTERACTION_MODEL, 5);
        List<ExchangeManager.Output> out = manager.onMessage(session, response, false);
        assertTrue(out.stream().allMatch(o -> o.exchange() == mine));
        assertTrue(out.stream().anyMatch(o -> o.action().equals(new MrpAction.Acknowledged(1000))));
        assertTrue(out.stream().anyMatch(o -> o.action() instanceof MrpAction.Deliver));
    }

    @Test
    void sameExchangeIdFromThePeerAsInitiatorIsADifferentExchange() {
        ReliableExchange mine = manager.initiate(session);
        List<ExchangeManager.Output> out = manager.onMessage(session, request(5, mine.exchangeId(), true), false);
        assertNotSame(mine, out.get(0).exchange());
        assertEquals(2, manager.size());
    }

    @Test
    void exchangesAreKeptPerSession() {
        SessionContext other = session(2000);
        manager.onMessage(session, request(5, 77, false), false);
        manager.onMessage(other, request(5, 77, false), false);
        assertEquals(2, manager.size());
        manager.sessionClosed(other);
        assertEquals(1, manager.size());
    }

    @Test
    void lateTimerOfAClosedSessionSendsNothing() {
        ReliableExchange mine = manager.initiate(session);
        List<ExchangeManager.Output> out = manager.on(mine,
                new MrpEvent.Send(INTERACTION_MODEL, 0x02, Bytes.EMPTY, true));
        MrpAction.StartTimer timer = (MrpAction.StartTimer) out.get(1).action();
        manager.sessionClosed(session);
        assertEquals(List.of(), manager.on(mine, new MrpEvent.TimerFired(timer.timer())));
    }

    @Test
    void closedExchangeIsForgottenOnceDone() {
        List<ExchangeManager.Output> out = manager.onMessage(session, request(5, 77, true), false);
        ReliableExchange exchange = out.get(0).exchange();
        List<ExchangeManager.Output> closing = manager.on(exchange, new MrpEvent.Close());
        assertTrue(closing.stream().anyMatch(o -> o.action() instanceof MrpAction.Transmit));
        assertEquals(0, manager.size());
    }

    @Test
    void exchangeIdsStartRandomAndIncrementWithWrap() {
        ReliableExchange first = manager.initiate(session);
        int expected = first.exchangeId();
        boolean wrapped = false;
        for (int i = 0; i < 0x10000 - 1; i++) {
            expected = (expected + 1) & 0xFFFF;
            int id = manager.initiate(session).exchangeId();
            assertEquals(expected, id);
            wrapped |= id == 0;
        }
        assertTrue(wrapped || first.exchangeId() == 0);
        assertEquals(0x10000, manager.size());
        // Every id is taken on this session: the search skips them all and refuses.
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> manager.initiate(session));
        // Another session has its own id space.
        assertEquals((expected + 1) & 0xFFFF, manager.initiate(session(5)).exchangeId());
    }

    @Test
    void initiatedExchangeClosedWithNothingPendingIsForgotten() {
        ExchangeManager small = new ExchangeManager(clock, fixedRandom(0), h -> true);
        ReliableExchange a = small.initiate(session);
        ReliableExchange b = small.initiate(session);
        assertEquals((a.exchangeId() + 1) & 0xFFFF, b.exchangeId());
        small.on(a, new MrpEvent.Close());
        assertEquals(1, small.size());
    }
}
