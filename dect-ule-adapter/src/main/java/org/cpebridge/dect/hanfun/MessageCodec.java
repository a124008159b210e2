package org.cpebridge.dect.hanfun;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.cpebridge.bytes.Bytes;
import org.cpebridge.dect.hanfun.HanfunMessage.*;

/**
 * Typed view of a packet's application message. Known interface/member pairs decode to their record; anything else,
 * including packs that name an attribute whose wire size is unknown, stays a {@link Raw} message. A known message
 * whose payload is too short or too long is rejected with {@link HanfunException}.
 */
public final class MessageCodec {
    private MessageCodec() {
    }

    /** Decodes the message of {@code packet}. */
    public static HanfunMessage decode(Packet packet) throws HanfunException {
        return decode(packet.type(), packet.itf(), packet.member(), packet.payload());
    }

    public static HanfunMessage decode(MessageType type, InterfaceAddress itf, int member, Bytes payload)
            throws HanfunException {
        ByteReader reader = ByteReader.of(payload);
        Optional<HanfunMessage> message = switch (type) {
            case COMMAND_REQ, COMMAND_RESP_REQ -> command(itf, member, type == MessageType.COMMAND_RESP_REQ, reader);
            case COMMAND_RES -> commandResponse(itf, member, reader);
            case GET_ATTR_REQ -> Optional.of(new GetAttribute(itf, member));
            case GET_ATTR_RES -> getAttributeResponse(itf, member, reader);
            case SET_ATTR_REQ, SET_ATTR_RESP_REQ -> Optional.of(new SetAttribute(itf, member,
                    readValueToEnd(itf.uid(), member, reader), type == MessageType.SET_ATTR_RESP_REQ));
            case SET_ATTR_RES -> Optional.of(new SetAttributeResponse(itf, member, result(reader)));
            case GET_ATTR_PACK_REQ -> Optional.of(new GetAttributePack(itf, member,
                    member == HanfunMessage.PACK_DYNAMIC ? ids(reader) : emptyIdList(reader)));
            case GET_ATTR_PACK_RES -> {
                ResultCode result = result(reader);
                if (!result.isOk() && reader.remaining() == 0) {
                    // hanfun answers a request it cannot serve with the result byte alone (devices.cpp receive)
                    yield Optional.of(new GetAttributePackResponse(itf, member, result, List.of()));
                }
                yield attributes(itf.uid(), reader)
                        .map(values -> new GetAttributePackResponse(itf, member, result, values));
            }
            case SET_ATTR_PACK_REQ, SET_ATTR_PACK_RESP_REQ, ATOMIC_SET_ATTR_PACK_REQ, ATOMIC_SET_ATTR_PACK_RESP_REQ ->
                member != 0 ? Optional.empty()
                        : attributes(itf.uid(), reader).map(values -> new SetAttributePack(itf, values,
                                type == MessageType.ATOMIC_SET_ATTR_PACK_REQ
                                        || type == MessageType.ATOMIC_SET_ATTR_PACK_RESP_REQ,
                                type == MessageType.SET_ATTR_PACK_RESP_REQ
                                        || type == MessageType.ATOMIC_SET_ATTR_PACK_RESP_REQ));
            case SET_ATTR_PACK_RES -> member != 0 ? Optional.empty() : Optional.of(setPackResults(itf, reader));
            case ATOMIC_SET_ATTR_PACK_RES -> member != 0 ? Optional.empty()
                    : Optional.of(new AtomicSetAttributePackResponse(itf, result(reader)));
        };
        if (message.isEmpty()) {
            return new Raw(type, itf, member, payload);
        }
        reader.expectEnd(message.get().getClass().getSimpleName());
        return message.get();
    }

