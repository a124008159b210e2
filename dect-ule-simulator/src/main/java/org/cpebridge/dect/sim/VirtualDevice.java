package org.cpebridge.dect.sim;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import org.cpebridge.core.time.Scheduler;
import org.cpebridge.dect.hanfun.Address;
import org.cpebridge.dect.hanfun.AttributeCatalog;
import org.cpebridge.dect.hanfun.AttributeValue;
import org.cpebridge.bytes.Bytes;
import org.cpebridge.dect.hanfun.HanfunException;
import org.cpebridge.dect.hanfun.HanfunMessage;
import org.cpebridge.dect.hanfun.HanfunMessage.*;
import org.cpebridge.dect.hanfun.InterfaceAddress;
import org.cpebridge.dect.hanfun.InterfaceUid;
import org.cpebridge.dect.hanfun.MessageCodec;
import org.cpebridge.dect.hanfun.MessageType;
import org.cpebridge.dect.hanfun.Packet;
import org.cpebridge.dect.hanfun.PacketCodec;
import org.cpebridge.dect.hanfun.Profile;
import org.cpebridge.dect.hanfun.ResultCode;
import org.cpebridge.dect.hanfun.Role;
import org.cpebridge.dect.hanfun.Uid;
import org.cpebridge.dect.hanfun.Value;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One virtual HAN-FUN device. It speaks real HAN-FUN bytes over an {@link InProcessBaseLink}: registers with its IPUI
 * and units, answers attribute reads and writes and commands, keeps event report rules, sends alerts, button presses,
 * power reports and keep-alives, and (battery devices) sleeps: it hears the base only for a short window after it
 * sent something. Owned by the simulator's serial executor; every method runs there.
 *
 * <p>Why one class of about 690 lines: one virtual device plays every device type the simulator offers, and its
 * interface servers (on-off, level, alerts, metering, keep-alive) share the registration state and the sleep window,
 * as in a real node's firmware. It is a test and demo tool, not a router path.
 */
final class VirtualDevice {
    private static final Logger LOG = LoggerFactory.getLogger(VirtualDevice.class);
    private static final int MANUFACTURER_EMC = 0x0F0B;
    private static final long PLUG_LOAD_MILLIWATT = 45_120;
    private static final long MAINS_MILLIVOLT = 230_000;

    private final String id;
    private final DeviceType type;
    private final Uid.Dect ipui;
    private final SimulatorSettings settings;
    private final InProcessBaseLink link;
    private final Scheduler scheduler;
    private final Clock clock;
    private final java.util.concurrent.Executor executor;

    private InProcessBaseLink.Endpoint endpoint;
    private int address = Address.BROADCAST_DEVICE;
    private boolean registered;
    private boolean plugged = true;
    private Instant awakeUntil = Instant.MIN;
    private int nextReference;
    private long droppedWhileAsleep;
    private final List<Scheduler.Cancellable> timers = new ArrayList<>();
    private Scheduler.Cancellable registerRetry;
    private Scheduler.Cancellable motionClear;

    // what the device measures and controls
    private boolean on;
    private int level = 128;
    private long powerLoadMilliwatt = PLUG_LOAD_MILLIWATT;
    private long energyWattHours;
    private int setpoint = 2000;
    private int temperature = 2150;
    private int humidity = 4500;
    private long alertState;
    private int buttonPresses;

    // the base's event report rule (one per device is all the adapter creates)
    private int eventRuleId = -1;
    private Address eventRuleDestination;
    private final List<EventRuleEntry> eventEntries = new ArrayList<>();

    VirtualDevice(String id, DeviceType type, Uid.Dect ipui, SimulatorSettings settings, InProcessBaseLink link,
            java.util.concurrent.Executor executor, Scheduler scheduler, Clock clock) {
        this.id = id;
        this.type = type;
        this.ipui = ipui;
        this.settings = settings;
        this.link = link;
        this.executor = executor;
        this.scheduler = scheduler;
        this.clock = clock;
        if (type == DeviceType.THERMOSTAT) {
            temperature = 1950;
        }
    }

