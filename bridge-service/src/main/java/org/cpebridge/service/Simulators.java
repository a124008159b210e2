package org.cpebridge.service;

import java.util.List;
import java.util.Optional;
import org.cpebridge.core.config.ConfigKey;
import org.cpebridge.core.spi.AdapterContext;
import org.cpebridge.zigbee.ZigbeeAdapterFactory;
import org.cpebridge.zigbee.ZigbeeSettings;
import org.cpebridge.zigbee.sim.Z2mSimulator;

/**
 * The simulators of the default run that bridge-service wires itself, so that the adapter modules hold only what a
 * router needs: the Zigbee2MQTT stand-in (zigbee-simulator) starts beside the Zigbee adapter, on the broker and with
 * the account the adapter's settings give. The DECT-ULE simulator needs no wiring here: it sits behind the DECT
 * adapter's base link, which finds it with ServiceLoader once dect-ule-simulator is on the class path. Called on the
 * main thread by {@link Bridge}.
 */
final class Simulators {

    private Simulators() {
    }

    /** The keys of the simulators wired here. */
    static List<ConfigKey<?>> keys() {
        return List.of(Z2mSimulator.DEVICES);
    }

    /**
     * Starts the simulator that stands in for adapter {@code adapterId}'s network when its keys ask for one; the
     * caller closes it after the adapter.
     *
     * @throws org.cpebridge.core.config.ConfigException naming the key when the simulator's keys are wrong
     */
    static Optional<AutoCloseable> startBeside(String adapterId, AdapterContext context) {
        if (!adapterId.equals(ZigbeeAdapterFactory.ID)) {
            return Optional.empty();
        }
        ZigbeeSettings zigbee = ZigbeeSettings.from(context.config());
        Optional<Z2mSimulator> simulator = Z2mSimulator.fromConfig(context.config(), new Z2mSimulator.Broker(
                zigbee.mqttUrl(), zigbee.baseTopic(), zigbee.protocol(), zigbee.username(), zigbee.password(),
                (int) zigbee.keepAlive().toSeconds()), context.scheduler(), context.ports()::find);
        simulator.ifPresent(Z2mSimulator::start);
        return simulator.map(started -> started);
    }
}
