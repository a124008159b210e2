package org.cpebridge.matter.mrp;

import static org.cpebridge.matter.mrp.MrpTestSupport.INTERACTION_MODEL;
import static org.cpebridge.matter.mrp.MrpTestSupport.fixedRandom;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.IntPredicate;
import org.cpebridge.matter.message.Message;
import org.cpebridge.matter.message.MessageCounter;
import org.cpebridge.matter.message.MessageException;
import org.cpebridge.matter.message.MessageHeader;
import org.cpebridge.matter.message.SecureSessionCodec;
import org.cpebridge.bytes.Bytes;
import org.junit.jupiter.api.Test;

/**
 * Two nodes in memory over a lossy link, with encryption ({@link SecureSessionCodec}), duplicate detection,
 * exchanges and MRP all real; only the clock is manual. The link drops chosen datagrams, so retransmission,
 * re-acknowledgement and give-up run as they would on a network, with exact timing.
 */
class TwoPeersInMemoryTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Bytes I2R_KEY = Bytes.fromHex("000102030405060708090a0b0c0d0e0f");
    private static final Bytes R2I_KEY = Bytes.fromHex("f0e0d0c0b0a090807060504030201000");

    private final ManualClock clock = new ManualClock(T0);
    private final PriorityQueue<Pending> events = new PriorityQueue<>(Comparator.comparing(Pending::deadline)
            .thenComparingLong(Pending::sequence));
    private long sequence;

    /** A node: its session towards the other, its reception state, exchanges and what it saw. */
    private final class Node {
        final String name;
        final SecureSessionCodec codec;
        final SessionContext session;
        final ExchangeManager exchanges = new ExchangeManager(clock, fixedRandom(0), h -> true);
        final List<Message> delivered = new ArrayList<>();
        final List<MrpAction> outcomes = new ArrayList<>();
        Node peer;
        IntPredicate dropOutgoing = n -> false;
        int sent;
        boolean autoReply;

        Node(String name, int peerSessionId, long firstCounter, SecureSessionCodec codec) {
            this.name = name;
            this.codec = codec;
            this.session = new SessionContext(name, MessageHeader.secureUnicast(peerSessionId, 1),
                    MessageCounter.startingAfter(MessageCounter.Kind.SECURE_SESSION, firstCounter - 1),
                    MrpParameters.DEFAULT);
        }

        void carryOut(List<ExchangeManager.Output> outputs) {
            for (ExchangeManager.Output output : outputs) {
                MrpAction action = output.action();
                if (action instanceof MrpAction.Transmit transmit) {
                    int index = sent++;
                    byte[] datagram = codec.seal(transmit.message());
                    if (!dropOutgoing.test(index)) {
                        // Zero latency, but after the current event: delivery never overtakes our own actions.
                        events.add(new Pending(clock.instant(), sequence++, peer, null, null, datagram));
                    }
                } else if (action instanceof MrpAction.StartTimer timer) {
                    events.add(new Pending(timer.deadline(), sequence++, this, output.exchange(), timer.timer(), null));
                } else if (action instanceof MrpAction.Deliver deliver) {
                    delivered.add(deliver.message());
                    if (autoReply) {
                        carryOut(exchanges.on(output.exchange(),
                                new MrpEvent.Send(INTERACTION_MODEL, 0x05, Bytes.fromHex("1518"), true)));
                    }
                } else if (action instanceof MrpAction.CancelTimer cancel) {
                    // As a real scheduler would; a cancelled timer that fires anyway is covered elsewhere.
                    events.removeIf(p -> p.node() == this && cancel.timer().equals(p.timer()));
                } else {
                    outcomes.add(action);
                }
            }
        }

        void receive(byte[] datagram) {
            try {
                SecureSessionCodec.Opened opened = codec.open(datagram);
                carryOut(exchanges.onMessage(session, opened.message(), opened.duplicate()));
            } catch (MessageException e) {
                throw new AssertionError(name + " could not read a datagram", e);
            }
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** A timer to fire (timer set) or a datagram to deliver (datagram set). */
    private record Pending(Instant deadline, long sequence, Node node, ReliableExchange exchange, MrpTimer timer,
            byte[] datagram) {
    }

    private final Node alice = new Node("alice", 0x2000, 100, SecureSessionCodec.initiator(I2R_KEY, R2I_KEY, 0, 0));
    private final Node bob = new Node("bob", 0x1000, 900, SecureSessionCodec.responder(I2R_KEY, R2I_KEY, 0, 0));

    {
        alice.peer = bob;
        bob.peer = alice;
    }

    /** Delivers datagrams and fires timers in time order until none are left or {@code limit} is reached. */
    private void run(Duration limit) {
        Instant end = T0.plus(limit);
        while (!events.isEmpty() && !events.peek().deadline().isAfter(end)) {
            Pending next = events.poll();
            if (next.deadline().isAfter(clock.instant())) {
                clock.advance(Duration.between(clock.instant(), next.deadline()));
            }
            if (next.datagram() != null) {
                next.node().receive(next.datagram());
            } else {
                next.node().carryOut(next.node().exchanges.on(next.exchange(),
                        new MrpEvent.TimerFired(next.timer())));
            }
        }
    }

    private ReliableExchange aliceSendsRequest() {
        ReliableExchange exchange = alice.exchanges.initiate(alice.session);
        alice.carryOut(alice.exchanges.on(exchange,
                new MrpEvent.Send(INTERACTION_MODEL, 0x02, Bytes.fromHex("1518"), true)));
        return exchange;
    }

    @Test
    void requestSurvivesTwoLostTransmissionsAndTheResponseCarriesTheAck() {
        alice.dropOutgoing = n -> n < 2;
        bob.autoReply = true;
        aliceSendsRequest();
        run(Duration.ofSeconds(30));

        assertEquals(1, bob.delivered.size(), "bob sees the request once");
        assertEquals(100, bob.delivered.get(0).header().messageCounter(), "retransmissions keep the counter");
        assertEquals(1, alice.delivered.size(), "alice gets the response");
        assertEquals(List.of(new MrpAction.Acknowledged(100)), alice.outcomes);
        assertEquals(List.of(new MrpAction.Acknowledged(900)), bob.outcomes);
        // Third transmission at 550 + 550 ms (bob never heard: idle 500 ms × 1.1, n = 0 and 1).
        assertEquals(T0.plusMillis(1100 + 200), clock.instant(), "last event: alice's standalone ack timer");
        assertTrue(events.isEmpty(), "nothing left to retransmit or acknowledge");
    }

    @Test
    void lostAckMakesTheSenderRetransmitAndTheDuplicateIsReAcked() {
        bob.dropOutgoing = n -> n == 0; // bob's first standalone ack is lost
        aliceSendsRequest();
        run(Duration.ofSeconds(30));

        assertEquals(1, bob.delivered.size(), "the retransmission is a duplicate, not delivered again");
        assertEquals(List.of(new MrpAction.Acknowledged(100)), alice.outcomes);
        assertEquals(2, alice.sent, "original and one retransmission");
        assertEquals(2, bob.sent, "lost standalone ack and the immediate re-ack");
    }

    @Test
    void senderGivesUpAfterFiveTransmissionsAtTheBackoffSum() {
        alice.dropOutgoing = n -> true;
        aliceSendsRequest();
        run(Duration.ofSeconds(30));

        assertEquals(5, alice.sent);
        assertEquals(List.of(new MrpAction.GiveUp(100)), alice.outcomes);
        // Idle 500 ms: 550 + 550 + 880 + 1408 + 2252 (floors of 2252.8).
        assertEquals(T0.plusMillis(550 + 550 + 880 + 1408 + 2252), clock.instant());
        assertTrue(bob.delivered.isEmpty());
    }
}
