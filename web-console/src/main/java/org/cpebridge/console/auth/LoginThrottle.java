package org.cpebridge.console.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Slows password guessing per client address: after each wrong password the address must wait before its next
 * attempt is even checked, one second after the first failure, doubling with each further one up to
 * {@link #MAX_DELAY}. A right password clears the address's count. Remembers at most {@link #MAX_ADDRESSES}
 * addresses (the longest unused is forgotten first), so a flood of addresses cannot fill the heap.
 *
 * <p>Thread-safe (synchronized); time from the injected clock.
 */
public final class LoginThrottle {

    public static final Duration FIRST_DELAY = Duration.ofSeconds(1);
    public static final Duration MAX_DELAY = Duration.ofMinutes(5);
    static final int MAX_ADDRESSES = 1024;

    private record Failures(int count, Instant nextAllowed) {
    }

    private final Clock clock;
    private final Map<String, Failures> byAddress = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
            return size() > MAX_ADDRESSES;
        }
    };

    public LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** How long {@code address} must still wait before an attempt is checked; empty when it may try now. */
    public synchronized Optional<Duration> waitBeforeAttempt(String address) {
        Failures failures = byAddress.get(address);
        if (failures == null) {
            return Optional.empty();
        }
        Duration left = Duration.between(clock.instant(), failures.nextAllowed());
        return left.isNegative() || left.isZero() ? Optional.empty() : Optional.of(left);
    }

    /** Records a wrong password; returns how long the address must now wait. */
    public synchronized Duration failed(String address) {
        Failures before = byAddress.get(address);
        int count = before == null ? 1 : before.count() + 1;
        Duration delay = delayAfter(count);
        byAddress.put(address, new Failures(count, clock.instant().plus(delay)));
        return delay;
    }

    public synchronized void succeeded(String address) {
        byAddress.remove(address);
    }

    static Duration delayAfter(int failures) {
        if (failures >= 20) {
            return MAX_DELAY;
        }
        Duration delay = FIRST_DELAY.multipliedBy(1L << (failures - 1));
        return delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
    }
}
