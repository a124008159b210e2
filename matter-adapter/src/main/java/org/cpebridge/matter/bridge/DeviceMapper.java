package org.cpebridge.matter.bridge;

import static org.cpebridge.matter.bridge.BridgedClusters.*;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.cpebridge.core.model.AttributeRef;
import org.cpebridge.core.model.AttributeState;
import org.cpebridge.core.model.Capability;
import org.cpebridge.core.model.CapabilityType;
import org.cpebridge.core.model.Device;
import org.cpebridge.core.model.DeviceException;
import org.cpebridge.core.model.DeviceKind;
import org.cpebridge.core.model.Value;
import org.cpebridge.core.model.ValueSpec;
import org.cpebridge.core.registry.CommandRouter;
import org.cpebridge.core.registry.DeviceRegistry;
import org.cpebridge.matter.cluster.DeviceType;
import org.cpebridge.matter.im.ImStatus;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvTag;

/**
 * Maps a core device to bridged endpoints: one per part of the device ("" the whole device, then each named part such
 * as {@code l1} of a double switch) that has at least one capability Matter can show. Each endpoint gets the device
 * types and clusters of its capabilities (see docs/matter-bridge.md for the table), Identify where the device type
 * asks for it, Power Source for a battery, and Bridged Device Basic Information.
 *
 * <p>Values are read from the {@link DeviceRegistry} on each read; commands and writes go through the
 * {@link CommandRouter}, and their refusals map to IM statuses through {@link DeviceErrors}. Owned by the node loop,
 * like the bound clusters it builds: its one piece of state is the list of device answers the command being invoked
 * waits for.
 *
 * <p>Why one class of about 720 lines: it is the table of docs/matter-bridge.md in code, one method per capability's
 * clusters, sharing the value conversions and the command-answer wait; split by device type, the one table would be
 * spread over many files.
 */
final class DeviceMapper {

    /** What one bridged endpoint shows. */
    record EndpointPlan(String key, String part, List<DeviceType> deviceTypes, List<BoundCluster> clusters) {
    }

    private static final int MAX_LABEL_BYTES = 32;
    /** Measured values are constrained to -2^62..2^62 (Matter 1.4 Measurement and Accuracy data types). */
    private static final long MAX_MEASURED = 1L << 62;
    /** Seconds from the Unix epoch to the Matter epoch, 2000-01-01T00:00:00Z. */
    private static final long MATTER_EPOCH_OFFSET_SECONDS = 946_684_800L;

    private final DeviceRegistry registry;
    private final CommandRouter commands;
    private List<CompletableFuture<Void>> awaitedAnswers;

