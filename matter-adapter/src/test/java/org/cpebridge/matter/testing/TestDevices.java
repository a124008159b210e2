package org.cpebridge.matter.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.cpebridge.core.model.AttributeRef;
import org.cpebridge.core.model.Capability;
import org.cpebridge.core.model.CapabilityType;
import org.cpebridge.core.model.Device;
import org.cpebridge.core.model.DeviceException;
import org.cpebridge.core.model.DeviceId;
import org.cpebridge.core.model.DeviceKind;
import org.cpebridge.core.model.ErrorKind;
import org.cpebridge.core.model.Value;
import org.cpebridge.core.registry.DeviceRegistry;
import org.cpebridge.core.spi.Adapter;
import org.cpebridge.core.spi.DeviceCommand;

/**
 * A test adapter that registers core devices of every kind the Matter bridge maps, and acts as those devices: a
 * command changes the device's state in the core as a real device's report would, and {@link #failNext} makes the
 * next command fail the way an adapter reports a fault. Thread-safe.
 */
public final class TestDevices implements Adapter {

    /** The adapter id, and so the first part of every device id. */
    public static final String ADAPTER = "dect";

    /** The kinds of device, in the order {@link #registerMixed} cycles through them. */
    public static final List<String> KINDS = List.of("plug", "light", "ctlight", "colorlight", "contact", "motion",
            "climate", "thermostat", "smoke", "leak", "button", "blind", "pressure", "lux");

    private final DeviceRegistry registry;
    private final List<DeviceCommand> received = new CopyOnWriteArrayList<>();
    private volatile ErrorKind failNext;
    private volatile CompletableFuture<Void> answerNext;
    private volatile java.util.function.Consumer<DeviceCommand> onCommand = command -> { };

    public TestDevices(DeviceRegistry registry) {
        this.registry = registry;
    }

    /** The core device id of the n-th test device. */
    public static DeviceId id(int n) {
        return DeviceId.of(ADAPTER, String.format("0F015E%04X", n));
    }

    /** Registers {@code count} devices cycling through {@link #KINDS}, numbered from 1; returns their ids. */
    public List<DeviceId> registerMixed(int count) {
        List<DeviceId> ids = new ArrayList<>();
        for (int n = 1; n <= count; n++) {
            ids.add(register(n, KINDS.get((n - 1) % KINDS.size())));
        }
        return ids;
    }

    /**
     * Registers device n of a kind with plausible first values. Besides {@link #KINDS}: {@code onofflight}, a light
     * with On/Off only whose adapter knows it is a light (as a HAN-FUN Simple Light), an On/Off Light on Matter.
     */
    public DeviceId register(int n, String kind) {
        DeviceId id = id(n);
        registry.register(Device.builder(id).vendor("cpe-bridge test").model(kind).serial("SN" + n)
                .firmware("1.0." + n).name(kind + " " + n).capabilities(capabilities(kind))
                .kind(kind.equals("onofflight") ? DeviceKind.LIGHT : DeviceKind.UNSPECIFIED).build());
        switch (kind) {
            case "plug", "onofflight" -> state(id, "onOff", "on", Value.of(false));
            case "light", "ctlight", "colorlight" -> {
                state(id, "onOff", "on", Value.of(false));
                state(id, "level", "level", Value.of(50L));
            }
            case "contact" -> state(id, "contact", "open", Value.of(false));
            case "motion" -> state(id, "occupancy", "occupied", Value.of(false));
            case "climate" -> {
                state(id, "temperature", "temperature", Value.of(21.5));
                state(id, "humidity", "humidity", Value.of(45.0));
            }
            case "thermostat" -> {
                state(id, "thermostat", "localTemperature", Value.of(19.0));
                state(id, "thermostat", "heatingSetpoint", Value.of(20.0));
                state(id, "thermostat", "mode", Value.of("heat"));
            }
            case "smoke" -> state(id, "smokeAlarm", "smoke", Value.of(false));
            case "leak" -> state(id, "waterLeak", "leak", Value.of(false));
            case "blind" -> state(id, "windowCovering", "position", Value.of(100L));
            case "pressure" -> state(id, "pressure", "pressure", Value.of(1013.0));
            case "lux" -> state(id, "illuminance", "illuminance", Value.of(300.0));
            default -> {
            }
        }
        if (List.of("contact", "motion", "climate", "thermostat", "smoke", "leak", "button").contains(kind)) {
            state(id, "battery", "batteryLevel", Value.of(80L));
            state(id, "battery", "batteryLow", Value.of(false));
        }
        return id;
    }

