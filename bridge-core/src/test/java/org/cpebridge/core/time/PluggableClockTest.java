package org.cpebridge.core.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.cpebridge.core.testing.ManualClock;
import org.junit.jupiter.api.Test;

class PluggableClockTest {

    @Test
    void startsAsTheUnverifiedSystemClockAndFollowsAPluggedSource() {
        ManualClock system = new ManualClock(Instant.parse("2026-03-01T00:00:00Z"));
        PluggableClock clock = new PluggableClock(system);
        assertEquals(system.instant(), clock.instant());
        assertEquals(TimeReading.Trust.UNVERIFIED, TimeSource.of(clock).read().trust());

        Instant secured = Instant.parse("2026-12-07T04:00:00Z");
        clock.plug(() -> new TimeReading(secured, TimeReading.Trust.SECURED, Duration.ofSeconds(1)));
        assertEquals(secured, clock.instant());
        assertSame(clock, TimeSource.of(clock));
        assertEquals(TimeReading.Trust.SECURED, TimeSource.of(clock).read().trust());
        assertEquals(ZoneOffset.UTC, clock.getZone());
    }

    @Test
    void aPlainClockReadsAsUnverified() {
        Clock fixed = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
        TimeReading reading = TimeSource.of(fixed).read();
        assertEquals(fixed.instant(), reading.utc());
        assertEquals(TimeReading.Trust.UNVERIFIED, reading.trust());
        assertEquals(Duration.ZERO, reading.uncertainty());
    }
}