    String id() {
        return id;
    }

    DeviceType type() {
        return type;
    }

    Uid.Dect ipui() {
        return ipui;
    }

    // ------------------------------------------------------------------ lifecycle

    /** Attaches to the base (DECT level) and registers (HAN-FUN level). */
    void attach() {
        endpoint = link.attach(ipui, bytes -> receive(bytes));
        registered = false;
        sendRegister();
        if (timers.isEmpty()) {
            timers.add(scheduler.scheduleAtFixedRate(settings.keepAliveInterval(), settings.keepAliveInterval(),
                    () -> executor.execute(this::keepAlive)));
            if (type == DeviceType.PLUG) {
                timers.add(scheduler.scheduleAtFixedRate(settings.powerReportInterval(),
                        settings.powerReportInterval(), () -> executor.execute(this::meterTick)));
            }
        }
    }

    /** After a base reset the old link is gone: attach again and re-register (the base keeps the address). */
    void reattachIfDetached() {
        if (endpoint == null || !endpoint.attached()) {
            LOG.debug("[dect-sim {}] base link lost, attaching again", id);
            eventRuleId = -1;
            eventEntries.clear();
            attach();
        }
    }

    void stop() {
        timers.forEach(Scheduler.Cancellable::cancel);
        timers.clear();
        cancel(registerRetry);
        cancel(motionClear);
        if (endpoint != null) {
            endpoint.detach();
        }
    }

    private void sendRegister() {
        List<Unit> units = new ArrayList<>();
        for (DeviceType.UnitSpec spec : type.units()) {
            units.add(new Unit(spec.id(), spec.profile().uid(),
                    spec.interfaces().stream().map(InterfaceAddress::server).toList()));
        }
        units.add(new Unit(0, Profile.CORE_UNIT_TYPE, List.of(InterfaceAddress.server(InterfaceUid.KEEP_ALIVE))));
        transmit(new Address(false, Address.BROADCAST_DEVICE, 0), Address.BASE, nextReference(),
                new RegisterRequest(ipui, OptionalInt.of(MANUFACTURER_EMC), units, true));
        cancel(registerRetry);
        registerRetry = scheduler.schedule(settings.registerRetry(), () -> executor.execute(() -> {
            if (!registered && plugged) {
                sendRegister();
            }
        }));
    }

    // ------------------------------------------------------------------ person at the device

    /** What pressing the device's button does. */
    void press() {
        switch (type) {
            case PLUG, LIGHT -> {
                on = !on;
                stateChanged(1, InterfaceUid.ON_OFF, AttributeCatalog.OnOff.STATE);
                if (type == DeviceType.PLUG) {
                    sendPowerReport();
                }
            }
            case CONTACT, SMOKE -> setAlert(alertState == 0 ? 1 : 0);
            case MOTION -> {
                setAlert(1);
                cancel(motionClear);
                motionClear = scheduler.schedule(settings.motionHold(), () -> executor.execute(() -> setAlert(0)));
            }
            case BUTTON -> {
                buttonPresses++;
                notifyBase(1, new ButtonEvent(ButtonPress.SHORT, false));
            }
            case SWITCH -> {
                buttonPresses++;
                notifyBase(1, new OnOffCommand(OnOffAction.TOGGLE, false));
            }
            case THERMOSTAT -> {
                setpoint = setpoint >= 2800 ? 1600 : setpoint + 50;
                stateChanged(1, InterfaceUid.SIMPLE_THERMOSTAT, AttributeCatalog.Thermostat.HEAT_MODE_TEMPERATURE);
            }
            case CLIMATE -> {
                stateChanged(1, InterfaceUid.SIMPLE_TEMPERATURE, AttributeCatalog.Temperature.VALUE);
                stateChanged(2, InterfaceUid.SIMPLE_HUMIDITY, AttributeCatalog.Humidity.VALUE);
            }
        }
    }

