package org.cpebridge.usp.agent.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** TR-181 {@code Controller.{i}.PeriodicNotifTime}: reference time plus or minus whole intervals. */
class PeriodicScheduleTest {
    private static final Duration DAY = Duration.ofSeconds(86400);

    @Test
    void dailyAtMidnightFromAPastReference() {
        // The TR-181 example: interval 86400, time at UTC midnight of some day: every UTC midnight.
        assertEquals(Instant.parse("2026-11-25T00:00:00Z"), PeriodicSchedule.next(
                Instant.parse("2026-11-24T13:45:00Z"), Instant.parse("2019-01-01T00:00:00Z"), DAY));
    }

    @Test
    void aFutureReferenceStillGivesTheVeryNextMidnight() {
        // "These MUST begin on the very next midnight, even if PeriodicNotifTime refers to a day in the future."
        assertEquals(Instant.parse("2026-11-25T00:00:00Z"), PeriodicSchedule.next(
                Instant.parse("2026-11-24T13:45:00Z"), Instant.parse("2030-06-01T00:00:00Z"), DAY));
    }

    @Test
    void exactlyOnADueTimeMeansTheNextOne() {
        assertEquals(Instant.parse("2026-11-24T10:02:00Z"), PeriodicSchedule.next(
                Instant.parse("2026-11-24T10:01:00Z"), Instant.parse("2019-01-01T00:00:00Z"), Duration.ofSeconds(60)));
    }

    @Test
    void unknownTimeAndBadIntervals() {
        assertEquals(Instant.parse("0001-01-01T00:00:00Z"), PeriodicSchedule.UNKNOWN_TIME);
        assertThrows(IllegalArgumentException.class, () -> PeriodicSchedule.next(Instant.EPOCH, Instant.EPOCH,
                Duration.ZERO));
    }
}
