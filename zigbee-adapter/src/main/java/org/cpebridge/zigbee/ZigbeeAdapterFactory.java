package org.cpebridge.zigbee;

import java.util.List;
import java.util.Map;
import org.cpebridge.core.config.ConfigException;
import org.cpebridge.core.config.ConfigKey;
import org.cpebridge.core.spi.Adapter;
import org.cpebridge.core.spi.AdapterContext;
import org.cpebridge.core.spi.AdapterFactory;
import org.cpebridge.zigbee.mqtt.MqttLinks;
import org.cpebridge.zigbee.sim.SimModels;
import org.cpebridge.zigbee.sim.Z2mSimulator;

/**
 * Makes the Zigbee adapter ({@code zigbee}). When {@code zigbee.simulator.devices} lists models, it also starts the
 * Zigbee2MQTT simulator on the same broker, so the bridge shows Zigbee devices without a radio.
 */
public final class ZigbeeAdapterFactory implements AdapterFactory {

    public static final String ID = "zigbee";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public boolean enabledByDefault() {
        return true;
    }

    @Override
    public List<ConfigKey<?>> configKeys() {
        return ZigbeeSettings.KEYS;
    }

    @Override
    public Adapter create(AdapterContext context) {
        ZigbeeSettings settings;
        try {
            settings = ZigbeeSettings.from(context.config());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        if (!settings.mqttUrl().matches("(tcp|ssl|ws|wss)://.+")) {
            throw new ConfigException("zigbee.mqtt.url must be tcp://, ssl://, ws:// or wss://host:port: '"
                    + settings.mqttUrl() + "'");
        }
        Runnable onClose = () -> { };
        if (!settings.simulatorDevices().isEmpty()) {
            Map<String, Integer> counts;
            try {
                counts = SimModels.parseCounts(settings.simulatorDevices());
            } catch (IllegalArgumentException e) {
                throw new ConfigException("zigbee.simulator.devices: " + e.getMessage());
            }
            // The simulator stands in for Zigbee2MQTT and logs in with the Zigbee side's account: on the embedded
            // broker that account is limited to the base topic.
            Z2mSimulator simulator = new Z2mSimulator(settings.mqttUrl(), settings.baseTopic(), counts,
                    context.scheduler(),
                    (link, scheduler, listener) -> MqttLinks.create(settings.protocol(),
                            link.withCredentials(settings.username(), settings.password()), scheduler, listener),
                    (int) settings.keepAlive().toSeconds());
            simulator.start();
            onClose = simulator::close;
        }
        return new ZigbeeAdapter(context, settings,
                (link, scheduler, listener) -> MqttLinks.create(settings.protocol(), link, scheduler, listener), onClose);
    }
}