    /**
     * Sets values as a person or the environment would (sensor readings, the load on a plug, ...).
     *
     * @throws IllegalArgumentException naming a key this device type does not have, or a bad value
     */
    void set(Map<String, Object> values) {
        for (Map.Entry<String, Object> entry : values.entrySet()) {
            String key = entry.getKey();
            Object value = entry.getValue();
            switch (key) {
                case "on" -> {
                    requireType(key, DeviceType.PLUG, DeviceType.LIGHT);
                    on = bool(key, value);
                    stateChanged(1, InterfaceUid.ON_OFF, AttributeCatalog.OnOff.STATE);
                }
                case "level" -> {
                    requireType(key, DeviceType.LIGHT);
                    level = (int) range(key, number(key, value).longValue(), 0, 255);
                    stateChanged(1, InterfaceUid.LEVEL_CONTROL, AttributeCatalog.LevelControl.LEVEL);
                }
                case "temperature" -> {
                    requireType(key, DeviceType.THERMOSTAT, DeviceType.CLIMATE);
                    temperature = (int) range(key, centi(key, value), -4000, 8000);
                    stateChanged(1, InterfaceUid.SIMPLE_TEMPERATURE, AttributeCatalog.Temperature.VALUE);
                }
                case "humidity" -> {
                    requireType(key, DeviceType.CLIMATE);
                    humidity = (int) range(key, centi(key, value), 0, 10000);
                    stateChanged(2, InterfaceUid.SIMPLE_HUMIDITY, AttributeCatalog.Humidity.VALUE);
                }
                case "setpoint" -> {
                    requireType(key, DeviceType.THERMOSTAT);
                    setpoint = (int) range(key, centi(key, value), 500, 3500);
                    stateChanged(1, InterfaceUid.SIMPLE_THERMOSTAT,
                            AttributeCatalog.Thermostat.HEAT_MODE_TEMPERATURE);
                }
                case "load" -> {
                    requireType(key, DeviceType.PLUG);
                    powerLoadMilliwatt = range(key, Math.round(number(key, value).doubleValue() * 1000), 0,
                            4_000_000);
                    sendPowerReport();
                }
                case "alert", "open", "motion", "smoke" -> {
                    requireType(key, DeviceType.CONTACT, DeviceType.MOTION, DeviceType.SMOKE);
                    setAlert(bool(key, value) ? 1 : 0);
                }
                default -> throw new IllegalArgumentException("unknown value '" + key + "' for a " + type.configName());
            }
        }
    }

    /** Out of range / no power: the device neither sends nor hears anything. */
    void unplug() {
        plugged = false;
    }

    /** Back: it says hello with a keep-alive, or registers if it never got an address. */
    void replug() {
        if (plugged) {
            return;
        }
        plugged = true;
        if (registered) {
            keepAlive();
        } else {
            sendRegister();
        }
    }

    DeviceSnapshot snapshot() {
        Map<String, Object> state = new LinkedHashMap<>();
        switch (type) {
            case PLUG -> {
                state.put("on", on);
                state.put("power", watts(currentPowerMilliwatt()));
                state.put("energy", energyWattHours);
            }
            case LIGHT -> {
                state.put("on", on);
                state.put("level", level);
            }
            case THERMOSTAT -> {
                state.put("setpoint", hundredths(setpoint));
                state.put("temperature", hundredths(temperature));
            }
            case CONTACT -> state.put("open", alertState != 0);
            case MOTION -> state.put("motion", alertState != 0);
            case SMOKE -> state.put("smoke", alertState != 0);
            case CLIMATE -> {
                state.put("temperature", hundredths(temperature));
                state.put("humidity", hundredths(humidity));
            }
            case BUTTON, SWITCH -> state.put("presses", buttonPresses);
        }
        if (type.battery()) {
            state.put("droppedWhileAsleep", droppedWhileAsleep);
        }
        return new DeviceSnapshot(id, type, ipui.hex(), registered ? address : -1, plugged, state);
    }

    // ------------------------------------------------------------------ radio

