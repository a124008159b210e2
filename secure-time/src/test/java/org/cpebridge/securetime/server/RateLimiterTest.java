package org.cpebridge.securetime.server;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    @Test
    void eachSourceGetsItsBurstThenItsRate() throws Exception {
        AtomicLong nanos = new AtomicLong();
        RateLimiter limiter = new RateLimiter(2, 3, 100, nanos::get);
        InetAddress a = InetAddress.getByName("192.0.2.1");
        InetAddress b = InetAddress.getByName("192.0.2.2");
        for (int i = 0; i < 3; i++) {
            assertTrue(limiter.allow(a));
        }
        assertFalse(limiter.allow(a));
        assertTrue(limiter.allow(b), "another source has its own bucket");
        nanos.addAndGet(500_000_000L);
        assertTrue(limiter.allow(a), "2 per second: one token after half a second");
        assertFalse(limiter.allow(a));
    }

    @Test
    void forgetsTheLeastRecentlySeenBeyondItsCapacity() throws Exception {
        AtomicLong nanos = new AtomicLong();
        RateLimiter limiter = new RateLimiter(1, 1, 2, nanos::get);
        InetAddress a = InetAddress.getByName("192.0.2.1");
        assertTrue(limiter.allow(a));
        assertFalse(limiter.allow(a));
        limiter.allow(InetAddress.getByName("192.0.2.2"));
        limiter.allow(InetAddress.getByName("192.0.2.3"));
        assertTrue(limiter.allow(a), "a was forgotten: the table stays bounded");
    }
}
