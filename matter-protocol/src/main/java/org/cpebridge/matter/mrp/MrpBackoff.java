package org.cpebridge.matter.mrp;

import java.time.Duration;

/**
 * MRP constants and the retransmission backoff of Core spec 4.12.2.1:
 * {@code t = i × MARGIN × BASE^max(0, n − THRESHOLD) × (1 + r × JITTER)}
 * with i the peer's active or idle interval, n the retransmissions already sent and r uniform in [0, 1). The result is
 * truncated to whole milliseconds.
 */
public final class MrpBackoff {

    /** Initial transmission plus retransmissions before giving up. */
    public static final int MAX_TRANSMISSIONS = 5;
    /** Exponential base. */
    public static final double BACKOFF_BASE = 1.6;
    /** Maximum random stretch. */
    public static final double BACKOFF_JITTER = 0.25;
    /** Fixed stretch over the peer's interval. */
    public static final double BACKOFF_MARGIN = 1.1;
    /** Retransmissions sent before the exponent starts growing. */
    public static final int BACKOFF_THRESHOLD = 1;
    /** How long a pending acknowledgement waits for a message to ride on before it goes out alone. */
    public static final Duration STANDALONE_ACK_TIMEOUT = Duration.ofMillis(200);

    private MrpBackoff() {
    }

    /**
     * The wait after a transmission before the next retransmission.
     *
     * @param baseInterval the peer's active or idle interval
     * @param retransmissionsSoFar retransmissions already sent (0 after the first transmission)
     * @param random uniform in [0, 1)
     */
    public static Duration delay(Duration baseInterval, int retransmissionsSoFar, double random) {
        if (retransmissionsSoFar < 0) {
            throw new IllegalArgumentException("retransmissions must not be negative: " + retransmissionsSoFar);
        }
        if (random < 0 || random >= 1) {
            throw new IllegalArgumentException("random must be in [0, 1): " + random);
        }
        double millis = baseInterval.toMillis() * BACKOFF_MARGIN
                * Math.pow(BACKOFF_BASE, Math.max(0, retransmissionsSoFar - BACKOFF_THRESHOLD))
                * (1.0 + random * BACKOFF_JITTER);
        return Duration.ofMillis((long) Math.floor(millis));
    }
}