    private void receive(byte[] bytes) {
        if (!plugged) {
            return;
        }
        if (type.battery() && clock.instant().isAfter(awakeUntil)) {
            droppedWhileAsleep++;
            LOG.trace("[dect-sim {}] asleep, packet lost", id);
            return;
        }
        Packet packet;
        HanfunMessage message;
        try {
            packet = PacketCodec.decode(bytes);
            message = MessageCodec.decode(packet);
        } catch (HanfunException e) {
            LOG.debug("[dect-sim {}] malformed packet from base: {}", id, e.getMessage());
            return;
        }
        Address destination = packet.destination();
        if (!destination.isBroadcast() && destination.device() != address) {
            return;
        }
        if (type.battery()) {
            awakeUntil = clock.instant().plus(settings.awakeWindow());
        }
        handle(packet, message);
    }

    private void handle(Packet packet, HanfunMessage message) {
        int unit = packet.destination().unit();
        if (message instanceof RegisterResponse response) {
            if (response.result().isOk()) {
                address = response.address();
                registered = true;
                cancel(registerRetry);
                LOG.debug("[dect-sim {}] registered, address {}", id, address);
            }
        } else if (message instanceof GetAttribute get) {
            Optional<Value> value = hasInterface(unit, get.itf()) ? attribute(unit, get.itf().uid(), get.attribute())
                    : Optional.empty();
            respond(packet, new GetAttributeResponse(get.itf(), get.attribute(),
                    value.isPresent() ? ResultCode.OK : ResultCode.FAIL_SUPPORT, value));
        } else if (message instanceof GetAttributePack pack) {
            getPack(packet, unit, pack);
        } else if (message instanceof SetAttribute set) {
            ResultCode result = hasInterface(unit, set.itf())
                    ? write(unit, set.itf().uid(), set.attribute(), set.value()) : ResultCode.FAIL_SUPPORT;
            if (set.responseRequired()) {
                respond(packet, new SetAttributeResponse(set.itf(), set.attribute(), result));
            }
        } else if (message instanceof SetAttributePack pack) {
            List<AttributeResult> results = new ArrayList<>();
            for (AttributeValue value : pack.values()) {
                results.add(new AttributeResult(value.attribute(), hasInterface(unit, pack.itf())
                        ? write(unit, pack.itf().uid(), value.attribute(), value.value()) : ResultCode.FAIL_SUPPORT));
            }
            if (pack.responseRequired()) {
                respond(packet, new SetAttributePackResponse(pack.itf(), results));
            }
        } else if (packet.type() == MessageType.COMMAND_REQ || packet.type() == MessageType.COMMAND_RESP_REQ) {
            Bytes extra = Bytes.EMPTY;
            ResultCode result;
            if (!hasInterface(unit, packet.itf())) {
                result = ResultCode.FAIL_SUPPORT;
            } else {
                result = command(unit, message);
                if (result.isOk() && (message instanceof CreateEventRule || message instanceof AddEventEntries)) {
                    extra = Bytes.of((byte) (0x80 | eventRuleId));
                }
            }
            if (packet.type() == MessageType.COMMAND_RESP_REQ) {
                respond(packet, new CommandResponse(packet.itf(), packet.member(), result, extra));
            }
        }
    }

    private ResultCode command(int unit, HanfunMessage message) {
        if (message instanceof OnOffCommand command) {
            on = switch (command.action()) {
                case ON -> true;
                case OFF -> false;
                case TOGGLE -> !on;
            };
            stateChanged(unit, InterfaceUid.ON_OFF, AttributeCatalog.OnOff.STATE);
            if (type == DeviceType.PLUG) {
                sendPowerReport();
            }
            return ResultCode.OK;
        } else if (message instanceof SetLevel setLevel) {
            level = setLevel.level();
            stateChanged(unit, InterfaceUid.LEVEL_CONTROL, AttributeCatalog.LevelControl.LEVEL);
            return ResultCode.OK;
        } else if (message instanceof StepLevel step) {
            level = Math.max(0, Math.min(255, level + (step.increase() ? step.step() : -step.step())));
            stateChanged(unit, InterfaceUid.LEVEL_CONTROL, AttributeCatalog.LevelControl.LEVEL);
            return ResultCode.OK;
        } else if (message instanceof ThermostatBoost) {
            return ResultCode.OK;
        } else if (message instanceof MeasurementReset) {
            energyWattHours = 0;
            return ResultCode.OK;
        } else if (message instanceof CreateEventRule create) {
            eventRuleId = 1;
            eventRuleDestination = create.destination();
            eventEntries.clear();
            return ResultCode.OK;
        } else if (message instanceof AddEventEntries add) {
            if (add.reportId() != eventRuleId) {
                return ResultCode.FAIL_ARG;
            }
            eventEntries.addAll(add.entries());
            return ResultCode.OK;
        } else if (message instanceof DeleteReport delete) {
            if (!delete.event() || delete.reportId() != eventRuleId) {
                return ResultCode.FAIL_ARG;
            }
            eventRuleId = -1;
            eventEntries.clear();
            return ResultCode.OK;
        }
        return ResultCode.FAIL_SUPPORT;
    }

