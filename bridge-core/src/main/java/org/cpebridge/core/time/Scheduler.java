package org.cpebridge.core.time;

import java.time.Duration;

/**
 * Runs tasks later. Injected everywhere a timer is needed (retransmissions, fail-safes, keep-alive checks) so
 * tests can drive time by hand. Tasks must be short; long work belongs on the owner's own executor.
 */
public interface Scheduler {

    /** Runs the task once after the delay. */
    Cancellable schedule(Duration delay, Runnable task);

    /** Runs the task repeatedly, first after {@code initialDelay}, then every {@code period}. */
    Cancellable scheduleAtFixedRate(Duration initialDelay, Duration period, Runnable task);

    /** A scheduled task that can be cancelled; cancelling twice, or after it ran, does nothing. */
    interface Cancellable {
        void cancel();
    }
}
