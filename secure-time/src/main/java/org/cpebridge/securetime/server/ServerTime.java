package org.cpebridge.securetime.server;

import java.time.Duration;
import java.util.Optional;
import org.cpebridge.core.time.TimeReading;
import org.cpebridge.core.time.TimeSource;
import org.cpebridge.securetime.wire.SignedResponse;

/**
 * What the server vouches for in one batch: MIDP and RADI, in seconds.
 *
 * @param midpointSeconds Unix seconds
 * @param radiusSeconds   at least 1; {@link SignedResponse#UNSYNCHRONISED_RADIUS} only from a misbehaving source
 */
public record ServerTime(long midpointSeconds, long radiusSeconds) {

    public ServerTime {
        if (radiusSeconds < 1 || radiusSeconds > SignedResponse.UNSYNCHRONISED_RADIUS) {
            throw new IllegalArgumentException("RADI " + radiusSeconds);
        }
    }

    /**
     * The time a source vouches for, or nothing when it is not secured: the server answers only with a secured
     * clock. RADI is the reading's uncertainty rounded up, plus one second because MIDP is truncated to seconds.
     */
    public static Optional<ServerTime> from(TimeSource source) {
        TimeReading reading = source.read();
        if (reading.trust() != TimeReading.Trust.SECURED) {
            return Optional.empty();
        }
        Duration uncertainty = reading.uncertainty();
        long radius = 1 + (uncertainty.toMillis() + 999) / 1000;
        return Optional.of(new ServerTime(reading.utc().getEpochSecond(),
                Math.min(radius, SignedResponse.UNSYNCHRONISED_RADIUS - 1)));
    }
}
