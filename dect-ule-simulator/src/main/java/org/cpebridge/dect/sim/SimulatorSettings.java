package org.cpebridge.dect.sim;

import java.time.Duration;

/**
 * Timing and behaviour of the virtual devices.
 *
 * @param keepAliveInterval  how often every device sends a Keep Alive (battery devices wake up for it)
 * @param powerReportInterval how often a plug sends a Simple Power Meter report
 * @param awakeWindow        how long a battery device listens after it sent something
 * @param motionHold         how long a motion detector stays triggered
 * @param registerRetry      how long a device waits for a registration response before it asks again
 * @param broadcastResponses answer with broadcast source and destination, as the hanfun example node does
 */
public record SimulatorSettings(Duration keepAliveInterval, Duration powerReportInterval, Duration awakeWindow,
        Duration motionHold, Duration registerRetry, boolean broadcastResponses) {

    public SimulatorSettings {
        for (Duration duration : new Duration[] {keepAliveInterval, powerReportInterval, awakeWindow, motionHold,
                registerRetry}) {
            if (duration == null || duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("simulator durations must be positive");
            }
        }
    }

    public static SimulatorSettings defaults() {
        return new SimulatorSettings(Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(2),
                Duration.ofSeconds(30), Duration.ofSeconds(5), false);
    }

    public SimulatorSettings withKeepAliveInterval(Duration interval) {
        return new SimulatorSettings(interval, powerReportInterval, awakeWindow, motionHold, registerRetry,
                broadcastResponses);
    }

    public SimulatorSettings withPowerReportInterval(Duration interval) {
        return new SimulatorSettings(keepAliveInterval, interval, awakeWindow, motionHold, registerRetry,
                broadcastResponses);
    }

    public SimulatorSettings withBroadcastResponses(boolean broadcast) {
        return new SimulatorSettings(keepAliveInterval, powerReportInterval, awakeWindow, motionHold, registerRetry,
                broadcast);
    }
}
