package org.cpebridge.securetime.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.cpebridge.core.store.FileDurableStore;
import org.cpebridge.core.testing.ManualClock;
import org.cpebridge.core.time.TimeReading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecureClockTest {

    @TempDir
    Path dataDir;

    @Test
    void unverifiedUntilSecuredThenOffsetThenLastKnownGoodAfterARestartWithABadClock() {
        ManualClock local = new ManualClock(Instant.parse("2026-12-07T04:00:00Z"));
        SecureClock clock = new SecureClock(local, ticker(local), new FileDurableStore(dataDir));
        assertEquals(TimeReading.Trust.UNVERIFIED, clock.read().trust(), "no last known good time yet");

        clock.secure(new Agreement.Consensus(60_000, 1_500, List.of()));
        TimeReading secured = clock.read();
        assertEquals(TimeReading.Trust.SECURED, secured.trust());
        assertEquals(Instant.parse("2026-12-07T04:01:00Z"), secured.utc());
        assertEquals(Duration.ofMillis(1_500), secured.uncertainty());
        local.advance(Duration.ofHours(10));
        assertEquals(Duration.ofMillis(1_500 + 3_600), clock.read().uncertainty(), "100 ppm of 10 h");

        // A restart on a router whose clock fell back to 1970: the bridge reads the persisted floor instead.
        ManualClock rebooted = new ManualClock(Instant.EPOCH);
        SecureClock afterRestart = new SecureClock(rebooted, ticker(rebooted), new FileDurableStore(dataDir));
        TimeReading floor = afterRestart.read();
        assertEquals(TimeReading.Trust.LAST_KNOWN_GOOD, floor.trust());
        assertEquals(Instant.parse("2026-12-07T04:01:00Z"), floor.utc());
        rebooted.advance(Duration.ofDays(365 * 60));
        assertTrue(afterRestart.read().utc().isAfter(floor.utc()), "a later local clock wins over the floor");
    }

    /** A monotonic ticker that follows a manual clock (which the tests only move forward). */
    private static java.util.function.LongSupplier ticker(ManualClock clock) {
        return () -> clock.millis() * 1_000_000L;
    }

    @Test
    void aStepOfTheSystemClockAfterSecuringDoesNotMoveTheSecuredTime() {
        ManualClock local = new ManualClock(Instant.parse("2026-12-07T04:00:00Z"));
        java.util.concurrent.atomic.AtomicLong nanos = new java.util.concurrent.atomic.AtomicLong();
        SecureClock clock = new SecureClock(local, nanos::get, new FileDurableStore(dataDir));
        clock.secure(new Agreement.Consensus(0, 1000, List.of()));
        local.advance(Duration.ofHours(5)); // a spoofed NTP steps the system clock
        nanos.addAndGet(Duration.ofSeconds(10).toNanos()); // while 10 s really pass
        assertEquals(Instant.parse("2026-12-07T04:00:10Z"), clock.read().utc());
    }

    @Test
    void lastKnownGoodNeverMovesBackwards() {
        ManualClock local = new ManualClock(Instant.parse("2026-12-07T04:00:00Z"));
        FileDurableStore store = new FileDurableStore(dataDir);
        new SecureClock(local, ticker(local), store).secure(new Agreement.Consensus(0, 1000, List.of()));
        SecureClock second = new SecureClock(local, ticker(local), store);
        second.secure(new Agreement.Consensus(-86_400_000, 1000, List.of())); // a quorum a day earlier
        assertEquals(Instant.parse("2026-12-07T04:00:00Z"), second.lastKnownGood().orElseThrow());
        assertEquals(Instant.parse("2026-12-07T04:00:00Z"),
                new SecureClock(new ManualClock(Instant.EPOCH), () -> 0L, store).read().utc());
    }
}