    private static Optional<HanfunMessage> command(InterfaceAddress itf, int member, boolean rr, ByteReader reader)
            throws HanfunException {
        boolean server = itf.role() == Role.SERVER;
        return switch (itf.uid()) {
            case InterfaceUid.DEVICE_MANAGEMENT -> !server ? Optional.empty() : switch (member) {
                case HanfunMessage.DM_REGISTER -> Optional.of(register(reader, rr));
                case HanfunMessage.DM_DEREGISTER -> Optional.of(new DeregisterRequest(reader.u16("address"), rr));
                default -> Optional.empty();
            };
            case InterfaceUid.ON_OFF -> server && member >= 1 && member <= 3
                    ? Optional.of(new OnOffCommand(OnOffAction.values()[member - 1], rr)) : Optional.empty();
            case InterfaceUid.LEVEL_CONTROL -> !server ? Optional.empty() : switch (member) {
                case 0x01 -> Optional.of(new SetLevel(reader.u8("level"), rr));
                case 0x02, 0x03 -> Optional.of(new StepLevel(member == 0x02, reader.u8("step"), rr));
                default -> Optional.empty();
            };
            case InterfaceUid.ALERT -> !server && member == 0x01
                    ? Optional.of(new AlertStatus(reader.u16("unit type"), reader.u32("alert state"), rr))
                    : Optional.empty();
            case InterfaceUid.SIMPLE_BUTTON -> !server && member >= 1 && member <= 4
                    ? Optional.of(new ButtonEvent(ButtonPress.values()[member - 1], rr)) : Optional.empty();
            case InterfaceUid.SIMPLE_VISUAL_EFFECTS -> server ? effect(member, reader).map(e -> new VisualEffect(e, rr))
                    : Optional.empty();
            case InterfaceUid.COLOUR_CONTROL -> server ? colour(member, reader).map(t -> new ColourCommand(t, rr))
                    : Optional.empty();
            case InterfaceUid.SIMPLE_THERMOSTAT -> server && (member == 0x01 || member == 0x02)
                    ? Optional.of(new ThermostatBoost(member == 0x01, rr)) : Optional.empty();
            case InterfaceUid.SIMPLE_POWER_METER -> member != 0x01 ? Optional.empty()
                    : server ? Optional.of(new MeasurementReset(rr))
                    : attributes(InterfaceUid.SIMPLE_POWER_METER, reader).map(v -> new PowerMeterReport(v, rr));
            case InterfaceUid.KEEP_ALIVE -> !server && member == 0x01
                    ? Optional.of(new KeepAliveNotification(rr)) : Optional.empty();
            case InterfaceUid.ATTRIBUTE_REPORTING -> server ? reportingRequest(member, reader, rr)
                    : reportNotification(member, reader, rr);
            default -> Optional.empty();
        };
    }