    private void getPack(Packet packet, int unit, GetAttributePack pack) {
        List<Integer> ids = pack.pack() == HanfunMessage.PACK_DYNAMIC ? pack.attributes()
                : attributeIds(pack.itf().uid(), pack.pack() == HanfunMessage.PACK_ALL);
        List<AttributeValue> values = new ArrayList<>();
        ResultCode result = hasInterface(unit, pack.itf()) ? ResultCode.OK : ResultCode.FAIL_SUPPORT;
        if (result.isOk()) {
            for (int attribute : ids) {
                Optional<Value> value = attribute(unit, pack.itf().uid(), attribute);
                if (value.isPresent()) {
                    values.add(new AttributeValue(pack.itf().uid(), attribute, value.get()));
                } else {
                    result = ResultCode.FAIL_SUPPORT;
                }
            }
        }
        respond(packet, new GetAttributePackResponse(pack.itf(), pack.pack(), result, values));
    }

    // ------------------------------------------------------------------ attributes

    private boolean hasInterface(int unit, InterfaceAddress itf) {
        if (itf.role() != Role.SERVER) {
            return false;
        }
        if (unit == 0) {
            return itf.uid() == InterfaceUid.DEVICE_INFORMATION || itf.uid() == InterfaceUid.ATTRIBUTE_REPORTING
                    || itf.uid() == InterfaceUid.KEEP_ALIVE;
        }
        return type.units().stream().anyMatch(spec -> spec.id() == unit && spec.interfaces().contains(itf.uid()));
    }

    private static List<Integer> attributeIds(int interfaceUid, boolean all) {
        return switch (interfaceUid) {
            case InterfaceUid.DEVICE_INFORMATION -> all ? List.of(0x01, 0x02, 0x03, 0x04, 0x07, 0x08, 0x09, 0x0A,
                    0x0B, 0x10) : List.of(0x01, 0x02, 0x03, 0x04);
            case InterfaceUid.ON_OFF, InterfaceUid.LEVEL_CONTROL -> List.of(0x01);
            case InterfaceUid.SIMPLE_POWER_METER -> all ? List.of(0x01, 0x04, 0x07) : List.of(0x04);
            case InterfaceUid.SIMPLE_THERMOSTAT -> List.of(0x01, 0x02, 0x04);
            case InterfaceUid.SIMPLE_TEMPERATURE -> all ? List.of(0x01, 0x02, 0x03, 0x04) : List.of(0x01);
            case InterfaceUid.SIMPLE_HUMIDITY -> all ? List.of(0x01, 0x02) : List.of(0x01);
            case InterfaceUid.ALERT -> List.of(0x01, 0x02);
            case InterfaceUid.SIMPLE_BUTTON -> List.of(0x01, 0x02, 0x03);
            case InterfaceUid.KEEP_ALIVE -> List.of(0x01);
            default -> List.of();
        };
    }

