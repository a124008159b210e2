package org.cpebridge.matter.mrp;

import java.time.Duration;
import java.util.Objects;

/**
 * A node's MRP session parameters (Core spec 4.12.8 and 2.12.4 "Session Parameters"): the retransmission base
 * interval when the node is idle or active, and how long it stays active after traffic. Advertised in DNS-SD (SII,
 * SAI, SAT) and in the session establishment messages; each is at most one hour.
 *
 * @param idleInterval SESSION_IDLE_INTERVAL
 * @param activeInterval SESSION_ACTIVE_INTERVAL
 * @param activeThreshold SESSION_ACTIVE_THRESHOLD
 */
public record MrpParameters(Duration idleInterval, Duration activeInterval, Duration activeThreshold) {

    /** Upper bound of each parameter; declared before DEFAULT, which the constructor checks against it. */
    private static final Duration MAX = Duration.ofHours(1);

    /** Spec defaults: idle 500 ms, active 300 ms, active threshold 4 s. */
    public static final MrpParameters DEFAULT = new MrpParameters(Duration.ofMillis(500), Duration.ofMillis(300),
            Duration.ofSeconds(4));

    public MrpParameters {
        check("idle interval", idleInterval);
        check("active interval", activeInterval);
        check("active threshold", activeThreshold);
    }

    private static void check(String what, Duration value) {
        Objects.requireNonNull(value, what);
        if (value.isNegative() || value.compareTo(MAX) > 0) {
            throw new IllegalArgumentException(what + " must be within 0..1h: " + value);
        }
    }
}
