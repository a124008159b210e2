package org.cpebridge.dect.hanfun;

import java.util.List;
import java.util.OptionalInt;
import org.cpebridge.bytes.Bytes;

/**
 * The application part of a HAN-FUN packet, typed. Each variant knows its message type, interface, member and payload
 * bytes; {@link MessageCodec#decode(Packet)} produces them and falls back to {@link Raw} for interfaces and members it
 * does not know. Layouts follow hanfun 1.5.3 (cited per record).
 *
 * <p>Why one file of about 1,100 lines: the family is sealed, and keeping every variant nested here lets the compiler
 * check each {@code switch} over it without a {@code permits} list to keep in step; each record is small (its fields,
 * range checks, {@link #header()} and payload layout) and the shared header lives once in {@link Header}.
 */
public sealed interface HanfunMessage {
    /**
     * The message-header fields every variant has (hanfun {@code protocol.h} Message: type, interface, member), in one
     * place; each variant derives its header from its own fields.
     */
    record Header(MessageType type, InterfaceAddress itf, int member) {
        public Header {
            if (type == null || itf == null) {
                throw new IllegalArgumentException("type and itf are required");
            }
            checkU8(member, "member");
        }

        /** A command (with or without a response asked for) to {@code itf}. */
        static Header command(boolean responseRequired, InterfaceAddress itf, int member) {
            return new Header(responseRequired ? MessageType.COMMAND_RESP_REQ : MessageType.COMMAND_REQ, itf, member);
        }
    }

    /** Type, interface and member of this message. */
    Header header();

    default MessageType type() {
        return header().type();
    }

    default InterfaceAddress itf() {
        return header().itf();
    }

    default int member() {
        return header().member();
    }

    /** The encoded payload. */
    Bytes payload();

    /** Pack id "all mandatory attributes" (hanfun {@code attributes.h} {@code Pack}). */
    int PACK_MANDATORY = 0x00;
    /** Pack id "all attributes". */
    int PACK_ALL = 0xFE;
    /** Pack id "the attributes listed in the payload". */
    int PACK_DYNAMIC = 0xFF;

    private static void checkU8(int value, String what) {
        if (value < 0 || value > 0xFF) {
            throw new IllegalArgumentException(what + " out of range: " + value);
        }
    }

    private static void checkU16(int value, String what) {
        if (value < 0 || value > 0xFFFF) {
            throw new IllegalArgumentException(what + " out of range: " + value);
        }
    }

    /** Report ids are 7 bits: the reference byte's top bit says periodic or event. */
    private static void checkReportId(int reportId) {
        if (reportId < 0 || reportId > 0x7F) {
            throw new IllegalArgumentException("report id out of range: " + reportId);
        }
    }