    DeviceMapper(DeviceRegistry registry, CommandRouter commands) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.commands = Objects.requireNonNull(commands, "commands");
    }

    /** The key of a device part's endpoint: the device id, then {@code /part} for a named part. */
    static String endpointKey(Device device, String part) {
        return part.isEmpty() ? device.id().toString() : device.id() + "/" + part;
    }

    /** The endpoints of a device, whole device first; empty when Matter can show none of it. */
    List<EndpointPlan> plan(Device device) {
        Map<String, List<Capability>> byPart = new LinkedHashMap<>();
        byPart.put("", new ArrayList<>());
        for (Capability capability : device.capabilities()) {
            byPart.computeIfAbsent(capability.part(), p -> new ArrayList<>()).add(capability);
        }
        List<EndpointPlan> plans = new ArrayList<>();
        for (Map.Entry<String, List<Capability>> entry : byPart.entrySet()) {
            planPart(device, entry.getKey(), entry.getValue()).ifPresent(plans::add);
        }
        return plans;
    }

    private Optional<EndpointPlan> planPart(Device device, String part, List<Capability> capabilities) {
        Map<CapabilityType, Capability> has = new LinkedHashMap<>();
        capabilities.forEach(c -> has.put(c.type(), c));
        List<DeviceType> types = new ArrayList<>();
        List<BoundCluster> clusters = new ArrayList<>();
        boolean identify = false;

        Capability onOff = has.get(CapabilityType.ON_OFF);
        Capability level = has.get(CapabilityType.LEVEL);
        Capability temperatureColor = has.get(CapabilityType.COLOR_TEMPERATURE);
        Capability xy = has.get(CapabilityType.COLOR_XY);
        if (onOff != null) {
            // The adapter's kind first: a HAN-FUN Simple Light has only On/Off and is still a light, not a plug.
            boolean light = level != null || temperatureColor != null || xy != null
                    || device.kind() == DeviceKind.LIGHT;
            clusters.add(onOff(device, onOff, light));
            if (light) {
                types.add(xy != null ? EXTENDED_COLOR_LIGHT : temperatureColor != null ? COLOR_TEMPERATURE_LIGHT
                        : level != null ? DIMMABLE_LIGHT : ON_OFF_LIGHT);
                if (level != null) {
                    clusters.add(levelControl(device, level, onOff));
                }
                if (temperatureColor != null || xy != null) {
                    clusters.add(colorControl(device, temperatureColor, xy));
                }
            } else {
                types.add(ON_OFF_PLUG_IN_UNIT);
            }
            clusters.add(groups());
            // Device Library 1.4: Scenes Management is mandatory on every light and On/Off Plug-in Unit.
            clusters.add(ScenesServer.cluster());
            identify = true;
        }
        Capability contact = has.get(CapabilityType.CONTACT);
        Capability leak = has.get(CapabilityType.WATER_LEAK);
        if (contact != null) {
            types.add(CONTACT_SENSOR);
            clusters.add(booleanState(device, contact, "open", true));
            identify = true;
        } else if (leak != null) {
            types.add(WATER_LEAK_DETECTOR);
            clusters.add(booleanState(device, leak, "leak", false));
            identify = true;
        }
        Capability occupancy = has.get(CapabilityType.OCCUPANCY);
        if (occupancy != null) {
            types.add(OCCUPANCY_SENSOR);
            clusters.add(BoundCluster.builder(OCCUPANCY_SPEC, occupancy.key())
                    .core(0x0000, () -> Optional.of(Tlv.uint(
                            bool(device, occupancy, "occupied").orElse(false) ? 1 : 0)))
                    .fixed(0x0001, Tlv.uint(0)).fixed(0x0002, Tlv.uint(1)).build());
            identify = true;
        }
        Capability thermostat = has.get(CapabilityType.THERMOSTAT);
        Capability temperature = has.get(CapabilityType.TEMPERATURE);
        if (thermostat != null) {
            types.add(THERMOSTAT);
            clusters.add(thermostat(device, thermostat));
            clusters.add(groups());
            identify = true;
        } else if (temperature != null) {
            types.add(TEMPERATURE_SENSOR);
            clusters.add(measurement(TEMPERATURE_SPEC, device, temperature, "temperature",
                    v -> Tlv.sint(clamp(Math.round(v * 100), -27315, 32767))));
            identify = true;
        }
        Capability humidity = has.get(CapabilityType.HUMIDITY);
        if (humidity != null) {
            types.add(HUMIDITY_SENSOR);
            clusters.add(measurement(HUMIDITY_SPEC, device, humidity, "humidity",
                    v -> Tlv.uint(clamp(Math.round(v * 100), 0, 10000))));
        }
        Capability pressure = has.get(CapabilityType.PRESSURE);
        if (pressure != null) {
            types.add(PRESSURE_SENSOR);
            // MeasuredValue is in units of 0.1 kPa, which is hPa.
            clusters.add(measurement(PRESSURE_SPEC, device, pressure, "pressure",
                    v -> Tlv.sint(clamp(Math.round(v), -32767, 32767))));
        }
        Capability illuminance = has.get(CapabilityType.ILLUMINANCE);
        if (illuminance != null) {
            types.add(LIGHT_SENSOR);
            // MeasuredValue = 10,000 x log10(lux) + 1; 0 means too dark to measure.
            clusters.add(measurement(ILLUMINANCE_SPEC, device, illuminance, "illuminance",
                    v -> Tlv.uint(v < 1 ? 0 : clamp(Math.round(10_000 * Math.log10(v) + 1), 1, 0xFFFE))));
            identify = true;
        }
        Capability smoke = has.get(CapabilityType.SMOKE_ALARM);
        if (smoke != null) {
            types.add(SMOKE_CO_ALARM);
            clusters.add(smokeAlarm(device, smoke));
            identify = true;
        }
        Capability covering = has.get(CapabilityType.WINDOW_COVERING);
        if (covering != null) {
            types.add(WINDOW_COVERING);
            clusters.add(windowCovering(device, covering));
            clusters.add(groups());
            identify = true;
        }
        Capability button = has.get(CapabilityType.BUTTON);
        if (button != null) {
            types.add(GENERIC_SWITCH);
            clusters.add(BoundCluster.builder(SWITCH_SPEC, button.key())
                    .fixed(0x0000, Tlv.uint(2)).fixed(0x0001, Tlv.uint(0)).build());
            identify = true;
        }
        Capability power = has.get(CapabilityType.ELECTRICAL_POWER);
        Capability energy = has.get(CapabilityType.ENERGY_METER);
        if (power != null || energy != null) {
            // Device Library 1.4: a metering endpoint adds Electrical Sensor, with Power Topology (NodeTopology:
            // it measures itself) and the measurement clusters.
            types.add(ELECTRICAL_SENSOR);
            clusters.add(BoundCluster.builder(POWER_TOPOLOGY_SPEC).build());
            if (power != null) {
                clusters.add(electricalPower(device, power));
            }
            if (energy != null) {
                clusters.add(electricalEnergy(device, energy));
            }
        }
        if (types.isEmpty()) {
            return Optional.empty();
        }
        if (identify) {
            // IdentifyTime is kept here; the Identify command, its writes and its countdown are IdentifyCountdown's.
            clusters.add(BoundCluster.builder(IDENTIFY_SPEC).setting(0x0000, Tlv.uint(0))
                    .fixed(0x0001, Tlv.uint(0)).build());
        }
        Capability battery = has.get(CapabilityType.BATTERY);
        if (battery != null) {
            types.add(POWER_SOURCE);
            clusters.add(powerSource(device, battery));
        }
        clusters.add(basicInformation(device, part));
        clusters.sort(java.util.Comparator.comparingLong(c -> c.spec().id()));
        return Optional.of(new EndpointPlan(endpointKey(device, part), part, types, clusters));
    }

    // ---- clusters ----

    /**
     * Groups (Device Library 1.4): mandatory on the lights and the On/Off Plug-in Unit, and on Thermostat and Window
     * Covering of an "Active" node (one that is not an ICD, as the bridge is not). Memberships live in the node's group
     * tables; the commands are {@link GroupsHandler}'s.
     */
    private static BoundCluster groups() {
        return BoundCluster.builder(org.cpebridge.matter.cluster.standard.Groups.SPEC)
                .fixed(org.cpebridge.matter.cluster.standard.Groups.NAME_SUPPORT,
                        Tlv.uint(org.cpebridge.matter.cluster.standard.Groups.NAME_SUPPORT_GROUP_NAMES))
                .build();
    }

    private BoundCluster basicInformation(Device device, String part) {
        String uniqueId = truncate(endpointKey(device, part));
        boolean firmware = !device.firmware().isEmpty();
        BoundCluster.Builder builder = BoundCluster.builder(bridgedDeviceBasicInformation(firmware)).deviceFacts()
                .core(BDBI_VENDOR_NAME, () -> Optional.of(Tlv.text(truncate(current(device).vendor()))))
                .core(BDBI_PRODUCT_NAME, () -> Optional.of(Tlv.text(truncate(current(device).model()))))
                .core(BDBI_NODE_LABEL, () -> Optional.of(Tlv.text(truncate(label(current(device), part)))))
                .core(BDBI_SERIAL_NUMBER, () -> Optional.of(Tlv.text(truncate(current(device).serial()))))
                .core(BDBI_REACHABLE, () -> Optional.of(Tlv.bool(current(device).reachable())))
                .fixed(BDBI_UNIQUE_ID, Tlv.text(uniqueId))
                .write(BDBI_NODE_LABEL, value -> rename(device, part, value));
        if (firmware) {
            builder.core(BDBI_SOFTWARE_VERSION_STRING, () -> Optional.of(Tlv.text(
                    truncateTo(current(device).firmware(), 64))));
        }
        return builder.build();
    }

    private ImStatus rename(Device device, String part, TlvElement value) {
        if (!(value instanceof TlvElement.Utf8 text)) {
            return ImStatus.CONSTRAINT_ERROR;
        }
        if (text.value().getBytes(StandardCharsets.UTF_8).length > MAX_LABEL_BYTES) {
            return ImStatus.CONSTRAINT_ERROR;
        }
        if (!part.isEmpty()) {
            // A part has no name of its own in the core; its label follows the device's.
            return ImStatus.UNSUPPORTED_WRITE;
        }
        try {
            registry.rename(device.id(), text.value());
            return ImStatus.SUCCESS;
        } catch (DeviceException e) {
            return DeviceErrors.status(e.kind(), false);
        }
    }

    private BoundCluster onOff(Device device, Capability onOff, boolean lighting) {
        BoundCluster.Builder builder = BoundCluster.builder(lighting ? ON_OFF_LIGHTING : ON_OFF_PLAIN, onOff.key())
                .core(ON_OFF_ON_OFF, () -> Optional.of(Tlv.bool(isOn(device, onOff))))
                .command(CMD_OFF, fields -> invoke(device, onOff, "off", Map.of()))
                .command(CMD_ON, fields -> invoke(device, onOff, "on", Map.of()))
                .command(CMD_TOGGLE, fields -> invoke(device, onOff, "toggle", Map.of()));
        if (lighting) {
            builder.setting(ON_OFF_GLOBAL_SCENE_CONTROL, Tlv.bool(true))
                    .setting(ON_OFF_ON_TIME, Tlv.uint(0))
                    .setting(ON_OFF_OFF_WAIT_TIME, Tlv.uint(0))
                    .setting(ON_OFF_START_UP_ON_OFF, Tlv.nul())
                    .command(CMD_OFF_WITH_EFFECT, fields -> {
                        Tlv.requiredUnsigned(fields, 0, 0xFF);
                        Tlv.requiredUnsigned(fields, 1, 0xFF);
                        return invoke(device, onOff, "off", Map.of());
                    })
                    .command(CMD_ON_WITH_RECALL_GLOBAL_SCENE, fields -> invoke(device, onOff, "on", Map.of()))
                    .command(CMD_ON_WITH_TIMED_OFF, fields -> {
                        Tlv.requiredUnsigned(fields, 0, 0xFF);
                        Tlv.requiredUnsigned(fields, 1, 0xFFFF);
                        Tlv.requiredUnsigned(fields, 2, 0xFFFF);
                        return invoke(device, onOff, "on", Map.of());
                    });
        }
        return builder.build();
    }

    private BoundCluster levelControl(Device device, Capability level, Capability onOff) {
        return BoundCluster.builder(LEVEL_CONTROL_SPEC, level.key())
                .core(LEVEL_CURRENT_LEVEL, () -> Optional.of(number(device, level, "level")
                        .map(pct -> Tlv.uint(toMatterLevel(pct))).orElse(Tlv.nul())))
                .fixed(LEVEL_REMAINING_TIME, Tlv.uint(0))
                .fixed(LEVEL_MIN_LEVEL, Tlv.uint(1))
                .fixed(LEVEL_MAX_LEVEL, Tlv.uint(254))
                .setting(LEVEL_OPTIONS, Tlv.uint(0))
                .setting(LEVEL_ON_LEVEL, Tlv.nul())
                .setting(LEVEL_START_UP_CURRENT_LEVEL, Tlv.nul())
                .command(CMD_MOVE_TO_LEVEL, fields -> moveToLevel(device, level, null, fields))
                .command(CMD_MOVE_TO_LEVEL_WITH_ON_OFF, fields -> moveToLevel(device, level, onOff, fields))
                .command(CMD_MOVE, fields -> move(device, level, null, fields))
                .command(CMD_MOVE_WITH_ON_OFF, fields -> move(device, level, onOff, fields))
                .command(CMD_STEP, fields -> step(device, level, fields))
                .command(CMD_STEP_WITH_ON_OFF, fields -> step(device, level, fields))
                .command(CMD_STOP, fields -> ImStatus.SUCCESS)
                .command(CMD_STOP_WITH_ON_OFF, fields -> ImStatus.SUCCESS)
                .build();
    }

    private ImStatus moveToLevel(Device device, Capability level, Capability onOff, TlvElement.Structure fields)
            throws org.cpebridge.matter.im.ImException {
        long target = Tlv.requiredUnsigned(fields, 0, 254);
        Optional<Long> transition = Tlv.optionalUnsigned(fields, 1);
        Map<String, Value> arguments = new LinkedHashMap<>();
        arguments.put("level", Value.of(toPercent(target)));
        transition.ifPresent(t -> arguments.put("transitionSeconds", Value.of(t / 10.0)));
        ImStatus status = invoke(device, level, "setLevel", arguments);
        if (status.isSuccess() && onOff != null) {
            return invoke(device, onOff, target <= 1 ? "off" : "on", Map.of());
        }
        return status;
    }

    private ImStatus move(Device device, Capability level, Capability onOff, TlvElement.Structure fields)
            throws org.cpebridge.matter.im.ImException {
        long mode = Tlv.requiredUnsigned(fields, 0, 1);
        // The core has no continuous move: go to the end the move heads for.
        ImStatus status = invoke(device, level, "setLevel", Map.of("level", Value.of(mode == 0 ? 100L : 0L)));
        if (status.isSuccess() && onOff != null) {
            return invoke(device, onOff, mode == 0 ? "on" : "off", Map.of());
        }
        return status;
    }

    private ImStatus step(Device device, Capability level, TlvElement.Structure fields)
            throws org.cpebridge.matter.im.ImException {
        long mode = Tlv.requiredUnsigned(fields, 0, 1);
        long size = Tlv.requiredUnsigned(fields, 1, 0xFF);
        long percent = Math.max(1, Math.min(100, Math.round(size * 100.0 / 254)));
        return invoke(device, level, mode == 0 ? "stepUp" : "stepDown", Map.of("step", Value.of(percent)));
    }

    private BoundCluster colorControl(Device device, Capability temperature, Capability xy) {
        List<String> keys = new ArrayList<>();
        if (temperature != null) {
            keys.add(temperature.key());
        }
        if (xy != null) {
            keys.add(xy.key());
        }
        BoundCluster.Builder builder = BoundCluster.builder(BridgedClusters.colorControl(xy != null, temperature != null),
                        keys.toArray(String[]::new))
                .fixed(COLOR_REMAINING_TIME, Tlv.uint(0))
                .core(COLOR_MODE, () -> Optional.of(Tlv.uint(colorMode(device, temperature, xy))))
                .core(COLOR_ENHANCED_COLOR_MODE, () -> Optional.of(Tlv.uint(colorMode(device, temperature, xy))))
                .setting(COLOR_OPTIONS, Tlv.uint(0))
                .fixed(COLOR_NUMBER_OF_PRIMARIES, Tlv.nul())
                .fixed(COLOR_CAPABILITIES, Tlv.uint((xy != null ? 0x08 : 0) | (temperature != null ? 0x10 : 0)))
                .command(CMD_STOP_MOVE_STEP, fields -> ImStatus.SUCCESS);
        if (xy != null) {
            builder.core(COLOR_CURRENT_X, () -> Optional.of(Tlv.uint(toChromaticity(
                            number(device, xy, "x").orElse(0.3127)))))
                    .core(COLOR_CURRENT_Y, () -> Optional.of(Tlv.uint(toChromaticity(
                            number(device, xy, "y").orElse(0.3290)))))
                    .command(CMD_MOVE_TO_COLOR, fields -> {
                        long x = Tlv.requiredUnsigned(fields, 0, 0xFEFF);
                        long y = Tlv.requiredUnsigned(fields, 1, 0xFEFF);
                        return invoke(device, xy, "setXy", Map.of("x", Value.of(x / 65536.0),
                                "y", Value.of(y / 65536.0)));
                    })
                    .command(CMD_STEP_COLOR, fields -> {
                        long stepX = Tlv.requiredSigned(fields, 0, Short.MIN_VALUE, Short.MAX_VALUE);
                        long stepY = Tlv.requiredSigned(fields, 1, Short.MIN_VALUE, Short.MAX_VALUE);
                        long x = clamp(toChromaticity(number(device, xy, "x").orElse(0.3127)) + stepX, 0, 0xFEFF);
                        long y = clamp(toChromaticity(number(device, xy, "y").orElse(0.3290)) + stepY, 0, 0xFEFF);
                        return invoke(device, xy, "setXy", Map.of("x", Value.of(x / 65536.0),
                                "y", Value.of(y / 65536.0)));
                    })
                    .command(CMD_MOVE_COLOR, fields -> {
                        long rateX = Tlv.requiredSigned(fields, 0, Short.MIN_VALUE, Short.MAX_VALUE);
                        long rateY = Tlv.requiredSigned(fields, 1, Short.MIN_VALUE, Short.MAX_VALUE);
                        // Rates of 0 stop a move; the core has no continuous colour move to start.
                        return rateX == 0 && rateY == 0 ? ImStatus.SUCCESS : ImStatus.INVALID_IN_STATE;
                    });
        }
        if (temperature != null) {
            ValueSpec range = temperature.attribute("colorTemperature").orElseThrow().spec();
            long min = Math.round(range.min());
            long max = Math.round(range.max());
            builder.core(COLOR_TEMPERATURE_MIREDS, () -> Optional.of(Tlv.uint(number(device, temperature,
                            "colorTemperature").map(Math::round).orElse((min + max) / 2))))
                    .fixed(COLOR_TEMP_PHYSICAL_MIN, Tlv.uint(min))
                    .fixed(COLOR_TEMP_PHYSICAL_MAX, Tlv.uint(max))
                    .fixed(COLOR_COUPLE_TEMP_TO_LEVEL_MIN, Tlv.uint(min))
                    .setting(COLOR_START_UP_TEMPERATURE, Tlv.nul())
                    .command(CMD_MOVE_TO_COLOR_TEMPERATURE, fields -> {
                        long mireds = Tlv.requiredUnsigned(fields, 0, 0xFEFF);
                        // The spec clamps a target outside the physical range to it.
                        return writeState(device, temperature, "colorTemperature",
                                Value.of(clamp(mireds, min, max)), true);
                    })
                    .command(CMD_MOVE_COLOR_TEMPERATURE, fields -> {
                        long mode = Tlv.requiredUnsigned(fields, 0, 3);
                        if (mode == 0) {
                            return ImStatus.SUCCESS;
                        }
                        return writeState(device, temperature, "colorTemperature", Value.of(mode == 1 ? max : min),
                                true);
                    })
                    .command(CMD_STEP_COLOR_TEMPERATURE, fields -> {
                        long mode = Tlv.requiredUnsigned(fields, 0, 3);
                        long size = Tlv.requiredUnsigned(fields, 1, 0xFFFF);
                        long now = number(device, temperature, "colorTemperature").map(Math::round)
                                .orElse((min + max) / 2);
                        long target = mode == 1 ? now + size : mode == 3 ? now - size : now;
                        return writeState(device, temperature, "colorTemperature", Value.of(clamp(target, min, max)),
                                true);
                    });
        }
        return builder.build();
    }

    /** ColorMode: 1 CurrentX/CurrentY, 2 ColorTemperatureMireds; the one the device reported last. */
    private long colorMode(Device device, Capability temperature, Capability xy) {
        if (xy == null) {
            return 2;
        }
        if (temperature == null) {
            return 1;
        }
        Optional<AttributeState> mireds = state(device, temperature, "colorTemperature");
        Optional<AttributeState> x = state(device, xy, "x");
        if (mireds.isEmpty()) {
            return 1;
        }
        return x.isPresent() && x.get().updatedAt().isAfter(mireds.get().updatedAt()) ? 1 : 2;
    }

    private BoundCluster booleanState(Device device, Capability capability, String attribute, boolean inverted) {
        // Contact Sensor: StateValue true means the contact is closed; the core's "open" is true when it is apart.
        return BoundCluster.builder(BOOLEAN_STATE_SPEC, capability.key())
                .core(BOOLEAN_STATE_VALUE, () -> Optional.of(Tlv.bool(
                        bool(device, capability, attribute).map(v -> inverted != v).orElse(false))))
                .build();
    }

    private BoundCluster measurement(org.cpebridge.matter.cluster.ClusterSpec spec, Device device,
                                     Capability capability, String attribute,
                                     java.util.function.DoubleFunction<TlvElement> encode) {
        return BoundCluster.builder(spec, capability.key())
                .core(MEASURED_VALUE, () -> Optional.of(number(device, capability, attribute)
                        .map(encode::apply).orElse(Tlv.nul())))
                .fixed(0x0001, Tlv.nul())
                .fixed(0x0002, Tlv.nul())
                .build();
    }

    private BoundCluster thermostat(Device device, Capability thermostat) {
        ValueSpec range = thermostat.attribute("heatingSetpoint").map(a -> a.spec())
                .orElse(ValueSpec.decimal("Cel", 4.0, 35.0));
        long min = Math.round(range.min() * 100);
        long max = Math.round(range.max() * 100);
        return BoundCluster.builder(THERMOSTAT_SPEC, thermostat.key())
                .core(TSTAT_LOCAL_TEMPERATURE, () -> Optional.of(number(device, thermostat, "localTemperature")
                        .map(v -> Tlv.sint(clamp(Math.round(v * 100), -27315, 32767))).orElse(Tlv.nul())))
                .fixed(TSTAT_ABS_MIN_HEAT, Tlv.sint(min))
                .fixed(TSTAT_ABS_MAX_HEAT, Tlv.sint(max))
                .core(TSTAT_OCCUPIED_HEATING_SETPOINT, () -> Optional.of(Tlv.sint(number(device, thermostat,
                        "heatingSetpoint").map(v -> clamp(Math.round(v * 100), min, max)).orElse(clamp(2000, min,
                        max)))))
                .fixed(TSTAT_MIN_HEAT_LIMIT, Tlv.sint(min))
                .fixed(TSTAT_MAX_HEAT_LIMIT, Tlv.sint(max))
                .fixed(TSTAT_CONTROL_SEQUENCE, Tlv.uint(2))
                .core(TSTAT_SYSTEM_MODE, () -> Optional.of(Tlv.uint(text(device, thermostat, "mode")
                        .map(m -> m.equals("off") ? 0L : 4L).orElse(4L))))
                .write(TSTAT_OCCUPIED_HEATING_SETPOINT, value -> {
                    if (!(value instanceof TlvElement.SignedInt setpoint) || setpoint.value() < min
                            || setpoint.value() > max) {
                        return ImStatus.CONSTRAINT_ERROR;
                    }
                    return writeState(device, thermostat, "heatingSetpoint", Value.of(setpoint.value() / 100.0),
                            false);
                })
                .write(TSTAT_SYSTEM_MODE, value -> {
                    if (!(value instanceof TlvElement.UnsignedInt mode) || (mode.value() != 0 && mode.value() != 4)) {
                        return ImStatus.CONSTRAINT_ERROR;
                    }
                    if (thermostat.attribute("mode").isEmpty()) {
                        return mode.value() == 4 ? ImStatus.SUCCESS : ImStatus.CONSTRAINT_ERROR;
                    }
                    return writeState(device, thermostat, "mode", Value.of(mode.value() == 0 ? "off" : "heat"),
                            false);
                })
                .command(CMD_SETPOINT_RAISE_LOWER, fields -> {
                    long mode = Tlv.requiredUnsigned(fields, 0, 2);
                    long amount = Tlv.requiredSigned(fields, 1, Byte.MIN_VALUE, Byte.MAX_VALUE);
                    if (mode == 1) {
                        // Cool only, on a heating thermostat.
                        return ImStatus.INVALID_COMMAND;
                    }
                    return invoke(device, thermostat, "raiseLowerSetpoint", Map.of("delta", Value.of(amount / 10.0)));
                })
                .build();
    }

    private BoundCluster smokeAlarm(Device device, Capability smoke) {
        return BoundCluster.builder(SMOKE_CO_ALARM_SPEC, smoke.key())
                .core(SMOKE_EXPRESSED_STATE, () -> Optional.of(Tlv.uint(
                        bool(device, smoke, "smoke").orElse(false) ? 1 : 0)))
                .core(SMOKE_SMOKE_STATE, () -> Optional.of(Tlv.uint(
                        bool(device, smoke, "smoke").orElse(false) ? 2 : 0)))
                .fixed(SMOKE_BATTERY_ALERT, Tlv.uint(0))
                .fixed(SMOKE_TEST_IN_PROGRESS, Tlv.bool(false))
                .fixed(SMOKE_HARDWARE_FAULT_ALERT, Tlv.bool(false))
                .fixed(SMOKE_END_OF_SERVICE_ALERT, Tlv.uint(0))
                .build();
    }

    private BoundCluster windowCovering(Device device, Capability covering) {
        // Matter counts lift from 0 (fully open) to 10000 (fully closed); the core's position 100 is fully open.
        java.util.function.Supplier<Optional<TlvElement>> lift = () -> Optional.of(number(device, covering,
                "position").map(p -> Tlv.uint(clamp(Math.round((100 - p) * 100), 0, 10000))).orElse(Tlv.nul()));
        return BoundCluster.builder(WINDOW_COVERING_SPEC, covering.key())
                .fixed(WC_TYPE, Tlv.uint(0))
                .fixed(WC_CONFIG_STATUS, Tlv.uint(0x09))
                .fixed(WC_OPERATIONAL_STATUS, Tlv.uint(0))
                .core(WC_TARGET_LIFT_100THS, lift)
                .fixed(WC_END_PRODUCT_TYPE, Tlv.uint(0))
                .core(WC_CURRENT_LIFT_100THS, lift)
                .setting(WC_MODE, Tlv.uint(0))
                .command(CMD_UP_OR_OPEN, fields -> invoke(device, covering, "open", Map.of()))
                .command(CMD_DOWN_OR_CLOSE, fields -> invoke(device, covering, "close", Map.of()))
                .command(CMD_STOP_MOTION, fields -> invoke(device, covering, "stop", Map.of()))
                .command(CMD_GO_TO_LIFT_PERCENTAGE, fields -> {
                    long closed = Tlv.requiredUnsigned(fields, 0, 10000);
                    return invoke(device, covering, "goToPosition",
                            Map.of("position", Value.of(100 - Math.round(closed / 100.0))));
                })
                .build();
    }

    private BoundCluster powerSource(Device device, Capability battery) {
        return BoundCluster.builder(POWER_SOURCE_SPEC, battery.key())
                .fixed(PS_STATUS, Tlv.uint(1))
                .fixed(PS_ORDER, Tlv.uint(0))
                .fixed(PS_DESCRIPTION, Tlv.text("Battery"))
                .core(PS_BAT_PERCENT_REMAINING, () -> Optional.of(number(device, battery, "batteryLevel")
                        .map(v -> Tlv.uint(clamp(Math.round(v * 2), 0, 200))).orElse(Tlv.nul())))
                .core(PS_BAT_CHARGE_LEVEL, () -> Optional.of(Tlv.uint(
                        bool(device, battery, "batteryLow").orElse(false) ? 1 : 0)))
                .core(PS_BAT_REPLACEMENT_NEEDED, () -> Optional.of(Tlv.bool(
                        bool(device, battery, "batteryLow").orElse(false))))
                .fixed(PS_BAT_REPLACEABILITY, Tlv.uint(0))
                // Filled in by the bridge once the endpoint number is known.
                .setting(PS_ENDPOINT_LIST, Tlv.uints(List.of()))
                .build();
    }

    private BoundCluster electricalPower(Device device, Capability power) {
        boolean voltage = power.attribute("voltage").isPresent();
        boolean current = power.attribute("current").isPresent();
        List<TlvElement> accuracy = new ArrayList<>();
        accuracy.add(accuracy(MEASUREMENT_ACTIVE_POWER, power, "power"));
        if (voltage) {
            accuracy.add(accuracy(MEASUREMENT_VOLTAGE, power, "voltage"));
        }
        if (current) {
            accuracy.add(accuracy(MEASUREMENT_ACTIVE_CURRENT, power, "current"));
        }
        BoundCluster.Builder builder = BoundCluster.builder(electricalPowerMeasurement(voltage, current), power.key())
                .fixed(EPM_POWER_MODE, Tlv.uint(POWER_MODE_AC))
                .fixed(EPM_NUMBER_OF_MEASUREMENT_TYPES, Tlv.uint(accuracy.size()))
                .fixed(EPM_ACCURACY, new TlvElement.Array(TlvTag.anonymous(), accuracy))
                .core(EPM_ACTIVE_POWER, () -> Optional.of(milli(number(device, power, "power"))));
        if (voltage) {
            builder.core(EPM_VOLTAGE, () -> Optional.of(milli(number(device, power, "voltage"))));
        }
        if (current) {
            builder.core(EPM_ACTIVE_CURRENT, () -> Optional.of(milli(number(device, power, "current"))));
        }
        return builder.build();
    }

    private BoundCluster electricalEnergy(Device device, Capability energy) {
        return BoundCluster.builder(ELECTRICAL_ENERGY_MEASUREMENT_SPEC, energy.key())
                .fixed(EEM_ACCURACY, accuracy(MEASUREMENT_ELECTRICAL_ENERGY, energy, "energy"))
                .core(EEM_CUMULATIVE_ENERGY_IMPORTED, () -> Optional.of(state(device, energy, "energy")
                        .map(DeviceMapper::energyMeasurement).orElse(Tlv.nul())))
                .build();
    }

    /**
     * An EnergyMeasurementStruct: Energy in mWh (the core counts kWh) and EndTimestamp, when the core last heard the
     * meter (epoch-s: seconds since 2000-01-01 UTC).
     */
    static TlvElement energyMeasurement(AttributeState reading) {
        long energyMilliwattHours = clamp(Math.round(reading.value().asDouble() * 1_000_000), 0, MAX_MEASURED);
        long endTimestamp = Math.max(1, reading.updatedAt().getEpochSecond() - MATTER_EPOCH_OFFSET_SECONDS);
        return Tlv.struct(Tlv.field(0, Tlv.sint(energyMilliwattHours)), Tlv.field(2, Tlv.uint(endTimestamp)));
    }

    /**
     * A MeasurementAccuracyStruct over the capability attribute's range (the whole allowed range when the core knows
     * none). The core does not know a device's accuracy, so the one accuracy range claims none: PercentMax 100 %.
     */
    private static TlvElement accuracy(long measurementType, Capability capability, String attribute) {
        ValueSpec spec = capability.attribute(attribute).map(a -> a.spec()).orElse(ValueSpec.decimal("", null, null));
        long scale = measurementType == MEASUREMENT_ELECTRICAL_ENERGY ? 1_000_000 : 1000;
        long min = spec.min() == null ? -MAX_MEASURED : clamp(Math.round(spec.min() * scale), -MAX_MEASURED,
                MAX_MEASURED);
        long max = spec.max() == null ? MAX_MEASURED : clamp(Math.round(spec.max() * scale), min, MAX_MEASURED);
        TlvElement range = Tlv.struct(Tlv.field(0, Tlv.sint(min)), Tlv.field(1, Tlv.sint(max)),
                Tlv.field(2, Tlv.uint(10_000)));
        return Tlv.struct(Tlv.field(0, Tlv.uint(measurementType)), Tlv.field(1, Tlv.bool(true)),
                Tlv.field(2, Tlv.sint(min)), Tlv.field(3, Tlv.sint(max)),
                Tlv.field(4, new TlvElement.Array(TlvTag.anonymous(), List.of(range))));
    }

    /** A core value in base units (W, V, A) as Matter's milli-units (int64), null when never reported. */
    private static TlvElement milli(Optional<Double> value) {
        return value.map(v -> Tlv.sint(clamp(Math.round(v * 1000), -MAX_MEASURED, MAX_MEASURED))).orElse(Tlv.nul());
    }

    // ---- core access ----

    private Device current(Device device) {
        return registry.device(device.id()).orElse(device);
    }

    private Optional<AttributeState> state(Device device, Capability capability, String attribute) {
        return registry.state(new AttributeRef(device.id(), capability.key(), attribute));
    }

    private Optional<Boolean> bool(Device device, Capability capability, String attribute) {
        return state(device, capability, attribute).map(s -> s.value().asBoolean());
    }

    private Optional<Double> number(Device device, Capability capability, String attribute) {
        return state(device, capability, attribute).map(s -> s.value().asDouble());
    }

    private Optional<String> text(Device device, Capability capability, String attribute) {
        return state(device, capability, attribute).map(s -> s.value().asText());
    }

    private boolean isOn(Device device, Capability onOff) {
        return bool(device, onOff, "on").orElse(false);
    }

    /**
     * From now until {@link #takeAnswers()}, a command or write the core accepted but the device has not answered
     * yet is remembered, so the InvokeResponse or WriteResponse can wait for it.
     */
    void collectAnswers() {
        awaitedAnswers = new ArrayList<>();
    }

    /** The device answers still outstanding since {@link #collectAnswers()}; stops collecting. */
    List<CompletableFuture<Void>> takeAnswers() {
        List<CompletableFuture<Void>> taken = awaitedAnswers == null ? List.of() : awaitedAnswers;
        awaitedAnswers = null;
        return taken;
    }

    private ImStatus invoke(Device device, Capability capability, String command, Map<String, Value> arguments) {
        CompletableFuture<Void> result = commands.invoke(device.id(), capability.key(), command, arguments);
        awaitIfPending(result);
        return DeviceErrors.immediate(result, true);
    }

    private ImStatus writeState(Device device, Capability capability, String attribute, Value value,
                                boolean fromCommand) {
        CompletableFuture<Void> result = commands.write(new AttributeRef(device.id(), capability.key(), attribute),
                value);
        // Commands and attribute writes alike wait for the device (MatterBridge collects around both).
        awaitIfPending(result);
        return DeviceErrors.immediate(result, fromCommand);
    }

    private void awaitIfPending(CompletableFuture<Void> result) {
        if (awaitedAnswers != null && !result.isDone()) {
            awaitedAnswers.add(result);
        }
    }

    // ---- conversions ----

    /** Core 0..100 % to Matter 1..254 (0 is not a valid CurrentLevel with the Lighting feature). */
    static long toMatterLevel(double percent) {
        return clamp(Math.round(percent * 254 / 100), 1, 254);
    }

    /** Matter level to core percent. */
    static long toPercent(long level) {
        return clamp(Math.round(level * 100.0 / 254), 0, 100);
    }

    private static long toChromaticity(double value) {
        return clamp(Math.round(value * 65536), 0, 0xFEFF);
    }

    private static long clamp(long value, long min, long max) {
        return Math.max(min, Math.min(max, value));
    }

    private static String label(Device device, String part) {
        String name = device.name().isEmpty() ? device.model() : device.name();
        return part.isEmpty() ? name : name + " " + part;
    }

    private static String truncate(String value) {
        return truncateTo(value, MAX_LABEL_BYTES);
    }

    private static String truncateTo(String value, int maxBytes) {
        String result = value;
        while (result.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
            result = result.substring(0, result.length() - 1);
        }
        return result;
    }
}
