package org.cpebridge.core.time;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What the bridge believes UTC is now, and why: a certificate check or a USP {@code Device.Time.Status} needs the
 * second part as much as the first.
 *
 * @param utc         the time
 * @param trust       how the time was obtained
 * @param uncertainty how far the true time may be from {@code utc} (zero when unknown, as for the system clock)
 */
public record TimeReading(Instant utc, Trust trust, Duration uncertainty) {

    /** How a reading was obtained, from most to least trustworthy. */
    public enum Trust {
        /** Authenticated by a quorum of independent time servers with pinned keys (Roughtime). */
        SECURED,
        /**
         * Not authenticated since this start: the later of the system clock and the last secured time the bridge
         * persisted, so it never moves backwards across restarts (Matter's "Last Known Good UTC Time").
         */
        LAST_KNOWN_GOOD,
        /** The system clock as it is; nothing vouches for it. */
        UNVERIFIED
    }

    public TimeReading {
        Objects.requireNonNull(utc, "utc");
        Objects.requireNonNull(trust, "trust");
        Objects.requireNonNull(uncertainty, "uncertainty");
        if (uncertainty.isNegative()) {
            throw new IllegalArgumentException("negative uncertainty " + uncertainty);
        }
    }
}
