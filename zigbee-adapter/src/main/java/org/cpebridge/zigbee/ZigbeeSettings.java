package org.cpebridge.zigbee;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.cpebridge.core.config.Config;
import org.cpebridge.core.config.ConfigKey;
import org.cpebridge.mqtt.PasswordFile;
import org.cpebridge.mqtt.link.MqttProtocol;

/**
 * The adapter's configuration keys and the values read from a {@link Config}. The Zigbee2MQTT simulator's key
 * ({@code zigbee.simulator.devices}) is the zigbee-simulator module's, wired by bridge-service.
 */
public record ZigbeeSettings(String mqttUrl, MqttProtocol protocol, String clientId, String username, String password, String baseTopic,
                             Duration commandTimeout, Duration minReconnectDelay, Duration maxReconnectDelay,
                             Duration keepAlive) {

    public static final ConfigKey<String> MQTT_URL = ConfigKey.string("zigbee.mqtt.url", "tcp://127.0.0.1:1883",
            "MQTT broker that Zigbee2MQTT uses (tcp:// or ssl://)");
    public static final ConfigKey<MqttProtocol> PROTOCOL = ConfigKey.enumeration("zigbee.mqtt.protocol",
            MqttProtocol.class, MqttProtocol.AUTO,
            "MQTT version: auto (5, or 3.1.1 when the broker refuses 5), v5 or v3_1_1");
    public static final ConfigKey<String> CLIENT_ID = ConfigKey.string("zigbee.mqtt.clientId", "cpe-bridge-zigbee",
            "MQTT client id of the adapter");
    public static final ConfigKey<String> USERNAME = ConfigKey.string("zigbee.mqtt.username", "",
            "MQTT user name, empty for none");
    public static final ConfigKey<String> PASSWORD = ConfigKey.string("zigbee.mqtt.password", "",
            "MQTT password, empty for none (with the embedded broker: the Zigbee side's generated one)").secret();
    public static final ConfigKey<String> PASSWORD_FILE = ConfigKey.string("zigbee.mqtt.passwordFile", "",
            "file whose first line is the MQTT password (instead of zigbee.mqtt.password); empty for none");
    public static final ConfigKey<String> BASE_TOPIC = ConfigKey.string("zigbee.baseTopic", "zigbee2mqtt",
            "Zigbee2MQTT base topic (its mqtt.base_topic)");
    public static final ConfigKey<Duration> COMMAND_TIMEOUT = ConfigKey.duration("zigbee.commandTimeout",
            Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofMinutes(5),
            "how long a command waits for the device's next state before it fails with TIMEOUT");
    public static final ConfigKey<Duration> RECONNECT_MIN = ConfigKey.duration("zigbee.mqtt.reconnectMinDelay",
            Duration.ofSeconds(1), Duration.ofMillis(10), Duration.ofMinutes(5),
            "first wait before reconnecting to the broker; doubles on each failure");
    public static final ConfigKey<Duration> RECONNECT_MAX = ConfigKey.duration("zigbee.mqtt.reconnectMaxDelay",
            Duration.ofSeconds(30), Duration.ofMillis(10), Duration.ofHours(1),
            "longest wait between reconnection attempts");
    public static final ConfigKey<Duration> KEEP_ALIVE = ConfigKey.duration("zigbee.mqtt.keepAlive",
            Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofSeconds(65535),
            "MQTT keep-alive; a broker that vanishes without closing the connection is noticed after 1.5 times this");

    public static final List<ConfigKey<?>> KEYS = List.of(MQTT_URL, PROTOCOL, CLIENT_ID, USERNAME, PASSWORD, PASSWORD_FILE,
            BASE_TOPIC,
            COMMAND_TIMEOUT, RECONNECT_MIN, RECONNECT_MAX, KEEP_ALIVE);

    public ZigbeeSettings {
        if (baseTopic.isEmpty() || baseTopic.contains("#") || baseTopic.contains("+") || baseTopic.endsWith("/")) {
            throw new IllegalArgumentException("zigbee.baseTopic must be a plain topic: '" + baseTopic + "'");
        }
        if (maxReconnectDelay.compareTo(minReconnectDelay) < 0) {
            throw new IllegalArgumentException("zigbee.mqtt.reconnectMaxDelay is below reconnectMinDelay");
        }
    }

    public static ZigbeeSettings from(Config config) {
        String password = PasswordFile.resolve(Optional.of(config.get(PASSWORD)),
                Optional.of(config.get(PASSWORD_FILE)).filter(file -> !file.isEmpty()).map(Path::of), PASSWORD.name(),
                PASSWORD_FILE.name()).orElse("");
        return new ZigbeeSettings(config.get(MQTT_URL), config.get(PROTOCOL), config.get(CLIENT_ID), config.get(USERNAME),
                password, config.get(BASE_TOPIC), config.get(COMMAND_TIMEOUT), config.get(RECONNECT_MIN),
                config.get(RECONNECT_MAX), config.get(KEEP_ALIVE));
    }

    @Override
    public String toString() {
        return "ZigbeeSettings[" + mqttUrl + ", base=" + baseTopic + "]";
    }
}
