package org.cpebridge.dect.sim;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

import org.cpebridge.core.config.ConfigKey;

/** The DECT-ULE simulator's configuration keys, under the adapter's prefix so that they read as before. */
public final class SimulatorKeys {

    public static final ConfigKey<SimulatorConfig> SIMULATOR_DEVICES = ConfigKey.of("dect.simulator.devices",
            "TYPE:COUNT,... (plug, light, thermostat, contact, motion, smoke, climate, button, switch)",
            SimulatorConfig.oneOfEach(), "virtual devices the simulator creates", SimulatorConfig::parse);

    public static final ConfigKey<InetSocketAddress> SIMULATOR_CONTROL = ConfigKey.hostPort(
            "dect.simulator.control", null,
            "host:port of the simulator's HTTP control (GET /devices, POST /devices/{id}/press|set|unplug|replug);"
                    + " off when not set");

    public static final ConfigKey<Duration> SIMULATOR_KEEP_ALIVE = ConfigKey.duration(
            "dect.simulator.keepAliveInterval", Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofHours(1),
            "how often virtual devices send a keep-alive (battery devices wake up for it)");

    public static final ConfigKey<Duration> SIMULATOR_POWER_REPORT = ConfigKey.duration(
            "dect.simulator.powerReportInterval", Duration.ofSeconds(10), Duration.ofMillis(100),
            Duration.ofHours(1), "how often virtual plugs send a power report");

    public static final ConfigKey<Boolean> SIMULATOR_BROADCAST_RESPONSES = ConfigKey.bool(
            "dect.simulator.broadcastResponses", false,
            "virtual devices answer from and to the broadcast address, as the hanfun example node does");

    private SimulatorKeys() {
    }

    public static List<ConfigKey<?>> keys() {
        return List.of(SIMULATOR_DEVICES, SIMULATOR_CONTROL, SIMULATOR_KEEP_ALIVE, SIMULATOR_POWER_REPORT,
                SIMULATOR_BROADCAST_RESPONSES);
    }
}
