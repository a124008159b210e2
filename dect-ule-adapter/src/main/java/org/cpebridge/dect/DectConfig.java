package org.cpebridge.dect;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

import org.cpebridge.core.config.ConfigKey;

/**
 * The DECT-ULE adapter's configuration keys. The simulator's ({@code dect.simulator.*}) are the simulator module's
 * and join these when it is on the class path ({@link org.cpebridge.dect.ule.SimulatedBase.Provider}).
 */
public final class DectConfig {

    /** Where the base module is: the built-in simulator, or HAN-FUN nodes over the example-app TCP framing. */
    public enum Mode { SIMULATOR, TCP }

    public static final ConfigKey<Mode> MODE = ConfigKey.enumeration("dect.mode", Mode.class, Mode.SIMULATOR,
            "simulator: virtual devices in the bridge (module dect-ule-simulator); tcp: listen for HAN-FUN nodes"
                    + " on dect.link.listen");

    public static final ConfigKey<InetSocketAddress> LINK_LISTEN = ConfigKey.hostPort("dect.link.listen",
            "127.0.0.1:8000", "TCP address the base listens on for HAN-FUN nodes (example-app framing)");

    public static final ConfigKey<Duration> LINK_FRAME_GAP = ConfigKey.duration("dect.link.frameGap",
            Duration.ofMillis(50), Duration.ZERO, Duration.ofSeconds(1),
            "least time between two frames to one node on the TCP link (the hanfun example transport reads one frame"
                    + " per socket read and drops the rest)");

    public static final ConfigKey<Duration> COMMAND_TIMEOUT = ConfigKey.duration("dect.commandTimeout",
            Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofSeconds(25),
            "how long an awake device has to answer a command before it fails with TIMEOUT");

    public static final ConfigKey<Duration> ASLEEP_QUEUE_TIMEOUT = ConfigKey.duration("dect.asleepQueueTimeout",
            Duration.ofSeconds(25), Duration.ofSeconds(1), Duration.ofSeconds(29),
            "how long a command for a sleeping device waits for its next wake-up (below the core's 30 s)");

    public static final ConfigKey<Duration> AWAKE_WINDOW = ConfigKey.duration("dect.awakeWindow",
            Duration.ofMillis(1500), Duration.ofMillis(100), Duration.ofSeconds(30),
            "how long a battery device is assumed to listen after it sent something");

    public static final ConfigKey<Duration> KEEP_ALIVE_INTERVAL = ConfigKey.duration("dect.keepAliveInterval",
            Duration.ofSeconds(30), Duration.ofMillis(100), Duration.ofDays(1),
            "the keep-alive period devices are expected to keep");

    public static final ConfigKey<Integer> KEEP_ALIVE_MISSES = ConfigKey.integer("dect.keepAliveMisses", 3, 1, 100,
            "missed keep-alive periods after which a device is unreachable");

    private DectConfig() {
    }

    public static List<ConfigKey<?>> keys() {
        return List.of(MODE, LINK_LISTEN, LINK_FRAME_GAP, COMMAND_TIMEOUT, ASLEEP_QUEUE_TIMEOUT, AWAKE_WINDOW,
                KEEP_ALIVE_INTERVAL, KEEP_ALIVE_MISSES);
    }
}