    private static void checkU32(long value, String what) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(what + " out of range: " + value);
        }
    }

    /** A message this codec does not interpret, kept byte for byte. */
    record Raw(MessageType type, InterfaceAddress itf, int member, Bytes payload) implements HanfunMessage {
        public Raw {
            if (type == null || itf == null || payload == null) {
                throw new IllegalArgumentException("type, itf and payload are required");
            }
            checkU8(member, "member");
        }

        public Header header() {
            return new Header(type, itf, member);
        }
    }

    // ---------------------------------------------------------------- Device Management (0x0001)

    /** Device Management command ids (hanfun {@code core/device_management.h}). */
    int DM_REGISTER = 0x01;
    int DM_DEREGISTER = 0x02;

    /**
     * One unit in a registration: {@code size u8 (bytes after it) | id u8 | profile u16 | [count u8 | itf u16 * count]}
     * (hanfun {@code DeviceManagement::Unit}; {@code tests/core/test_device_management.cpp} Unit_With_Optional_Itf).
     */
    record Unit(int id, int profile, List<InterfaceAddress> optionalInterfaces) {
        public Unit {
            checkU8(id, "unit id");
            checkU16(profile, "profile");
            optionalInterfaces = List.copyOf(optionalInterfaces);
            if (optionalInterfaces.size() > 0xFF) {
                throw new IllegalArgumentException("too many optional interfaces");
            }
        }
    }

    /**
     * Register (device → base Device Management server): {@code UID (type|0x80 if EMC) | [EMC u16] | count u8 | units}.
     *
     * @param emc electronic manufacturer code, if the device sends one
     */
    record RegisterRequest(Uid uid, OptionalInt emc, List<Unit> units, boolean responseRequired)
            implements HanfunMessage {
        public RegisterRequest {
            if (uid == null || emc == null) {
                throw new IllegalArgumentException("uid and emc are required");
            }
            emc.ifPresent(value -> checkU16(value, "EMC"));
            units = List.copyOf(units);
            checkU8(units.size(), "unit count");
        }

        public Header header() {
            return Header.command(responseRequired,
                    InterfaceAddress.server(InterfaceUid.DEVICE_MANAGEMENT), DM_REGISTER);
        }

        public Bytes payload() {
            ByteWriter writer = new ByteWriter();
            Uid.write(writer, uid, emc.isPresent());
            emc.ifPresent(writer::u16);
            writer.u8(units.size());
            for (Unit unit : units) {
                int count = unit.optionalInterfaces().size();
                writer.u8(3 + (count == 0 ? 0 : 1 + 2 * count)).u8(unit.id()).u16(unit.profile());
                if (count > 0) {
                    writer.u8(count);
                    unit.optionalInterfaces().forEach(itf -> itf.write(writer));
                }
            }
            return writer.toBytes();
        }
    }

    /**
     * Register response (base → device): {@code result u8 | [address u16 (bit 15 = EMC follows) | [EMC u16]]}; the
     * address is present only when the result is OK.
     */
    record RegisterResponse(ResultCode result, int address, OptionalInt emc) implements HanfunMessage {
        public RegisterResponse {
            if (result == null || emc == null) {
                throw new IllegalArgumentException("result and emc are required");
            }
            if (result.isOk() && (address < Address.FIRST_DEVICE || address > Address.LAST_DEVICE)) {
                throw new IllegalArgumentException("registered address out of range: " + address);
            }
            if (!result.isOk() && (address != 0 || emc.isPresent())) {
                throw new IllegalArgumentException("a failed registration carries no address");
            }
            emc.ifPresent(value -> checkU16(value, "EMC"));
        }

        public Header header() {
            return new Header(MessageType.COMMAND_RES,
                    InterfaceAddress.server(InterfaceUid.DEVICE_MANAGEMENT), DM_REGISTER);
        }

        public Bytes payload() {
            ByteWriter writer = new ByteWriter().u8(result.code());
            if (result.isOk()) {
                writer.u16(address | (emc.isPresent() ? 0x8000 : 0));
                emc.ifPresent(writer::u16);
            }
            return writer.toBytes();
        }
    }

    /** De-register: {@code address u16}. */
    record DeregisterRequest(int address, boolean responseRequired) implements HanfunMessage {
        public DeregisterRequest {
            checkU16(address, "address");
        }

        public Header header() {
            return Header.command(responseRequired,
                    InterfaceAddress.server(InterfaceUid.DEVICE_MANAGEMENT), DM_DEREGISTER);
        }

        public Bytes payload() {
            return new ByteWriter().u16(address).toBytes();
        }
    }

    /**
     * Any other command response: {@code result u8 | extra} (the extra bytes are command specific, e.g. a report
     * reference for Attribute Reporting).
     */
    record CommandResponse(InterfaceAddress itf, int member, ResultCode result, Bytes extra)
            implements HanfunMessage {
        public CommandResponse {
            if (itf == null || result == null || extra == null) {
                throw new IllegalArgumentException("itf, result and extra are required");
            }
            checkU8(member, "member");
        }

        public Header header() {
            return new Header(MessageType.COMMAND_RES, itf, member);
        }

        public Bytes payload() {
            return new ByteWriter().u8(result.code()).bytes(extra).toBytes();
        }
    }

    // ---------------------------------------------------------------- On-Off (0x0200), Level Control (0x0201)

    /** On-Off commands 0x01 ON, 0x02 OFF, 0x03 TOGGLE (no payload). */
    record OnOffCommand(OnOffAction action, boolean responseRequired) implements HanfunMessage {
        public OnOffCommand {
            if (action == null) {
                throw new IllegalArgumentException("action is required");
            }
        }

        public Header header() {
            return Header.command(responseRequired, InterfaceAddress.server(InterfaceUid.ON_OFF), action.ordinal() + 1);
        }

        public Bytes payload() {
            return Bytes.EMPTY;
        }
    }

    enum OnOffAction { ON, OFF, TOGGLE }

    /** Level Control SET_LEVEL (0x01): {@code level u8} (0..255). */
    record SetLevel(int level, boolean responseRequired) implements HanfunMessage {
        public SetLevel {
            checkU8(level, "level");
        }

        public Header header() {
            return Header.command(responseRequired, InterfaceAddress.server(InterfaceUid.LEVEL_CONTROL), 0x01);
        }

        public Bytes payload() {
            return new ByteWriter().u8(level).toBytes();
        }
    }

    /** Level Control INCREASE (0x02) / DECREASE (0x03): {@code step u8}. */
    record StepLevel(boolean increase, int step, boolean responseRequired) implements HanfunMessage {
        public StepLevel {
            checkU8(step, "step");
        }

        public Header header() {
            return Header.command(responseRequired,
                    InterfaceAddress.server(InterfaceUid.LEVEL_CONTROL), increase ? 0x02 : 0x03);
        }

        public Bytes payload() {
            return new ByteWriter().u8(step).toBytes();
        }
    }

    // ---------------------------------------------------------------- Alert (0x0100)

    /** Alert state bits this project gives a meaning to (bit per alert source of the detector unit). */
    long ALERT_BIT_MAIN = 0x0000_0001L;
    long ALERT_BIT_TAMPER = 0x0000_0002L;

    /**
     * Alert STATUS (0x01, server → client): {@code unit type u16 | state u32} (hanfun
     * {@code interfaces/alert.h} {@code Alert::Message}; {@code tests/interfaces/test_alert.cpp}).
     *
     * @param unitType the profile of the unit that raised the alert
     * @param state    alert bitmask; bit 0 the unit's own detector (contact open, motion, smoke, flood ...)
     */
    record AlertStatus(int unitType, long state, boolean responseRequired) implements HanfunMessage {
        public AlertStatus {
            checkU16(unitType, "unit type");
            checkU32(state, "state");
        }

        public Header header() {
            return Header.command(responseRequired, InterfaceAddress.client(InterfaceUid.ALERT), 0x01);
        }

        public Bytes payload() {
            return new ByteWriter().u16(unitType).u32(state).toBytes();
        }
    }

    // ---------------------------------------------------------------- Simple Button (0x0304)

    enum ButtonPress { SHORT, LONG, EXTRA_LONG, DOUBLE_CLICK }

    /** Simple Button press notification (server → client), commands 0x01..0x04, no payload. */
    record ButtonEvent(ButtonPress press, boolean responseRequired) implements HanfunMessage {
        public ButtonEvent {
            if (press == null) {
                throw new IllegalArgumentException("press is required");
            }
        }

        public Header header() {
            return Header.command(responseRequired,
                    InterfaceAddress.client(InterfaceUid.SIMPLE_BUTTON), press.ordinal() + 1);
        }

        public Bytes payload() {
            return Bytes.EMPTY;
        }
    }

    // ---------------------------------------------------------------- Simple Visual Effects (0x0305)

    /** A visual effect and its parameters (hanfun {@code interfaces/simple_visual_effects.h}); times in ms. */
    sealed interface Effect {
        int command();

        void write(ByteWriter writer);
    }

    /** ON (0x01): {@code duration u16}. */
    record EffectOn(int duration) implements Effect {
        public EffectOn {
            checkU16(duration, "duration");
        }

        public int command() {
            return 0x01;
        }

        public void write(ByteWriter writer) {
            writer.u16(duration);
        }
    }

    /** OFF (0x02): no parameters. */
    record EffectOff() implements Effect {
        public int command() {
            return 0x02;
        }

        public void write(ByteWriter writer) {
        }
    }

    /** BLINK (0x03): {@code on u16 | off u16 | cycles u16}. */
    record EffectBlink(int dutyOn, int dutyOff, int cycles) implements Effect {
        public EffectBlink {
            checkU16(dutyOn, "duty on");
            checkU16(dutyOff, "duty off");
            checkU16(cycles, "cycles");
        }

        public int command() {
            return 0x03;
        }

        public void write(ByteWriter writer) {
            writer.u16(dutyOn).u16(dutyOff).u16(cycles);
        }
    }

    /** FADE (0x04): {@code start u8 | end u8 | duration u16}. */
    record EffectFade(int start, int end, int duration) implements Effect {
        public EffectFade {
            checkU8(start, "start");
            checkU8(end, "end");
            checkU16(duration, "duration");
        }

        public int command() {
            return 0x04;
        }

        public void write(ByteWriter writer) {
            writer.u8(start).u8(end).u16(duration);
        }
    }

    /** BREATHE (0x05): {@code start u8 | start hold u16 | start→end u16 | end u8 | end hold u16 | end→start u16 | cycles u16}. */
    record EffectBreathe(int start, int startHold, int startToEnd, int end, int endHold, int endToStart, int cycles)
            implements Effect {
        public EffectBreathe {
            checkU8(start, "start");
            checkU16(startHold, "start hold");
            checkU16(startToEnd, "start to end");
            checkU8(end, "end");
            checkU16(endHold, "end hold");
            checkU16(endToStart, "end to start");
            checkU16(cycles, "cycles");
        }

        public int command() {
            return 0x05;
        }

        public void write(ByteWriter writer) {
            writer.u8(start).u16(startHold).u16(startToEnd).u8(end).u16(endHold).u16(endToStart).u16(cycles);
        }
    }

    /** A Simple Visual Effects command (client → server). */
    record VisualEffect(Effect effect, boolean responseRequired) implements HanfunMessage {
        public VisualEffect {
            if (effect == null) {
                throw new IllegalArgumentException("effect is required");
            }
        }

        public Header header() {
            return Header.command(responseRequired,
                    InterfaceAddress.server(InterfaceUid.SIMPLE_VISUAL_EFFECTS), effect.command());
        }

        public Bytes payload() {
            ByteWriter writer = new ByteWriter();
            effect.write(writer);
            return writer.toBytes();
        }
    }

    // ---------------------------------------------------------------- Colour Control (0x0202)

    /** Direction of a hue move (hanfun {@code ColourControl::Direction}). */
    enum Direction { UP, DOWN, SHORTEST, LONGEST }

    /**
     * The Colour Control "move to" commands and Stop (hanfun {@code interfaces/colour_control.h}; transition times in
     * 100 ms). The relative move/step commands stay {@link Raw}.
     */
    sealed interface ColourTarget {
        int command();

        void write(ByteWriter writer);
    }

    /** MOVE_TO_HUE (0x01): {@code hue u16 | direction u8 | time u16}. */
    record MoveToHue(int hue, Direction direction, int time) implements ColourTarget {
        public MoveToHue {
            if (hue < 0 || hue > 359 || direction == null) {
                throw new IllegalArgumentException("hue 0..359 and a direction are required");
            }
            checkU16(time, "time");
        }

        public int command() {
            return 0x01;
        }

        public void write(ByteWriter writer) {
            writer.u16(hue).u8(direction.ordinal() + 1).u16(time);
        }
    }

    /** MOVE_TO_SATURATION (0x04): {@code saturation u8 | direction u8 | time u16}. */
    record MoveToSaturation(int saturation, Direction direction, int time) implements ColourTarget {
        public MoveToSaturation {
            checkU8(saturation, "saturation");
            if (direction == null) {
                throw new IllegalArgumentException("direction is required");
            }
            checkU16(time, "time");
        }

        public int command() {
            return 0x04;
        }

        public void write(ByteWriter writer) {
            writer.u8(saturation).u8(direction.ordinal() + 1).u16(time);
        }
    }

    /** MOVE_TO_HUE_AND_SATURATION (0x07): {@code hue u16 | saturation u8 | direction u8 | time u16}. */
    record MoveToHueAndSaturation(Value.HueSaturation colour, Direction direction, int time) implements ColourTarget {
        public MoveToHueAndSaturation {
            if (colour == null || direction == null) {
                throw new IllegalArgumentException("colour and direction are required");
            }
            checkU16(time, "time");
        }

        public int command() {
            return 0x07;
        }

        public void write(ByteWriter writer) {
            writer.u16(colour.hue()).u8(colour.saturation()).u8(direction.ordinal() + 1).u16(time);
        }
    }

    /** MOVE_TO_XY (0x08): {@code x u16 | y u16 | time u16}. */
    record MoveToXy(Value.Xy colour, int time) implements ColourTarget {
        public MoveToXy {
            if (colour == null) {
                throw new IllegalArgumentException("colour is required");
            }
            checkU16(time, "time");
        }

        public int command() {
            return 0x08;
        }

        public void write(ByteWriter writer) {
            writer.u16(colour.x()).u16(colour.y()).u16(time);
        }
    }

    /** MOVE_TO_COLOUR_TEMPERATURE (0x0B): {@code colour temperature u16 | time u16}. */
    record MoveToColourTemperature(int temperature, int time) implements ColourTarget {
        public MoveToColourTemperature {
            checkU16(temperature, "colour temperature");
            checkU16(time, "time");
        }

        public int command() {
            return 0x0B;
        }

        public void write(ByteWriter writer) {
            writer.u16(temperature).u16(time);
        }
    }

    /** STOP (0x0C): no payload. */
    record StopColour() implements ColourTarget {
        public int command() {
            return 0x0C;
        }

        public void write(ByteWriter writer) {
        }
    }

    /** A Colour Control command (client → server). */
    record ColourCommand(ColourTarget target, boolean responseRequired) implements HanfunMessage {
        public ColourCommand {
            if (target == null) {
                throw new IllegalArgumentException("target is required");
            }
        }

        public Header header() {
            return Header.command(responseRequired,
                    InterfaceAddress.server(InterfaceUid.COLOUR_CONTROL), target.command());
        }

        public Bytes payload() {
            ByteWriter writer = new ByteWriter();
            target.write(writer);
            return writer.toBytes();
        }
    }

    // ---------------------------------------------------------------- Simple Thermostat (0x0303)

    /** Simple Thermostat BOOST_START (0x01) / BOOST_STOP (0x02), no payload. */
    record ThermostatBoost(boolean start, boolean responseRequired) implements HanfunMessage {
        public Header header() {
            return Header.command(responseRequired,
                    InterfaceAddress.server(InterfaceUid.SIMPLE_THERMOSTAT), start ? 0x01 : 0x02);
        }

        public Bytes payload() {
            return Bytes.EMPTY;
        }
    }

    // ---------------------------------------------------------------- Simple Power Meter (0x0300)

    /**
     * Power Meter REPORT (0x01, server → client): {@code count u8 | (attribute id u8 | value) * count}
     * ({@code tests/interfaces/test_simple_power_meter.cpp} pack_data).
     */
    record PowerMeterReport(List<AttributeValue> values, boolean responseRequired) implements HanfunMessage {
        public PowerMeterReport {
            values = List.copyOf(values);
            checkU8(values.size(), "attribute count");
            for (AttributeValue value : values) {
                if (value.interfaceUid() != InterfaceUid.SIMPLE_POWER_METER) {
                    throw new IllegalArgumentException("not a power meter attribute: " + value);
                }
            }
        }

        public Header header() {
            return Header.command(responseRequired, InterfaceAddress.client(InterfaceUid.SIMPLE_POWER_METER), 0x01);
        }

        public Bytes payload() {
            ByteWriter writer = new ByteWriter().u8(values.size());
            values.forEach(value -> MessageCodec.writeAttribute(writer, value));
            return writer.toBytes();
        }
    }

    /** Power Meter MEASUREMENT_RESET (0x01, client → server), no payload. */
    record MeasurementReset(boolean responseRequired) implements HanfunMessage {
        public Header header() {
            return Header.command(responseRequired, InterfaceAddress.server(InterfaceUid.SIMPLE_POWER_METER), 0x01);
        }

        public Bytes payload() {
            return Bytes.EMPTY;
        }
    }

    // ---------------------------------------------------------------- Keep Alive (0x0115)

    /**
     * Keep Alive "I'm alive" (0x01, device → base), no payload. The hanfun library lists the interface UID but does not
     * implement it; command id and direction follow the HAN-FUN interface specification as this project reads it.
     */
    record KeepAliveNotification(boolean responseRequired) implements HanfunMessage {
        public Header header() {
            return Header.command(responseRequired, InterfaceAddress.client(InterfaceUid.KEEP_ALIVE), 0x01);
        }

        public Bytes payload() {
            return Bytes.EMPTY;
        }
    }

    // ---------------------------------------------------------------- Attribute Reporting (0x0006)

    /** Event report condition types (hanfun {@code AttributeReporting::Event::Type}). */
    enum EventType { COV, HIGH_THRESHOLD, LOW_THRESHOLD, EQUAL }

    /** Attribute values of one unit interface in a periodic report: {@code unit u8 | itf u16 | count u8 | (id, value)*}. */
    record ReportEntry(int unit, InterfaceAddress itf, List<AttributeValue> values) {
        public ReportEntry {
            checkU8(unit, "unit");
            values = List.copyOf(values);
            checkU8(values.size(), "attribute count");
        }
    }

    /**
     * Periodic report notification (0x01, server → client): {@code reference u8 (bit 7 = 0, report id) | entries...}
     * ({@code tests/core/test_attribute_reporting.cpp} AttrReport_Report_Periodic).
     */
    record PeriodicReport(int reportId, List<ReportEntry> entries, boolean responseRequired)
            implements HanfunMessage {
        public PeriodicReport {
            checkReportId(reportId);
            entries = List.copyOf(entries);
        }

        public Header header() {
            return Header.command(responseRequired, InterfaceAddress.client(InterfaceUid.ATTRIBUTE_REPORTING), 0x01);
        }

        public Bytes payload() {
            ByteWriter writer = new ByteWriter().u8(reportId);
            for (ReportEntry entry : entries) {
                writer.u8(entry.unit());
                entry.itf().write(writer);
                writer.u8(entry.values().size());
                entry.values().forEach(value -> MessageCodec.writeAttribute(writer, value));
            }
            return writer.toBytes();
        }
    }

    /** One triggered condition in an event report: {@code attribute id u8 | type u8 | value}. */
    record EventField(EventType eventType, AttributeValue value) {
        public EventField {
            if (eventType == null || value == null) {
                throw new IllegalArgumentException("event type and value are required");
            }
        }
    }

    /** The triggered fields of one unit interface: {@code unit u8 | itf u16 | count u8 | fields}. */
    record EventEntry(int unit, InterfaceAddress itf, List<EventField> fields) {
        public EventEntry {
            checkU8(unit, "unit");
            fields = List.copyOf(fields);
            checkU8(fields.size(), "field count");
        }
    }

    /**
     * Event report notification (0x02, server → client): {@code reference u8 (bit 7 = 1, report id) | entries...}
     * ({@code tests/core/test_attribute_reporting.cpp} AttrReport_Report_Event).
     */
    record EventReport(int reportId, List<EventEntry> entries, boolean responseRequired) implements HanfunMessage {
        public EventReport {
            checkReportId(reportId);
            entries = List.copyOf(entries);
        }

        public Header header() {
            return Header.command(responseRequired, InterfaceAddress.client(InterfaceUid.ATTRIBUTE_REPORTING), 0x02);
        }

        public Bytes payload() {
            ByteWriter writer = new ByteWriter().u8(0x80 | reportId);
            for (EventEntry entry : entries) {
                writer.u8(entry.unit());
                entry.itf().write(writer);
                writer.u8(entry.fields().size());
                for (EventField field : entry.fields()) {
                    writer.u8(field.value().attribute()).u8(field.eventType().ordinal());
                    MessageCodec.writeValue(writer, field.value());
                }
            }
            return writer.toBytes();
        }
    }

    /** Create a periodic report rule (0x01, client → server): {@code destination address (3) | interval u32 (s)}. */
    record CreatePeriodicRule(Address destination, long interval, boolean responseRequired)
            implements HanfunMessage {
        public CreatePeriodicRule {
            if (destination == null) {
                throw new IllegalArgumentException("destination is required");
            }
            checkU32(interval, "interval");
        }

        public Header header() {
            return Header.command(responseRequired, InterfaceAddress.server(InterfaceUid.ATTRIBUTE_REPORTING), 0x01);
        }

        public Bytes payload() {
            ByteWriter writer = new ByteWriter();
            destination.write(writer);
            return writer.u32(interval).toBytes();
        }
    }

    /** Create an event report rule (0x02, client → server): {@code destination address (3)}. */
    record CreateEventRule(Address destination, boolean responseRequired) implements HanfunMessage {
        public CreateEventRule {
            if (destination == null) {
                throw new IllegalArgumentException("destination is required");
            }
        }

        public Header header() {
            return Header.command(responseRequired, InterfaceAddress.server(InterfaceUid.ATTRIBUTE_REPORTING), 0x02);
        }

        public Bytes payload() {
            ByteWriter writer = new ByteWriter();
            destination.write(writer);
            return writer.toBytes();
        }
    }

    /**
     * A periodic rule entry: {@code unit u8 | itf u16 | pack u8 | [count u8 | ids]} (ids only for the dynamic pack).
     */
    record PeriodicRuleEntry(int unit, InterfaceAddress itf, int pack, List<Integer> attributes) {
        public PeriodicRuleEntry {
            checkU8(unit, "unit");
            checkU8(pack, "pack");
            attributes = List.copyOf(attributes);
            attributes.forEach(id -> checkU8(id, "attribute id"));
            if (pack != PACK_DYNAMIC && !attributes.isEmpty()) {
                throw new IllegalArgumentException("attribute ids only with the dynamic pack");
            }
        }
    }

    /** Add periodic entries (0x03): {@code reference u8 | count u8 | entries}. */
    record AddPeriodicEntries(int reportId, List<PeriodicRuleEntry> entries, boolean responseRequired)
            implements HanfunMessage {
        public AddPeriodicEntries {
            checkReportId(reportId);
            entries = List.copyOf(entries);
            checkU8(entries.size(), "entry count");
        }

        public Header header() {
            return Header.command(responseRequired, InterfaceAddress.server(InterfaceUid.ATTRIBUTE_REPORTING), 0x03);
        }

        public Bytes payload() {
            ByteWriter writer = new ByteWriter().u8(reportId).u8(entries.size());
            for (PeriodicRuleEntry entry : entries) {
                writer.u8(entry.unit());
                entry.itf().write(writer);
                writer.u8(entry.pack());
                if (entry.pack() == PACK_DYNAMIC) {
                    writer.u8(entry.attributes().size());
                    entry.attributes().forEach(writer::u8);
                }
            }
            return writer.toBytes();
        }
    }

    /**
     * An event rule condition: {@code attribute id u8 | type u8 | value}, value = one byte (change in %) for COV,
     * else {@code length u8 | bytes} ({@code tests/core/test_attribute_reporting.cpp} AttrReport_Event_Entry).
     */
    record EventCondition(int attribute, EventType eventType, Bytes value) {
        public EventCondition {
            checkU8(attribute, "attribute id");
            if (eventType == null || value == null) {
                throw new IllegalArgumentException("event type and value are required");
            }
            if (eventType == EventType.COV ? value.length() != 1 : value.length() > 0xFF) {
                throw new IllegalArgumentException("COV takes one byte, thresholds up to 255");
            }
        }
    }

    /** An event rule entry with the dynamic pack: {@code unit u8 | itf u16 | 0xFF | count u8 | conditions}. */
    record EventRuleEntry(int unit, InterfaceAddress itf, List<EventCondition> conditions) {
        public EventRuleEntry {
            checkU8(unit, "unit");
            conditions = List.copyOf(conditions);
            checkU8(conditions.size(), "condition count");
        }
    }

    /** Add event entries (0x04): {@code reference u8 (bit 7 set) | count u8 | entries}. */
    record AddEventEntries(int reportId, List<EventRuleEntry> entries, boolean responseRequired)
            implements HanfunMessage {
        public AddEventEntries {
            checkReportId(reportId);
            entries = List.copyOf(entries);
            checkU8(entries.size(), "entry count");
        }

        public Header header() {
            return Header.command(responseRequired, InterfaceAddress.server(InterfaceUid.ATTRIBUTE_REPORTING), 0x04);
        }

        public Bytes payload() {
            ByteWriter writer = new ByteWriter().u8(0x80 | reportId).u8(entries.size());
            for (EventRuleEntry entry : entries) {
                writer.u8(entry.unit());
                entry.itf().write(writer);
                writer.u8(PACK_DYNAMIC).u8(entry.conditions().size());
                for (EventCondition condition : entry.conditions()) {
                    writer.u8(condition.attribute()).u8(condition.eventType().ordinal());
                    if (condition.eventType() != EventType.COV) {
                        writer.u8(condition.value().length());
                    }
                    writer.bytes(condition.value());
                }
            }
            return writer.toBytes();
        }
    }

    /** Delete a report rule (0x05): {@code reference u8 (bit 7 = event)}. */
    record DeleteReport(boolean event, int reportId, boolean responseRequired) implements HanfunMessage {
        public DeleteReport {
            checkReportId(reportId);
        }

        public Header header() {
            return Header.command(responseRequired, InterfaceAddress.server(InterfaceUid.ATTRIBUTE_REPORTING), 0x05);
        }

        public Bytes payload() {
            return new ByteWriter().u8((event ? 0x80 : 0) | reportId).toBytes();
        }
    }

    // ---------------------------------------------------------------- attribute access (any interface)

    /** GET_ATTR_REQ: the member is the attribute id, no payload. */
    record GetAttribute(InterfaceAddress itf, int attribute) implements HanfunMessage {
        public GetAttribute {
            if (itf == null) {
                throw new IllegalArgumentException("itf is required");
            }
            checkU8(attribute, "attribute");
        }

        public Header header() {
            return new Header(MessageType.GET_ATTR_REQ, itf, attribute);
        }

        public Bytes payload() {
            return Bytes.EMPTY;
        }
    }

    /** GET_ATTR_RES: {@code result u8 | [value]}; a failed read carries no value. */
    record GetAttributeResponse(InterfaceAddress itf, int attribute, ResultCode result, java.util.Optional<Value> value)
            implements HanfunMessage {
        public GetAttributeResponse {
            if (itf == null || result == null || value == null) {
                throw new IllegalArgumentException("itf, result and value are required");
            }
            checkU8(attribute, "attribute");
            value.ifPresent(present -> new AttributeValue(itf.uid(), attribute, present));
        }

        public Header header() {
            return new Header(MessageType.GET_ATTR_RES, itf, attribute);
        }

        public Bytes payload() {
            ByteWriter writer = new ByteWriter().u8(result.code());
            value.ifPresent(present -> MessageCodec.writeValue(writer, new AttributeValue(itf.uid(), attribute, present)));
            return writer.toBytes();
        }
    }

    /** SET_ATTR_REQ / SET_ATTR_RESP_REQ: the member is the attribute id, the payload its value. */
    record SetAttribute(InterfaceAddress itf, int attribute, Value value, boolean responseRequired)
            implements HanfunMessage {
        public SetAttribute {
            if (itf == null || value == null) {
                throw new IllegalArgumentException("itf and value are required");
            }
            new AttributeValue(itf.uid(), attribute, value);
        }

        public Header header() {
            return new Header(responseRequired ? MessageType.SET_ATTR_RESP_REQ : MessageType.SET_ATTR_REQ,
                    itf, attribute);
        }

        public Bytes payload() {
            ByteWriter writer = new ByteWriter();
            MessageCodec.writeValue(writer, new AttributeValue(itf.uid(), attribute, value));
            return writer.toBytes();
        }
    }

    /** SET_ATTR_RES: {@code result u8}. */
    record SetAttributeResponse(InterfaceAddress itf, int attribute, ResultCode result) implements HanfunMessage {
        public SetAttributeResponse {
            if (itf == null || result == null) {
                throw new IllegalArgumentException("itf and result are required");
            }
            checkU8(attribute, "attribute");
        }

        public Header header() {
            return new Header(MessageType.SET_ATTR_RES, itf, attribute);
        }

        public Bytes payload() {
            return new ByteWriter().u8(result.code()).toBytes();
        }
    }

    /**
     * GET_ATTR_PACK_REQ: the member is the pack id; for the dynamic pack the payload is {@code count u8 | ids}
     * ({@code tests/test_protocol.cpp} GetAttributePack_Request_Pack).
     */
    record GetAttributePack(InterfaceAddress itf, int pack, List<Integer> attributes) implements HanfunMessage {
        public GetAttributePack {
            if (itf == null) {
                throw new IllegalArgumentException("itf is required");
            }
            checkU8(pack, "pack");
            attributes = List.copyOf(attributes);
            attributes.forEach(id -> checkU8(id, "attribute id"));
            checkU8(attributes.size(), "attribute count");
            if (pack != PACK_DYNAMIC && !attributes.isEmpty()) {
                throw new IllegalArgumentException("attribute ids only with the dynamic pack");
            }
        }

        public Header header() {
            return new Header(MessageType.GET_ATTR_PACK_REQ, itf, pack);
        }

        public Bytes payload() {
            if (pack != PACK_DYNAMIC) {
                return Bytes.EMPTY;
            }
            ByteWriter writer = new ByteWriter().u8(attributes.size());
            attributes.forEach(writer::u8);
            return writer.toBytes();
        }
    }

    /**
     * GET_ATTR_PACK_RES: {@code result u8 | count u8 | (id u8 | value) * count}
     * ({@code tests/test_protocol.cpp} GetAttributePack_Response_Pack).
     */
    record GetAttributePackResponse(InterfaceAddress itf, int pack, ResultCode result, List<AttributeValue> values)
            implements HanfunMessage {
        public GetAttributePackResponse {
            if (itf == null || result == null) {
                throw new IllegalArgumentException("itf and result are required");
            }
            checkU8(pack, "pack");
            values = List.copyOf(values);
            checkU8(values.size(), "attribute count");
            for (AttributeValue value : values) {
                if (value.interfaceUid() != itf.uid()) {
                    throw new IllegalArgumentException("attribute of another interface: " + value);
                }
            }
        }

        public Header header() {
            return new Header(MessageType.GET_ATTR_PACK_RES, itf, pack);
        }

        /** A failed read with no values is the result byte alone, as hanfun sends it. */
        public Bytes payload() {
            ByteWriter writer = new ByteWriter().u8(result.code());
            if (result.isOk() || !values.isEmpty()) {
                writer.u8(values.size());
                values.forEach(value -> MessageCodec.writeAttribute(writer, value));
            }
            return writer.toBytes();
        }
    }

    /** SET_ATTR_PACK_* and ATOMIC_SET_ATTR_PACK_*: {@code count u8 | (id u8 | value) * count}, member 0. */
    record SetAttributePack(InterfaceAddress itf, List<AttributeValue> values, boolean atomic,
            boolean responseRequired) implements HanfunMessage {
        public SetAttributePack {
            if (itf == null) {
                throw new IllegalArgumentException("itf is required");
            }
            values = List.copyOf(values);
            checkU8(values.size(), "attribute count");
            for (AttributeValue value : values) {
                if (value.interfaceUid() != itf.uid()) {
                    throw new IllegalArgumentException("attribute of another interface: " + value);
                }
            }
        }

        public Header header() {
            MessageType type = atomic
                    ? responseRequired ? MessageType.ATOMIC_SET_ATTR_PACK_RESP_REQ : MessageType.ATOMIC_SET_ATTR_PACK_REQ
                    : responseRequired ? MessageType.SET_ATTR_PACK_RESP_REQ : MessageType.SET_ATTR_PACK_REQ;
            return new Header(type, itf, 0);
        }

        public Bytes payload() {
            ByteWriter writer = new ByteWriter().u8(values.size());
            values.forEach(value -> MessageCodec.writeAttribute(writer, value));
            return writer.toBytes();
        }
    }

    /** Result for one attribute of a set pack. */
    record AttributeResult(int attribute, ResultCode result) {
        public AttributeResult {
            checkU8(attribute, "attribute");
            if (result == null) {
                throw new IllegalArgumentException("result is required");
            }
        }
    }

    /**
     * SET_ATTR_PACK_RES: {@code count u8 | (id u8 | result u8) * count}
     * ({@code tests/test_protocol.cpp} SetAttributePack_Response_Pack).
     */
    record SetAttributePackResponse(InterfaceAddress itf, List<AttributeResult> results) implements HanfunMessage {
        public SetAttributePackResponse {
            if (itf == null) {
                throw new IllegalArgumentException("itf is required");
            }
            results = List.copyOf(results);
            checkU8(results.size(), "result count");
        }

        public Header header() {
            return new Header(MessageType.SET_ATTR_PACK_RES, itf, 0);
        }

        public Bytes payload() {
            ByteWriter writer = new ByteWriter().u8(results.size());
            results.forEach(result -> writer.u8(result.attribute()).u8(result.result().code()));
            return writer.toBytes();
        }
    }

    /** ATOMIC_SET_ATTR_PACK_RES: {@code result u8}. */
    record AtomicSetAttributePackResponse(InterfaceAddress itf, ResultCode result) implements HanfunMessage {
        public AtomicSetAttributePackResponse {
            if (itf == null || result == null) {
                throw new IllegalArgumentException("itf and result are required");
            }
        }

        public Header header() {
            return new Header(MessageType.ATOMIC_SET_ATTR_PACK_RES, itf, 0);
        }

        public Bytes payload() {
            return new ByteWriter().u8(result.code()).toBytes();
        }
    }
}
