package org.cpebridge.securetime.server;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A token bucket per source address: {@code ratePerSecond} requests a second with bursts of {@code burst}. Remembers
 * at most {@code maxSources} addresses, forgetting the least recently seen first, so a spoofed flood cannot grow it.
 * Owned by the server thread; the time is an injected nanosecond ticker.
 */
public final class RateLimiter {

    private static final class Bucket {
        double tokens;
        long lastNanos;
    }

    private final double ratePerSecond;
    private final int burst;
    private final LongSupplier nanoTime;
    private final Map<InetAddress, Bucket> buckets;

    public RateLimiter(double ratePerSecond, int burst, int maxSources, LongSupplier nanoTime) {
        if (ratePerSecond <= 0 || burst < 1 || maxSources < 1) {
            throw new IllegalArgumentException("rate " + ratePerSecond + ", burst " + burst);
        }
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
        this.nanoTime = nanoTime;
        this.buckets = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<InetAddress, Bucket> eldest) {
                return size() > maxSources;
            }
        };
    }

    /** Takes a token for {@code source}; false when it has used its share. */
    public boolean allow(InetAddress source) {
        long now = nanoTime.getAsLong();
        Bucket bucket = buckets.get(source);
        if (bucket == null) {
            bucket = new Bucket();
            bucket.tokens = burst;
            bucket.lastNanos = now;
            buckets.put(source, bucket);
        }
        double refill = (now - bucket.lastNanos) / 1e9 * ratePerSecond;
        bucket.tokens = Math.min(burst, bucket.tokens + refill);
        bucket.lastNanos = now;
        if (bucket.tokens >= 1) {
            bucket.tokens -= 1;
            return true;
        }
        return false;
    }
}
