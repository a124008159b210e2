package org.cpebridge.core.time;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;

/**
 * The service's UTC clock, whose source can be replaced while it runs: it starts as the system clock (unverified)
 * and the secure-time module plugs in its source once it starts. Components hold this clock as a plain
 * {@link Clock}; {@link TimeSource#of(Clock)} recovers the trust of a reading. Thread-safe: the source is a
 * volatile reference, so any thread may read while the owner of the source plugs it.
 */
public final class PluggableClock extends Clock implements TimeSource {

    private volatile TimeSource source;

    public PluggableClock(Clock initial) {
        this.source = TimeSource.unverified(Objects.requireNonNull(initial, "initial"));
    }

    /** Replaces the source; later reads come from it. */
    public void plug(TimeSource replacement) {
        this.source = Objects.requireNonNull(replacement, "replacement");
    }

    @Override
    public TimeReading read() {
        return source.read();
    }

    @Override
    public List<TimeServerStatus> servers() {
        return source.servers();
    }

    @Override
    public Instant instant() {
        return source.read().utc();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        // Always UTC: zone conversion is the caller's business, and a copy would stop following plug().
        return this;
    }
}
