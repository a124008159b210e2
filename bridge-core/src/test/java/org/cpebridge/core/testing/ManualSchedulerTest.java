package org.cpebridge.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.cpebridge.core.time.Scheduler;
import org.junit.jupiter.api.Test;

class ManualSchedulerTest {

    @Test
    void aFixedRateTaskCancelledAfterSeveralRunsRunsNoMore() {
        ManualScheduler scheduler = new ManualScheduler(new ManualClock(Instant.parse("2026-12-07T00:00:00Z")));
        AtomicInteger runs = new AtomicInteger();
        Scheduler.Cancellable handle = scheduler.scheduleAtFixedRate(Duration.ofSeconds(1), Duration.ofSeconds(1),
                runs::incrementAndGet);
        scheduler.advance(Duration.ofSeconds(3));
        assertEquals(3, runs.get());
        handle.cancel();
        scheduler.advance(Duration.ofSeconds(5));
        assertEquals(3, runs.get(), "the handle still cancels the task after its first run");
        assertEquals(0, scheduler.pendingTasks());
    }
}
