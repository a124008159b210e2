package org.cpebridge.usp.agent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;

/**
 * A warning a peer can provoke at will, logged at most once per interval with the number of times it was held back
 * since, so that a flood of bad requests cannot flood the log.
 *
 * <p>Owning thread: the agent's executor.
 */
final class RateLimitedWarning {
    private final Logger log;
    private final Clock clock;
    private final Duration interval;
    private Instant next = Instant.MIN;
    private long heldBack;

    RateLimitedWarning(Logger log, Clock clock, Duration interval) {
        this.log = Objects.requireNonNull(log, "log");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.interval = Objects.requireNonNull(interval, "interval");
    }

    /** Logs {@code format} (SLF4J placeholders) now, or counts it when one was logged less than an interval ago. */
    void warn(String format, Object... arguments) {
        Instant now = clock.instant();
        if (now.isBefore(next)) {
            heldBack++;
            return;
        }
        next = now.plus(interval);
        if (heldBack > 0) {
            log.warn("{} more like the next one in the last {} s", heldBack, interval.toSeconds());
            heldBack = 0;
        }
        log.warn(format, arguments);
    }
}
