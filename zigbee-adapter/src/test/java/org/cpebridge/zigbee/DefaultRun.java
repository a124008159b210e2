package org.cpebridge.zigbee;

import org.cpebridge.core.spi.AdapterContext;
import org.cpebridge.zigbee.sim.Z2mSimulator;

/** What bridge-service's default run hands the Zigbee2MQTT simulator: the broker and account of the adapter. */
final class DefaultRun {
    private DefaultRun() {
    }

    static Z2mSimulator.Broker broker(AdapterContext context) {
        ZigbeeSettings settings = ZigbeeSettings.from(context.config());
        return new Z2mSimulator.Broker(settings.mqttUrl(), settings.baseTopic(), settings.protocol(),
                settings.username(), settings.password(), (int) settings.keepAlive().toSeconds());
    }
}
