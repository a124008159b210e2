package org.cpebridge.service;

import java.time.Duration;
import java.util.List;
import org.cpebridge.core.config.ConfigKey;

/** Configuration keys of the service itself. */
final class CoreKeys {

    static final ConfigKey<Duration> COMMAND_TIMEOUT = ConfigKey.duration("bridge.commandTimeout",
            Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofMinutes(10),
            "How long a face waits for an adapter to confirm a command before answering TIMEOUT.");
    static final ConfigKey<Duration> STOP_TIMEOUT = ConfigKey.duration("bridge.stopTimeout",
            Duration.ofSeconds(3), Duration.ofMillis(500), Duration.ofMinutes(1),
            "How long a stop may take in all: faces stop together, then adapters together; whatever is still "
                    + "stopping at the deadline is left behind so the process can exit or restart.");
    static final ConfigKey<Integer> WORKER_THREADS = ConfigKey.integer("bridge.workerThreads", 4, 1, 64,
            "Threads shared by the serial executors of adapters, sessions and event subscribers.");
    static final ConfigKey<Integer> IO_THREADS = ConfigKey.integer("bridge.ioThreads", 2, 1, 16,
            "Threads of the one netty I/O loop every network transport shares (embedded broker, USP WebSocket, "
                    + "web console, Matter UDP, DECT link); each transport stays on one of them.");
    static final ConfigKey<String> MANUFACTURER = ConfigKey.string("bridge.manufacturer", "cpe-bridge project",
            "Manufacturer shown in USP DeviceInfo and Matter Basic Information.");
    static final ConfigKey<String> MODEL = ConfigKey.string("bridge.model", "cpe-bridge",
            "Model name shown in USP DeviceInfo and Matter Basic Information.");
    static final ConfigKey<String> SERIAL = ConfigKey.string("bridge.serialNumber", null,
            "Serial number; by default one is generated at first start and kept in the data directory.");

    static final ConfigKey<Duration> DEVICE_WRITE_DELAY = ConfigKey.duration("bridge.deviceWriteDelay",
            Duration.ofSeconds(1), Duration.ZERO, Duration.ofMinutes(1),
            "How long device-list changes from adapters are gathered into one write (spares flash; 0 writes each "
                    + "change through). Renames from a face are always written before they are acknowledged.");

    static final ConfigKey<Boolean> MQTT_EMBEDDED = ConfigKey.bool("mqtt.embedded.enabled", true,
            "Run the embedded MQTT 3.1.1/5 broker (for the USP agent and Zigbee2MQTT when no other broker is used).");
    static final ConfigKey<java.net.InetSocketAddress> MQTT_EMBEDDED_LISTEN = ConfigKey.hostPort(
            "mqtt.embedded.listen", "127.0.0.1:1883",
            "Where the embedded broker listens; keep it on loopback unless the LAN must reach it.");

    static List<ConfigKey<?>> all() {
        return List.of(COMMAND_TIMEOUT, STOP_TIMEOUT, WORKER_THREADS, IO_THREADS, DEVICE_WRITE_DELAY, MANUFACTURER, MODEL, SERIAL,
                MQTT_EMBEDDED,
                MQTT_EMBEDDED_LISTEN);
    }

    private CoreKeys() {
    }
}
