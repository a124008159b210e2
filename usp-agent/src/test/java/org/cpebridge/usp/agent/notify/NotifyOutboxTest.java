package org.cpebridge.usp.agent.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.cpebridge.core.testing.ManualClock;
import org.cpebridge.core.testing.ManualScheduler;
import org.cpebridge.usp.proto.UspMsg;
import org.junit.jupiter.api.Test;

/** {@link NotifyOutbox}: retries per msg_id, answers, expiration and the per-Controller bound, on a manual clock. */
class NotifyOutboxTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-24T10:00:00Z"));
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final List<String> sent = new ArrayList<>();

    private NotifyOutbox outbox(int max) {
        // random 0.0: every wait is the lower end of its R-NOT.1 range (5 s, 10 s, 20 s, ...).
        return new NotifyOutbox((controller, msg) -> sent.add(controller + " " + msg.getHeader().getMsgId()),
                scheduler, clock, Runnable::run, () -> 0.0, max);
    }

    private static UspMsg.Msg notify(String msgId) {
        return UspMsg.Msg.newBuilder().setHeader(UspMsg.Header.newBuilder().setMsgId(msgId)
                .setMsgType(UspMsg.Header.MsgType.NOTIFY)).build();
    }

    @Test
    void retriesAtTheLowerEndOfEachRangeUntilAnswered() {
        NotifyOutbox outbox = outbox(10);
        AtomicInteger answered = new AtomicInteger();
        outbox.sendUntilAnswered("c", notify("n1"), RetrySchedule.DEFAULT, Duration.ZERO, answered::incrementAndGet);
        scheduler.advance(Duration.ofSeconds(5));
        scheduler.advance(Duration.ofSeconds(10));
        scheduler.advance(Duration.ofSeconds(20));
        assertEquals(List.of("c n1", "c n1", "c n1", "c n1"), sent);
        outbox.answered("other", "n1");
        assertEquals(0, answered.get(), "an answer from another Controller does not count");
        outbox.answered("c", "n1");
        outbox.answered("c", "n1");
        assertEquals(1, answered.get());
        scheduler.advance(Duration.ofHours(3));
        assertEquals(4, sent.size());
        assertEquals(0, scheduler.pendingTasks());
    }

    @Test
    void expirationStopsRetriesAndCancelsTheTimer() {
        NotifyOutbox outbox = outbox(10);
        outbox.sendUntilAnswered("c", notify("n1"), RetrySchedule.DEFAULT, Duration.ofSeconds(12), () -> { });
        scheduler.advance(Duration.ofSeconds(12));
        assertEquals(2, sent.size(), "sent at 0 s and 5 s; the next (15 s) is past NotifExpiration");
        assertEquals(0, outbox.awaitingAnswer());
        assertEquals(0, scheduler.pendingTasks());
    }

    @Test
    void theOldestIsGivenUpBeyondTheBound() {
        NotifyOutbox outbox = outbox(2);
        outbox.sendUntilAnswered("a", notify("a1"), RetrySchedule.DEFAULT, Duration.ZERO, () -> { });
        outbox.sendUntilAnswered("a", notify("a2"), RetrySchedule.DEFAULT, Duration.ZERO, () -> { });
        outbox.sendUntilAnswered("b", notify("b1"), RetrySchedule.DEFAULT, Duration.ZERO, () -> { });
        outbox.sendUntilAnswered("a", notify("a3"), RetrySchedule.DEFAULT, Duration.ZERO, () -> { });
        assertEquals(3, outbox.awaitingAnswer());
        sent.clear();
        scheduler.advance(Duration.ofSeconds(5));
        assertEquals(List.of("a a2", "b b1", "a a3"), sent, "a1 is no longer retried");
        outbox.close();
        assertEquals(0, outbox.awaitingAnswer());
        assertEquals(0, scheduler.pendingTasks());
        assertThrows(IllegalArgumentException.class, () -> outbox(0));
    }

    @Test
    void aFailingSendIsRetriedLikeAnUnansweredOne() {
        AtomicInteger attempts = new AtomicInteger();
        NotifyOutbox outbox = new NotifyOutbox((controller, msg) -> {
            if (attempts.incrementAndGet() == 1) {
                throw new IllegalStateException("MTP refused");
            }
        }, scheduler, clock, Runnable::run, () -> 0.0, 10);
        outbox.sendUntilAnswered("c", notify("n1"), RetrySchedule.DEFAULT, Duration.ZERO, () -> { });
        scheduler.advance(Duration.ofSeconds(5));
        assertEquals(2, attempts.get());
        assertEquals(1, outbox.awaitingAnswer());
    }

    @Test
    void sendOnceIsNotRetried() {
        NotifyOutbox outbox = outbox(10);
        outbox.sendOnce("c", notify("n1"));
        scheduler.advance(Duration.ofHours(1));
        assertEquals(List.of("c n1"), sent);
        assertEquals(0, outbox.awaitingAnswer());
    }
}
