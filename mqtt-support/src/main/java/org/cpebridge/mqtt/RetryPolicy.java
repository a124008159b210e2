package org.cpebridge.mqtt;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * A reconnect back-off: retry n waits a random time in [m·(k/1000)^(n-1), m·(k/1000)^n], n capped at 10, and never
 * more than {@code maxInterval}. This is the shape TR-369 gives its MTPs (the R-WS.19 table; the MQTT binding's
 * {@code ConnectRetryTime}, {@code ConnectRetryIntervalMultiplier}, {@code ConnectRetryMaxInterval}, R-MQTT.10); a
 * caller that wants plain doubling without jitter passes k = 2000 and a random source of 0. Pure: randomness comes
 * from the caller.
 *
 * @param minimumWait        m, the first retry's lower bound
 * @param multiplierPermille k, the interval multiplier in thousandths (2000 = doubling)
 * @param maxInterval        upper bound of any wait; {@link Duration#ZERO} for none
 */
public record RetryPolicy(Duration minimumWait, int multiplierPermille, Duration maxInterval) {
    /** TR-369 R-WS.19 defaults: m = 5 s, k = 2000, no cap. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(Duration.ofSeconds(5), 2000, Duration.ZERO);

    private static final int LAST_GROWING_RETRY = 10;

    public RetryPolicy {
        if (minimumWait.isNegative() || minimumWait.isZero()) {
            throw new IllegalArgumentException("minimum wait must be positive: " + minimumWait);
        }
        if (multiplierPermille < 1000 || multiplierPermille > 65535) {
            throw new IllegalArgumentException("multiplier must be 1000..65535: " + multiplierPermille);
        }
        if (maxInterval.isNegative()) {
            throw new IllegalArgumentException("negative max interval: " + maxInterval);
        }
    }

    /** The wait range of retry {@code retryCount} (1 for the first retry), in milliseconds. */
    public long[] rangeMillis(int retryCount) {
        if (retryCount < 1) {
            throw new IllegalArgumentException("retries count from 1: " + retryCount);
        }
        int n = Math.min(retryCount, LAST_GROWING_RETRY);
        double factor = multiplierPermille / 1000.0;
        double low = minimumWait.toMillis() * Math.pow(factor, n - 1);
        double high = minimumWait.toMillis() * Math.pow(factor, n);
        long cap = maxInterval.isZero() ? Long.MAX_VALUE : maxInterval.toMillis();
        return new long[] {(long) Math.min(low, cap), (long) Math.min(high, cap)};
    }

    /** The wait before retry {@code retryCount}; {@code random} yields values in [0, 1). */
    public Duration delay(int retryCount, DoubleSupplier random) {
        long[] range = rangeMillis(retryCount);
        double r = random.getAsDouble();
        if (r < 0 || r >= 1) {
            throw new IllegalArgumentException("random value outside [0, 1): " + r);
        }
        return Duration.ofMillis(range[0] + (long) ((range[1] - range[0]) * r));
    }
}
