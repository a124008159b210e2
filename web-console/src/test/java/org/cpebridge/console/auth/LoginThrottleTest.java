package org.cpebridge.console.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.cpebridge.core.testing.ManualClock;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private final ManualClock clock = new ManualClock();
    private final LoginThrottle throttle = new LoginThrottle(clock);

    @Test
    void eachFailureDoublesTheWaitUpToFiveMinutes() {
        assertEquals(Optional.empty(), throttle.waitBeforeAttempt("192.0.2.1"));
        assertEquals(Duration.ofSeconds(1), throttle.failed("192.0.2.1"));
        assertEquals(Optional.of(Duration.ofSeconds(1)), throttle.waitBeforeAttempt("192.0.2.1"));
        assertEquals(Duration.ofSeconds(2), throttle.failed("192.0.2.1"));
        assertEquals(Duration.ofSeconds(4), throttle.failed("192.0.2.1"));
        for (int i = 0; i < 30; i++) {
            throttle.failed("192.0.2.1");
        }
        assertEquals(LoginThrottle.MAX_DELAY, throttle.failed("192.0.2.1"));
        clock.advance(LoginThrottle.MAX_DELAY.minusSeconds(1));
        assertTrue(throttle.waitBeforeAttempt("192.0.2.1").isPresent());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(Optional.empty(), throttle.waitBeforeAttempt("192.0.2.1"));
    }

    @Test
    void addressesAreThrottledApartAndASuccessClearsTheCount() {
        throttle.failed("192.0.2.1");
        assertEquals(Optional.empty(), throttle.waitBeforeAttempt("192.0.2.2"));
        clock.advance(Duration.ofSeconds(1));
        throttle.succeeded("192.0.2.1");
        assertEquals(Duration.ofSeconds(1), throttle.failed("192.0.2.1"), "counting starts again");
    }

    @Test
    void aFloodOfAddressesKeepsOnlyTheMostRecent() {
        for (int i = 0; i < LoginThrottle.MAX_ADDRESSES + 10; i++) {
            throttle.failed("10.0." + (i / 256) + "." + (i % 256));
        }
        assertEquals(Optional.empty(), throttle.waitBeforeAttempt("10.0.0.0"), "the oldest was forgotten");
        assertTrue(throttle.waitBeforeAttempt("10.0.4.9").isPresent());
    }
}
