package org.cpebridge.zigbee;

import java.util.List;
import org.cpebridge.core.config.ConfigException;
import org.cpebridge.core.config.ConfigKey;
import org.cpebridge.core.spi.Adapter;
import org.cpebridge.core.spi.AdapterContext;
import org.cpebridge.core.spi.AdapterFactory;
import org.cpebridge.mqtt.link.MqttLinks;

/**
 * Makes the Zigbee adapter ({@code zigbee}). The Zigbee2MQTT simulator of the default run is not started here: it is
 * its own module (zigbee-simulator), which bridge-service starts beside this adapter.
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
        if (!settings.mqttUrl().matches("(tcp|ssl)://.+")) {
            throw new ConfigException("zigbee.mqtt.url must be tcp:// or ssl://host:port: '"
                    + settings.mqttUrl() + "'");
        }
        // The link's client runs on the service's shared I/O loop, found through the ports as every transport does.
        return new ZigbeeAdapter(context, settings, (link, scheduler, listener) -> MqttLinks.create(settings.protocol(),
                link, (delay, task) -> scheduler.schedule(delay, task)::cancel, listener, context.ports()::find),
                () -> { });
    }
}
