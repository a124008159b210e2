package org.cpebridge.core.time;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Where the bridge's wall-clock time comes from: the one clock-source SPI of the core. A module that can vouch for
 * the time (secure-time) plugs a source into the service's {@link PluggableClock}; every component keeps using the
 * plain {@link Clock} it was given, and a component that must know how far to trust that clock (certificate
 * validity, USP {@code Device.Time.Status}) asks {@link #of(Clock)}. Implementations are thread-safe.
 */
public interface TimeSource {

    /** The current time and how it was obtained; never blocks. */
    TimeReading read();

    /**
     * The servers this source asks and what each did at the last synchronisation; empty for a source that asks none
     * (the system clock, or secure time with its client turned off).
     */
    default List<TimeServerStatus> servers() {
        return List.of();
    }

    /** The source behind a clock: the plugged source of a {@link PluggableClock}, else the clock as unverified. */
    static TimeSource of(Clock clock) {
        if (clock instanceof TimeSource source) {
            return source;
        }
        return unverified(clock);
    }

    /** A clock nothing vouches for. */
    static TimeSource unverified(Clock clock) {
        return () -> new TimeReading(clock.instant(), TimeReading.Trust.UNVERIFIED, Duration.ZERO);
    }
}
