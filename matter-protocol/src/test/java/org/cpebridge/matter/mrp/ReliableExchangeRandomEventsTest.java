package org.cpebridge.matter.mrp;

import static org.cpebridge.matter.mrp.MrpTestSupport.INTERACTION_MODEL;
import static org.cpebridge.matter.mrp.MrpTestSupport.fromPeer;
import static org.cpebridge.matter.mrp.MrpTestSupport.session;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SplittableRandom;
import org.cpebridge.matter.message.Message;
import org.cpebridge.matter.message.ProtocolId;
import org.cpebridge.bytes.Bytes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random event sequences against the invariants of Core spec 4.12: every transmission carries the exchange's id and
 * role; a reliable message is sent at most five times, always with the same counter; it ends in exactly one of
 * acknowledged or given up; nothing is delivered twice or after close; no event throws.
 */
class ReliableExchangeRandomEventsTest {

    private static final int EXCHANGE = 0x0ABC;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void invariantsHoldUnderRandomEvents(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
        boolean initiator = random.nextBoolean();
        ReliableExchange exchange = new ReliableExchange(session(1000), EXCHANGE, initiator, clock,
                new SplittableRandom(seed)::nextLong);
        List<MrpTimer> timersSeen = new ArrayList<>();
        Set<Long> reliableSent = new HashSet<>();
        Set<Long> finished = new HashSet<>();
        java.util.Map<Long, Integer> transmissions = new java.util.HashMap<>();
        Set<Long> delivered = new HashSet<>();
        long peerCounter = 50;
        Set<Long> peerCountersSeen = new HashSet<>();
        boolean closed = false;

        for (int step = 0; step < 400; step++) {
            clock.advance(Duration.ofMillis(random.nextInt(0, 400)));
            MrpEvent event;
            int choice = random.nextInt(100);
            if (choice < 25) {
                event = new MrpEvent.Send(INTERACTION_MODEL, 1, Bytes.EMPTY, random.nextBoolean());
            } else if (choice < 55) {
                long counter = random.nextInt(4) == 0 ? peerCounter : ++peerCounter;
                // The session's reception state decides duplicates; model it exactly.
                boolean duplicate = !peerCountersSeen.add(counter);
                OptionalLong ack = random.nextBoolean() && !reliableSent.isEmpty()
                        ? OptionalLong.of(reliableSent.stream().skip(random.nextInt(reliableSent.size()))
                                .findFirst().orElseThrow())
                        : OptionalLong.empty();
                boolean standalone = random.nextInt(4) == 0;
                Message message = fromPeer(counter, !initiator, EXCHANGE, !standalone && random.nextBoolean(), ack,
                        standalone ? ProtocolId.SECURE_CHANNEL : INTERACTION_MODEL, standalone ? 0x10 : 0x05);
                event = new MrpEvent.Received(message, duplicate);
            } else if (choice < 99 && !timersSeen.isEmpty()) {
                event = new MrpEvent.TimerFired(timersSeen.get(random.nextInt(timersSeen.size())));
            } else if (choice == 99 && step > 200) {
                event = new MrpEvent.Close();
                closed = true;
            } else {
                event = new MrpEvent.Send(INTERACTION_MODEL, 1, Bytes.EMPTY, true);
            }

            for (MrpAction action : exchange.on(event)) {
                if (action instanceof MrpAction.Transmit transmit) {
                    Message sent = transmit.message();
                    assertEquals(EXCHANGE, sent.protocolHeader().exchangeId());
                    assertEquals(initiator, sent.protocolHeader().initiator());
                    if (sent.protocolHeader().reliable()) {
                        long counter = sent.header().messageCounter();
                        reliableSent.add(counter);
                        int times = transmissions.merge(counter, 1, Integer::sum);
                        assertTrue(times <= MrpBackoff.MAX_TRANSMISSIONS, "sent " + times + " times");
                        assertFalse(finished.contains(counter), "retransmitted after it finished");
                    }
                } else if (action instanceof MrpAction.StartTimer start) {
                    assertFalse(start.deadline().isBefore(clock.instant()));
                    timersSeen.add(start.timer());
                } else if (action instanceof MrpAction.Acknowledged acked) {
                    assertTrue(reliableSent.contains(acked.messageCounter()));
                    assertTrue(finished.add(acked.messageCounter()), "finished twice");
                } else if (action instanceof MrpAction.GiveUp gaveUp) {
                    assertEquals(MrpBackoff.MAX_TRANSMISSIONS, transmissions.get(gaveUp.messageCounter()));
                    assertTrue(finished.add(gaveUp.messageCounter()), "finished twice");
                } else if (action instanceof MrpAction.Deliver deliver) {
                    assertFalse(closed, "delivered after close");
                    assertTrue(delivered.add(deliver.message().header().messageCounter()), "delivered twice");
                }
            }
            ReliableExchange.State state = exchange.state();
            assertTrue(state.transmissions() <= MrpBackoff.MAX_TRANSMISSIONS);
            assertEquals(state.awaitingAck().isPresent(), state.transmissions() > 0);
        }
        assertTrue(reliableSent.size() > 0, "the sequence exercised reliable sends");
        assertFalse(finished.isEmpty(), "the sequence saw acknowledgements or give-ups");
        assertFalse(delivered.isEmpty(), "the sequence delivered messages");
    }
}
