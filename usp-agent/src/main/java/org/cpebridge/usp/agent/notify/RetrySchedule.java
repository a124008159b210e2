package org.cpebridge.usp.agent.notify;

import java.time.Duration;

/**
 * The Notify retry back-off of TR-369 R-NOT.1/R-NOT.2 ("Responses to Notifications and Notification Retry"): retry
 * {@code n} waits a random time between {@code m·(k/1000)^(n-1)} and {@code m·(k/1000)^n} seconds, and from the tenth
 * retry on always the tenth range. {@code m} and {@code k} are the recipient Controller's
 * {@code USPNotifRetryMinimumWaitInterval} (1-65535, default 5) and {@code USPNotifRetryIntervalMultiplier}
 * (1000-65535, default 2000).
 */
public record RetrySchedule(int minimumWaitSeconds, int intervalMultiplier) {
    /** The factory defaults of R-NOT.1: 5 seconds and 2000. */
    public static final RetrySchedule DEFAULT = new RetrySchedule(5, 2000);
    private static final int LAST_RANGE = 10;

    public RetrySchedule {
        if (minimumWaitSeconds < 1 || minimumWaitSeconds > 65535) {
            throw new IllegalArgumentException("USPNotifRetryMinimumWaitInterval out of 1-65535: "
                    + minimumWaitSeconds);
        }
        if (intervalMultiplier < 1000 || intervalMultiplier > 65535) {
            throw new IllegalArgumentException("USPNotifRetryIntervalMultiplier out of 1000-65535: "
                    + intervalMultiplier);
        }
    }

    /** The schedule from a Controller row's values; missing or unusable values fall back to the defaults. */
    public static RetrySchedule of(String minimumWait, String multiplier) {
        int m = parse(minimumWait, DEFAULT.minimumWaitSeconds);
        int k = parse(multiplier, DEFAULT.intervalMultiplier);
        return new RetrySchedule(m < 1 || m > 65535 ? DEFAULT.minimumWaitSeconds : m,
                k < 1000 || k > 65535 ? DEFAULT.intervalMultiplier : k);
    }

    private static int parse(String value, int fallback) {
        try {
            return value == null ? fallback : Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** Shortest wait before retry {@code retry} (1-based). */
    public Duration minimumBefore(int retry) {
        return seconds(bound(Math.min(checked(retry), LAST_RANGE) - 1));
    }

    /** Longest wait before retry {@code retry} (1-based). */
    public Duration maximumBefore(int retry) {
        return seconds(bound(Math.min(checked(retry), LAST_RANGE)));
    }

    /** The wait before retry {@code retry} (1-based), {@code random} in [0, 1) picking a point in its range. */
    public Duration waitBefore(int retry, double random) {
        if (random < 0 || random >= 1) {
            throw new IllegalArgumentException("random must be in [0, 1): " + random);
        }
        int n = Math.min(checked(retry), LAST_RANGE);
        double low = bound(n - 1);
        return seconds(low + (bound(n) - low) * random);
    }

    private double bound(int exponent) {
        return minimumWaitSeconds * Math.pow(intervalMultiplier / 1000.0, exponent);
    }

    private static int checked(int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("retries count from 1: " + retry);
        }
        return retry;
    }

    private static Duration seconds(double seconds) {
        return Duration.ofMillis(Math.round(seconds * 1000));
    }
}
