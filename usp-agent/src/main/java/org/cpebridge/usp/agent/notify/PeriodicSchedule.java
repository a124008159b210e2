package org.cpebridge.usp.agent.notify;

import java.time.Duration;
import java.time.Instant;

/**
 * When the next {@code Device.LocalAgent.Periodic!} is due (TR-181 {@code Controller.{i}.PeriodicNotifTime}): at the
 * reference time plus or minus a whole number of {@code PeriodicNotifInterval}s, the first such time after now, however
 * far the reference lies in the past or the future. The TR-106 Unknown Time ({@code 0001-01-01T00:00:00Z}) lets the
 * agent choose the reference.
 */
public final class PeriodicSchedule {
    /** TR-106 section 3.2 Unknown Time. */
    public static final Instant UNKNOWN_TIME = Instant.parse("0001-01-01T00:00:00Z");

    private PeriodicSchedule() {
    }

    /** The first {@code reference + n·interval} (n any integer) strictly after {@code now}. */
    public static Instant next(Instant now, Instant reference, Duration interval) {
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("PeriodicNotifInterval must be positive: " + interval);
        }
        long periodMillis = interval.toMillis();
        long sinceReference = Duration.between(reference, now).toMillis();
        long periods = Math.floorDiv(sinceReference, periodMillis) + 1;
        return reference.plusMillis(periods * periodMillis);
    }
}