    private static RegisterRequest register(ByteReader reader, boolean rr) throws HanfunException {
        Uid.Flagged uid = Uid.read(reader);
        OptionalInt emc = uid.flag() ? OptionalInt.of(reader.u16("EMC")) : OptionalInt.empty();
        int count = reader.u8("unit count");
        List<Unit> units = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int size = reader.u8("unit size");
            if (size < 3) {
                throw new HanfunException(HanfunException.Reason.BAD_VALUE, "unit entry size " + size);
            }
            ByteReader unit = new ByteReader(reader.bytes(size, "unit entry").toByteArray());
            int id = unit.u8("unit id");
            int profile = unit.u16("unit profile");
            List<InterfaceAddress> optional = new ArrayList<>();
            if (unit.hasRemaining()) {
                int itfCount = unit.u8("optional interface count");
                for (int j = 0; j < itfCount; j++) {
                    optional.add(InterfaceAddress.read(unit, "optional interface"));
                }
            }
            unit.expectEnd("unit entry");
            units.add(new Unit(id, profile, optional));
        }
        return new RegisterRequest(uid.uid(), emc, units, rr);
    }

    private static Optional<HanfunMessage> commandResponse(InterfaceAddress itf, int member, ByteReader reader)
            throws HanfunException {
        if (!reader.hasRemaining()) {
            return Optional.empty();
        }
        ResultCode result = result(reader);
        if (itf.uid() == InterfaceUid.DEVICE_MANAGEMENT && itf.role() == Role.SERVER
                && member == HanfunMessage.DM_REGISTER) {
            if (!result.isOk()) {
                return Optional.of(new RegisterResponse(result, 0, OptionalInt.empty()));
            }
            int word = reader.u16("address");
            OptionalInt emc = (word & 0x8000) != 0 ? OptionalInt.of(reader.u16("EMC")) : OptionalInt.empty();
            int address = word & 0x7FFF;
            if (address < Address.FIRST_DEVICE || address > Address.LAST_DEVICE) {
                throw new HanfunException(HanfunException.Reason.BAD_VALUE, "registered address " + address);
            }
            return Optional.of(new RegisterResponse(result, address, emc));
        }
        return Optional.of(new CommandResponse(itf, member, result, reader.rest()));
    }

    private static Optional<HanfunMessage> getAttributeResponse(InterfaceAddress itf, int member, ByteReader reader)
            throws HanfunException {
        ResultCode result = result(reader);
        Optional<Value> value = reader.hasRemaining() ? Optional.of(readValueToEnd(itf.uid(), member, reader))
                : Optional.empty();
        return Optional.of(new GetAttributeResponse(itf, member, result, value));
    }

    private static Optional<Effect> effect(int member, ByteReader reader) throws HanfunException {
        return switch (member) {
            case 0x01 -> Optional.of(new EffectOn(reader.u16("duration")));
            case 0x02 -> Optional.of(new EffectOff());
            case 0x03 -> Optional.of(new EffectBlink(reader.u16("duty on"), reader.u16("duty off"),
                    reader.u16("cycles")));
            case 0x04 -> Optional.of(new EffectFade(reader.u8("start"), reader.u8("end"), reader.u16("duration")));
            case 0x05 -> Optional.of(new EffectBreathe(reader.u8("start"), reader.u16("start hold"),
                    reader.u16("start to end"), reader.u8("end"), reader.u16("end hold"), reader.u16("end to start"),
                    reader.u16("cycles")));
            default -> Optional.empty();
        };
    }

    private static Optional<ColourTarget> colour(int member, ByteReader reader) throws HanfunException {
        return switch (member) {
            case 0x01 -> {
                int hue = reader.u16("hue");
                Direction direction = direction(reader);
                int time = reader.u16("time");
                if (hue > 359) {
                    throw new HanfunException(HanfunException.Reason.BAD_VALUE, "hue " + hue);
                }
                yield Optional.of(new MoveToHue(hue, direction, time));
            }
            case 0x04 -> Optional.of(new MoveToSaturation(reader.u8("saturation"), direction(reader),
                    reader.u16("time")));
            case 0x07 -> {
                Value colour = ValueType.HUE_SATURATION.read(reader, "colour");
                yield Optional.of(new MoveToHueAndSaturation((Value.HueSaturation) colour, direction(reader),
                        reader.u16("time")));
            }
            case 0x08 -> Optional.of(new MoveToXy(new Value.Xy(reader.u16("x"), reader.u16("y")), reader.u16("time")));
            case 0x0B -> Optional.of(new MoveToColourTemperature(reader.u16("colour temperature"), reader.u16("time")));
            case 0x0C -> Optional.of(new StopColour());
            default -> Optional.empty();
        };
    }

    private static Direction direction(ByteReader reader) throws HanfunException {
        int code = reader.u8("direction");
        if (code < 1 || code > Direction.values().length) {
            throw new HanfunException(HanfunException.Reason.BAD_VALUE, "direction " + code);
        }
        return Direction.values()[code - 1];
    }

    private static Optional<HanfunMessage> reportingRequest(int member, ByteReader reader, boolean rr)
            throws HanfunException {
        switch (member) {
            case 0x01:
                return Optional.of(new CreatePeriodicRule(Address.read(reader, "destination"),
                        reader.u32("interval"), rr));
            case 0x02:
                return Optional.of(new CreateEventRule(Address.read(reader, "destination"), rr));
            case 0x03: {
                int reference = reader.u8("report reference");
                int count = reader.u8("entry count");
                List<PeriodicRuleEntry> entries = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    int unit = reader.u8("unit");
                    InterfaceAddress itf = InterfaceAddress.read(reader, "interface");
                    int pack = reader.u8("pack");
                    entries.add(new PeriodicRuleEntry(unit, itf, pack,
                            pack == HanfunMessage.PACK_DYNAMIC ? ids(reader) : List.of()));
                }
                return (reference & 0x80) != 0 ? Optional.empty()
                        : Optional.of(new AddPeriodicEntries(reference, entries, rr));
            }
            case 0x04: {
                int reference = reader.u8("report reference");
                int count = reader.u8("entry count");
                List<EventRuleEntry> entries = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    int unit = reader.u8("unit");
                    InterfaceAddress itf = InterfaceAddress.read(reader, "interface");
                    if (reader.u8("pack") != HanfunMessage.PACK_DYNAMIC) {
                        return Optional.empty();
                    }
                    int fields = reader.u8("field count");
                    List<EventCondition> conditions = new ArrayList<>(fields);
                    for (int j = 0; j < fields; j++) {
                        int attribute = reader.u8("attribute id");
                        EventType eventType = eventType(reader.u8("event type"));
                        Bytes value = eventType == EventType.COV ? reader.bytes(1, "COV value")
                                : reader.bytes(reader.u8("value length"), "threshold value");
                        conditions.add(new EventCondition(attribute, eventType, value));
                    }
                    entries.add(new EventRuleEntry(unit, itf, conditions));
                }
                return (reference & 0x80) == 0 ? Optional.empty()
                        : Optional.of(new AddEventEntries(reference & 0x7F, entries, rr));
            }
            case 0x05: {
                int reference = reader.u8("report reference");
                return Optional.of(new DeleteReport((reference & 0x80) != 0, reference & 0x7F, rr));
            }
            default:
                return Optional.empty();
        }
    }

    private static Optional<HanfunMessage> reportNotification(int member, ByteReader reader, boolean rr)
            throws HanfunException {
        if (member != 0x01 && member != 0x02) {
            return Optional.empty();
        }
        int reference = reader.u8("report reference");
        boolean event = member == 0x02;
        if (((reference & 0x80) != 0) != event) {
            throw new HanfunException(HanfunException.Reason.BAD_VALUE,
                    "report reference type bit does not match the command");
        }
        if (!event) {
            List<ReportEntry> entries = new ArrayList<>();
            while (reader.hasRemaining()) {
                int unit = reader.u8("unit");
                InterfaceAddress itf = InterfaceAddress.read(reader, "interface");
                Optional<List<AttributeValue>> values = attributes(itf.uid(), reader);
                if (values.isEmpty()) {
                    return Optional.empty();
                }
                entries.add(new ReportEntry(unit, itf, values.get()));
            }
            return Optional.of(new PeriodicReport(reference, entries, rr));
        }
        List<EventEntry> entries = new ArrayList<>();
        while (reader.hasRemaining()) {
            int unit = reader.u8("unit");
            InterfaceAddress itf = InterfaceAddress.read(reader, "interface");
            int count = reader.u8("field count");
            List<EventField> fields = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int attribute = reader.u8("attribute id");
                EventType eventType = eventType(reader.u8("event type"));
                Optional<ValueType> valueType = AttributeCatalog.type(itf.uid(), attribute);
                if (valueType.isEmpty()) {
                    return Optional.empty();
                }
                fields.add(new EventField(eventType,
                        new AttributeValue(itf.uid(), attribute, valueType.get().read(reader, "attribute value"))));
            }
            entries.add(new EventEntry(unit, itf, fields));
        }
        return Optional.of(new EventReport(reference & 0x7F, entries, rr));
    }

    private static EventType eventType(int code) throws HanfunException {
        if (code >= EventType.values().length) {
            throw new HanfunException(HanfunException.Reason.BAD_VALUE, "event type " + code);
        }
        return EventType.values()[code];
    }

    private static ResultCode result(ByteReader reader) throws HanfunException {
        return new ResultCode(reader.u8("result code"));
    }

    /**
     * Some bases send an (empty) id count after a mandatory/all pack id; it carries nothing, so it is accepted and
     * dropped (re-encoding omits it, as hanfun does).
     */
    private static List<Integer> emptyIdList(ByteReader reader) throws HanfunException {
        if (reader.remaining() == 1 && reader.u8("attribute count") != 0) {
            throw new HanfunException(HanfunException.Reason.BAD_VALUE, "attribute ids need the dynamic pack");
        }
        return List.of();
    }

    private static List<Integer> ids(ByteReader reader) throws HanfunException {
        int count = reader.u8("attribute count");
        List<Integer> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(reader.u8("attribute id"));
        }
        return ids;
    }

    /** {@code count u8 | (id u8 | value)*}; empty if an attribute's size is unknown (then the message stays raw). */
    private static Optional<List<AttributeValue>> attributes(int interfaceUid, ByteReader reader)
            throws HanfunException {
        int count = reader.u8("attribute count");
        List<AttributeValue> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int attribute = reader.u8("attribute id");
            Optional<ValueType> type = AttributeCatalog.type(interfaceUid, attribute);
            if (type.isEmpty()) {
                return Optional.empty();
            }
            values.add(new AttributeValue(interfaceUid, attribute, type.get().read(reader, "attribute value")));
        }
        return Optional.of(values);
    }

    private static Value readValueToEnd(int interfaceUid, int attribute, ByteReader reader) throws HanfunException {
        Optional<ValueType> type = AttributeCatalog.type(interfaceUid, attribute);
        return type.isPresent() ? type.get().read(reader, "attribute value") : new Value.Octets(reader.rest());
    }

    private static SetAttributePackResponse setPackResults(InterfaceAddress itf, ByteReader reader)
            throws HanfunException {
        int count = reader.u8("result count");
        List<AttributeResult> results = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            results.add(new AttributeResult(reader.u8("attribute id"), result(reader)));
        }
        return new SetAttributePackResponse(itf, results);
    }

    static void writeAttribute(ByteWriter writer, AttributeValue value) {
        writer.u8(value.attribute());
        writeValue(writer, value);
    }

    static void writeValue(ByteWriter writer, AttributeValue value) {
        Optional<ValueType> type = AttributeCatalog.type(value.interfaceUid(), value.attribute());
        if (type.isPresent()) {
            type.get().write(writer, value.value());
        } else {
            writer.bytes(((Value.Octets) value.value()).value());
        }
    }
}
