package org.cpebridge.mqtt.link;

import java.time.Duration;

/**
 * Runs a task later: the only notion of time an {@link MqttLink} has, so that its owner injects its scheduler (the
 * bridge's core scheduler) and tests drive time by hand. Tasks must be short.
 */
@FunctionalInterface
public interface LinkTimer {

    /** Runs {@code task} once after {@code delay}. */
    Cancellable schedule(Duration delay, Runnable task);

    /** A scheduled task; cancelling twice, or after it ran, does nothing. */
    @FunctionalInterface
    interface Cancellable {
        void cancel();
    }
}