    /** The capabilities of a kind. */
    public static List<Capability> capabilities(String kind) {
        List<Capability> list = new ArrayList<>();
        switch (kind) {
            case "plug" -> {
                list.add(Capability.of(CapabilityType.ON_OFF));
                list.add(Capability.of(CapabilityType.ELECTRICAL_POWER));
                list.add(Capability.of(CapabilityType.ENERGY_METER));
            }
            case "light" -> {
                list.add(Capability.of(CapabilityType.ON_OFF));
                list.add(Capability.of(CapabilityType.LEVEL));
            }
            case "onofflight" -> list.add(Capability.of(CapabilityType.ON_OFF));
            case "ctlight" -> {
                list.add(Capability.of(CapabilityType.ON_OFF));
                list.add(Capability.of(CapabilityType.LEVEL));
                list.add(Capability.of(CapabilityType.COLOR_TEMPERATURE).withRange("colorTemperature", 153, 500));
            }
            case "colorlight" -> {
                list.add(Capability.of(CapabilityType.ON_OFF));
                list.add(Capability.of(CapabilityType.LEVEL));
                list.add(Capability.of(CapabilityType.COLOR_TEMPERATURE).withRange("colorTemperature", 153, 500));
                list.add(Capability.of(CapabilityType.COLOR_XY));
            }
            case "contact" -> list.add(Capability.of(CapabilityType.CONTACT));
            case "motion" -> list.add(Capability.of(CapabilityType.OCCUPANCY));
            case "climate" -> {
                list.add(Capability.of(CapabilityType.TEMPERATURE));
                list.add(Capability.of(CapabilityType.HUMIDITY));
            }
            case "thermostat" -> list.add(Capability.of(CapabilityType.THERMOSTAT));
            case "smoke" -> list.add(Capability.of(CapabilityType.SMOKE_ALARM));
            case "leak" -> list.add(Capability.of(CapabilityType.WATER_LEAK));
            case "button" -> list.add(Capability.of(CapabilityType.BUTTON));
            case "blind" -> list.add(Capability.of(CapabilityType.WINDOW_COVERING));
            case "pressure" -> list.add(Capability.of(CapabilityType.PRESSURE));
            case "lux" -> list.add(Capability.of(CapabilityType.ILLUMINANCE));
            default -> throw new IllegalArgumentException("unknown test device kind " + kind);
        }
        if (List.of("contact", "motion", "climate", "thermostat", "smoke", "leak", "button").contains(kind)) {
            list.add(Capability.of(CapabilityType.BATTERY));
            list.add(Capability.of(CapabilityType.LINK_QUALITY));
        }
        return list;
    }

    /** Reports a value, as the device would. */
    public void state(DeviceId id, String capability, String attribute, Value value) {
        registry.updateState(id, capability, attribute, value);
    }

    /** The commands received, oldest first. */
    public List<DeviceCommand> received() {
        return List.copyOf(received);
    }

    /** Calls {@code listener} with every command the devices receive (on the caller's thread). */
    public void onCommand(java.util.function.Consumer<DeviceCommand> listener) {
        onCommand = listener;
    }

    /** Makes the next command fail with {@code kind}. */
    public void failNext(ErrorKind kind) {
        failNext = kind;
    }

    /**
     * Makes the next command wait for the answer the caller gives through the returned future (complete it to let the
     * command act, fail it as a device that answers a fault later would), as a slow or lost radio link does.
     */
    public CompletableFuture<Void> answerNextLater() {
        CompletableFuture<Void> answer = new CompletableFuture<>();
        answerNext = answer;
        return answer;
    }

    @Override
    public void start() {
    }

    @Override
    public CompletionStage<Void> execute(DeviceCommand command) {
        ErrorKind failure = failNext;
        if (failure != null) {
            failNext = null;
            return CompletableFuture.failedFuture(new DeviceException(failure, "test device refuses"));
        }
        CompletableFuture<Void> later = answerNext;
        if (later != null) {
            answerNext = null;
            return later.thenRun(() -> execute(command));
        }
        received.add(command);
        onCommand.accept(command);
        if (command instanceof DeviceCommand.WriteAttribute write) {
            AttributeRef ref = write.attribute();
            registry.updateState(ref.device(), ref.capability(), ref.attribute(), write.value());
        } else if (command instanceof DeviceCommand.Invoke invoke) {
            act(invoke.device(), invoke.capability(), invoke.command(), invoke.arguments());
        }
        return CompletableFuture.completedFuture(null);
    }

    private void act(DeviceId id, String capability, String command, Map<String, Value> arguments) {
        switch (command) {
            case "on" -> state(id, capability, "on", Value.of(true));
            case "off" -> state(id, capability, "on", Value.of(false));
            case "toggle" -> {
                boolean on = registry.state(new AttributeRef(id, capability, "on"))
                        .map(s -> s.value().asBoolean()).orElse(false);
                state(id, capability, "on", Value.of(!on));
            }
            case "setLevel" -> state(id, capability, "level", arguments.get("level"));
            case "raiseLowerSetpoint" -> {
                double now = registry.state(new AttributeRef(id, capability, "heatingSetpoint"))
                        .map(s -> s.value().asDouble()).orElse(20.0);
                state(id, capability, "heatingSetpoint", Value.of(now + arguments.get("delta").asDouble()));
            }
            case "setXy" -> {
                state(id, capability, "x", arguments.get("x"));
                state(id, capability, "y", arguments.get("y"));
            }
            case "goToPosition" -> state(id, capability, "position", arguments.get("position"));
            case "open" -> state(id, capability, "position", Value.of(100L));
            case "close" -> state(id, capability, "position", Value.of(0L));
            default -> {
            }
        }
    }

    @Override
    public void close() {
    }
}