    private Optional<Value> attribute(int unit, int interfaceUid, int attribute) {
        Value value = switch (interfaceUid) {
            case InterfaceUid.DEVICE_INFORMATION -> switch (attribute) {
                case 0x01 -> new Value.U8(2);
                case 0x02, 0x03 -> new Value.U8(1);
                case 0x04 -> new Value.U8(0);
                case 0x07 -> new Value.Text("sim-1.0");
                case 0x08 -> new Value.Text("rev-" + type.configName());
                case 0x09 -> new Value.U16(MANUFACTURER_EMC);
                case 0x0A -> new Value.Octets(ipui.value());
                case 0x0B -> new Value.Text("cpe-bridge simulator");
                case 0x10 -> new Value.Text(id);
                default -> null;
            };
            case InterfaceUid.ON_OFF -> attribute == 0x01 ? new Value.Bool(on) : null;
            case InterfaceUid.LEVEL_CONTROL -> attribute == 0x01 ? new Value.U8(level) : null;
            case InterfaceUid.SIMPLE_POWER_METER -> switch (attribute) {
                case 0x01 -> new Value.Measurement(Value.Measurement.BASE, energyWattHours);
                case 0x04 -> new Value.Measurement(Value.Measurement.MILLI, currentPowerMilliwatt());
                case 0x07 -> new Value.Measurement(Value.Measurement.MILLI, MAINS_MILLIVOLT);
                default -> null;
            };
            case InterfaceUid.SIMPLE_THERMOSTAT -> switch (attribute) {
                case 0x01, 0x02 -> new Value.U8(AttributeCatalog.Thermostat.MODE_HEAT);
                case 0x04 -> new Value.S16(setpoint);
                default -> null;
            };
            case InterfaceUid.SIMPLE_TEMPERATURE -> switch (attribute) {
                case 0x01 -> new Value.S16(temperature);
                case 0x02 -> new Value.S16(-2000);
                case 0x03 -> new Value.S16(6000);
                case 0x04 -> new Value.U16(50);
                default -> null;
            };
            case InterfaceUid.SIMPLE_HUMIDITY -> switch (attribute) {
                case 0x01 -> new Value.U16(humidity);
                case 0x02 -> new Value.U16(200);
                default -> null;
            };
            case InterfaceUid.ALERT -> switch (attribute) {
                case 0x01 -> new Value.U32(alertState);
                case 0x02 -> new Value.U32(0xFFFF_FFFFL);
                default -> null;
            };
            case InterfaceUid.SIMPLE_BUTTON -> switch (attribute) {
                case 0x01 -> new Value.U16(500);
                case 0x02 -> new Value.U16(3000);
                case 0x03 -> new Value.U16(300);
                default -> null;
            };
            case InterfaceUid.KEEP_ALIVE -> attribute == 0x01
                    ? new Value.U32(settings.keepAliveInterval().toSeconds()) : null;
            default -> null;
        };
        return Optional.ofNullable(value);
    }

    private ResultCode write(int unit, int interfaceUid, int attribute, Value value) {
        if (attribute(unit, interfaceUid, attribute).isEmpty()) {
            return ResultCode.FAIL_SUPPORT;
        }
        if (interfaceUid == InterfaceUid.ON_OFF && value instanceof Value.Bool state) {
            on = state.value();
        } else if (interfaceUid == InterfaceUid.LEVEL_CONTROL && value instanceof Value.U8 newLevel) {
            level = newLevel.value();
        } else if (interfaceUid == InterfaceUid.SIMPLE_THERMOSTAT
                && attribute == AttributeCatalog.Thermostat.HEAT_MODE_TEMPERATURE && value instanceof Value.S16 temp) {
            if (temp.value() < 500 || temp.value() > 3500) {
                return ResultCode.FAIL_ARG;
            }
            setpoint = temp.value();
        } else {
            return ResultCode.FAIL_RO_ATTR;
        }
        stateChanged(unit, interfaceUid, attribute);
        return ResultCode.OK;
    }

    // ------------------------------------------------------------------ sending

