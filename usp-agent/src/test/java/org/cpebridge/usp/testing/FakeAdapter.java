package org.cpebridge.usp.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.cpebridge.core.model.AttributeRef;
import org.cpebridge.core.model.Capability;
import org.cpebridge.core.model.CapabilityType;
import org.cpebridge.core.model.Device;
import org.cpebridge.core.model.DeviceException;
import org.cpebridge.core.model.DeviceId;
import org.cpebridge.core.model.ErrorKind;
import org.cpebridge.core.model.Value;
import org.cpebridge.core.registry.DeviceRegistry;
import org.cpebridge.core.spi.Adapter;
import org.cpebridge.core.spi.DeviceCommand;

/**
 * A simulated adapter for the USP tests: a plug and a dimmable light on "zigbee", a temperature/humidity sensor and
 * a door contact on "dect". Commands change the registry state the way a real device's report would; a device
 * marked unreachable fails commands with {@link ErrorKind#UNREACHABLE}.
 */
public final class FakeAdapter implements Adapter {
    public static final DeviceId PLUG = DeviceId.of("zigbee", "0x00124b0001a2b3c4");
    public static final DeviceId LIGHT = DeviceId.of("zigbee", "0x00124b0001a2b3c5");
    public static final DeviceId SENSOR = DeviceId.of("dect", "ipui-0123456789");
    public static final DeviceId DOOR = DeviceId.of("dect", "ipui-0123456790");

    private final DeviceRegistry registry;
    /** Every command received, in order. */
    public final List<DeviceCommand> received = Collections.synchronizedList(new ArrayList<>());

    public FakeAdapter(DeviceRegistry registry) {
        this.registry = registry;
    }

    /** Registers the four devices with initial states. */
    public void registerDevices() {
        registry.register(Device.builder(PLUG).vendor("Acme").model("Plug Z1").serial("P-1").name("Kettle plug")
                .capabilities(Capability.of(CapabilityType.ON_OFF), Capability.of(CapabilityType.ELECTRICAL_POWER)
                        .withAttributes("power"))
                .build());
        registry.updateState(PLUG, "onOff", "on", Value.of(false));
        registry.updateState(PLUG, "electricalPower", "power", Value.of(0.0));
        registry.register(Device.builder(LIGHT).vendor("Acme").model("Bulb L2").name("Desk lamp")
                .capabilities(Capability.of(CapabilityType.ON_OFF), Capability.of(CapabilityType.LEVEL)).build());
        registry.updateState(LIGHT, "onOff", "on", Value.of(true));
        registry.updateState(LIGHT, "level", "level", Value.of(40));
        registry.register(Device.builder(SENSOR).vendor("Dectco").model("Climate C").name("Hall climate")
                .capabilities(Capability.of(CapabilityType.TEMPERATURE), Capability.of(CapabilityType.HUMIDITY))
                .build());
        registry.updateState(SENSOR, "temperature", "temperature", Value.of(21.5));
        registry.updateState(SENSOR, "humidity", "humidity", Value.of(48.0));
        registry.register(Device.builder(DOOR).vendor("Dectco").model("Door D").name("Front door")
                .capabilities(Capability.of(CapabilityType.CONTACT)).build());
        registry.updateState(DOOR, "contact", "open", Value.of(false));
    }

    @Override
    public void start() {
        // Nothing to start: the devices are registered by the test.
    }

    @Override
    public CompletionStage<Void> execute(DeviceCommand command) {
        received.add(command);
        Device device = registry.device(command.device()).orElse(null);
        if (device == null || !device.reachable()) {
            return CompletableFuture.failedFuture(new DeviceException(ErrorKind.UNREACHABLE, "device is asleep"));
        }
        if (command instanceof DeviceCommand.Invoke invoke) {
            if (invoke.capability().equals("onOff")) {
                boolean on = registry.state(new AttributeRef(invoke.device(), "onOff", "on"))
                        .map(s -> ((Value.Bool) s.value()).value()).orElse(false);
                boolean next = switch (invoke.command()) {
                    case "on" -> true;
                    case "off" -> false;
                    default -> !on;
                };
                registry.updateState(invoke.device(), "onOff", "on", Value.of(next));
                return CompletableFuture.completedFuture(null);
            }
            if (invoke.capability().equals("level")) {
                long level = registry.state(new AttributeRef(invoke.device(), "level", "level"))
                        .map(s -> ((Value.Int) s.value()).value()).orElse(0L);
                long step = invoke.arguments().containsKey("step")
                        ? ((Value.Int) invoke.arguments().get("step")).value() : 10;
                long next = invoke.command().equals("stepUp") ? Math.min(100, level + step) : Math.max(0, level - step);
                registry.updateState(invoke.device(), "level", "level", Value.of(next));
                return CompletableFuture.completedFuture(null);
            }
            return CompletableFuture.failedFuture(new DeviceException(ErrorKind.UNSUPPORTED, "not simulated"));
        }
        DeviceCommand.WriteAttribute write = (DeviceCommand.WriteAttribute) command;
        registry.updateState(write.device(), write.attribute().capability(), write.attribute().attribute(),
                write.value());
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void close() {
        // Nothing to release.
    }
}