    /** Reports a changed attribute through the base's event rule, if the rule covers it. */
    private void stateChanged(int unit, int interfaceUid, int attribute) {
        if (eventRuleId < 0 || !registered) {
            return;
        }
        for (EventRuleEntry entry : eventEntries) {
            if (entry.unit() != unit || entry.itf().uid() != interfaceUid) {
                continue;
            }
            for (EventCondition condition : entry.conditions()) {
                if (condition.attribute() == attribute && condition.eventType() == EventType.COV) {
                    Optional<Value> value = attribute(unit, interfaceUid, attribute);
                    value.ifPresent(present -> transmit(Address.device(address, unit), eventRuleDestination,
                            nextReference(), new EventReport(eventRuleId, List.of(new EventEntry(unit, entry.itf(),
                                    List.of(new EventField(EventType.COV,
                                            new AttributeValue(interfaceUid, attribute, present))))), false)));
                    return;
                }
            }
        }
    }

    private void setAlert(long state) {
        alertState = state;
        DeviceType.UnitSpec unit = type.units().get(0);
        notifyBase(unit.id(), new AlertStatus(unit.profile().uid(), alertState, false));
    }

    private void keepAlive() {
        if (registered && plugged) {
            notifyBase(0, new KeepAliveNotification(false));
        }
    }

    private void meterTick() {
        energyWattHours += currentPowerMilliwatt() * settings.powerReportInterval().toMillis() / 3_600_000_000L;
        sendPowerReport();
    }

    private void sendPowerReport() {
        notifyBase(1, new PowerMeterReport(List.of(
                new AttributeValue(InterfaceUid.SIMPLE_POWER_METER, AttributeCatalog.PowerMeter.POWER,
                        new Value.Measurement(Value.Measurement.MILLI, currentPowerMilliwatt())),
                new AttributeValue(InterfaceUid.SIMPLE_POWER_METER, AttributeCatalog.PowerMeter.ENERGY,
                        new Value.Measurement(Value.Measurement.BASE, energyWattHours))), false));
    }

    private void notifyBase(int unit, HanfunMessage message) {
        if (registered) {
            transmit(Address.device(address, unit), Address.BASE, nextReference(), message);
        }
    }

    private void respond(Packet request, HanfunMessage response) {
        boolean broadcast = settings.broadcastResponses();
        Address source = broadcast ? Address.BROADCAST : Address.device(address, request.destination().unit());
        Address destination = broadcast ? Address.BROADCAST : request.source();
        transmit(source, destination, request.reference(), response);
    }

    private void transmit(Address source, Address destination, int reference, HanfunMessage message) {
        if (!plugged || endpoint == null) {
            return;
        }
        Packet packet = new Packet(source, destination, 0, reference, message.type(), message.itf(),
                message.member(), message.payload());
        endpoint.send(PacketCodec.encode(packet));
        if (type.battery()) {
            awakeUntil = clock.instant().plus(settings.awakeWindow());
        }
    }

    private int nextReference() {
        nextReference = (nextReference + 1) & 0xFF;
        return nextReference;
    }

    private long currentPowerMilliwatt() {
        return on ? powerLoadMilliwatt : 0;
    }

    // ------------------------------------------------------------------ helpers

    private void requireType(String key, DeviceType... types) {
        for (DeviceType allowed : types) {
            if (allowed == type) {
                return;
            }
        }
        throw new IllegalArgumentException("a " + type.configName() + " has no '" + key + "'");
    }

    private static boolean bool(String key, Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException("'" + key + "' takes true or false");
    }

    private static Number number(String key, Object value) {
        if (value instanceof Number n) {
            return n;
        }
        throw new IllegalArgumentException("'" + key + "' takes a number");
    }

    /** A decimal value in hundredths (21.5 °C → 2150). */
    private static long centi(String key, Object value) {
        return new BigDecimal(number(key, value).toString()).movePointRight(2).setScale(0, RoundingMode.HALF_UP)
                .longValueExact();
    }

    private static long range(String key, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException("'" + key + "' out of range");
        }
        return value;
    }

    private static double hundredths(int centi) {
        return centi / 100.0;
    }

    private static double watts(long milliwatt) {
        return milliwatt / 1000.0;
    }

    private static void cancel(Scheduler.Cancellable cancellable) {
        if (cancellable != null) {
            cancellable.cancel();
        }
    }
}
