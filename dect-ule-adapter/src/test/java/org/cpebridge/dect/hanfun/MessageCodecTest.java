package org.cpebridge.dect.hanfun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.cpebridge.bytes.Bytes;
import org.cpebridge.dect.hanfun.AttributeCatalog.DeviceInformation;
import org.cpebridge.dect.hanfun.AttributeCatalog.PowerMeter;
import org.cpebridge.dect.hanfun.HanfunMessage.*;
import org.junit.jupiter.api.Test;

class MessageCodecTest {

    /** Decodes {@code hex} as the payload of the message's own header and checks both directions. */
    private static HanfunMessage roundTrip(HanfunMessage expected, String hex) throws HanfunException {
        Bytes payload = Bytes.fromHex(hex);
        HanfunMessage decoded = MessageCodec.decode(expected.type(), expected.itf(), expected.member(), payload);
        assertEquals(expected, decoded);
        assertEquals(payload, expected.payload());
        return decoded;
    }

    private static HanfunException.Reason rejected(MessageType type, InterfaceAddress itf, int member, String hex) {
        return assertThrows(HanfunException.class,
                () -> MessageCodec.decode(type, itf, member, Bytes.fromHex(hex))).reason();
    }

    // ------------------------------------------------------------ Device Management

    /** Observed hf_node registration (reference notes A.2): whole packet, UID NONE, two units. */
    @Test
    void observedRegisterRequestPacket() throws HanfunException {
        Bytes wire = Bytes.fromHex(
                "7FFF 00"        // source: unregistered device, unit 0
                + "0000 00"      // destination: base, unit 0
                + "0000"         // transport
                + "00"           // reference
                + "01"           // COMMAND_REQ
                + "8001"         // Device Management, server role
                + "01"           // REGISTER
                + "0016"         // payload length 22
                + "00 00"        // UID type NONE, length 0
                + "02"           // two units
                + "03 01 0108"   // unit 1: size 3, id 1, profile Simple Light
                + "0E 00 0000 05 8102 8007 8008 8009 800A"); // unit 0: size 14, core, 5 optional server itfs
        Packet packet = PacketCodec.decode(wire.toByteArray());
        RegisterRequest register = assertInstanceOf(RegisterRequest.class, MessageCodec.decode(packet));
        assertEquals(new Uid.None(), register.uid());
        assertEquals(OptionalInt.empty(), register.emc());
        assertEquals(List.of(
                new Unit(1, Profile.SIMPLE_LIGHT.uid(), List.of()),
                new Unit(0, Profile.CORE_UNIT_TYPE, List.of(InterfaceAddress.server(0x0102),
                        InterfaceAddress.server(0x0007), InterfaceAddress.server(0x0008),
                        InterfaceAddress.server(0x0009), InterfaceAddress.server(0x000A)))), register.units());
        assertEquals(wire, Bytes.of(PacketCodec.encode(Packet.of(packet.source(), packet.destination(), 0, register))));
    }

    /** hanfun {@code tests/core/test_device_management.cpp} DeviceManagement_RegisterMessage No_EMC. */
    @Test
    void registerWithDectIpuiNoEmc() throws HanfunException {
        Unit unit = new Unit(0x42, 0x5AA5, List.of());
        roundTrip(new RegisterRequest(new Uid.Dect(Bytes.fromHex("007370AABB")), OptionalInt.empty(),
                List.of(unit, unit, unit), false),
                "01"                 // discriminator type DECT
                + "05"               // UID size
                + "00 73 70 AA BB"   // IPUI
                + "03"               // number of units
                + "03 42 5AA5"       // unit 1
                + "03 42 5AA5"       // unit 2
                + "03 42 5AA5");     // unit 3
    }

    /** Same file, the EMC variant: type byte 0x80 | DECT, EMC after the UID. */
    @Test
    void registerWithEmc() throws HanfunException {
        Unit unit = new Unit(0x42, 0x5AA5, List.of());
        roundTrip(new RegisterRequest(new Uid.Dect(Bytes.fromHex("007370AABB")), OptionalInt.of(0x4243),
                List.of(unit, unit, unit), true),
                "81"                 // 0x80 (EMC present) | DECT
                + "05 007370AABB"    // size, IPUI
                + "4243"             // EMC
                + "03 0342 5AA5 0342 5AA5 0342 5AA5");
    }

    /** Same file, DeviceManagement Unit_With_Optional_Itf: size 0x0A counts id, profile, count and 3 interfaces. */
    @Test
    void registerUnitWithOptionalInterfaces() throws HanfunException {
        Unit unit = new Unit(0x42, 0x5AA5, List.of(InterfaceAddress.server(0x5432), InterfaceAddress.client(0x1234),
                InterfaceAddress.server(0x5678)));
        roundTrip(new RegisterRequest(new Uid.None(), OptionalInt.empty(), List.of(unit), false),
                "00 00"              // UID NONE
                + "01"               // one unit
                + "0A"               // unit entry size
                + "42"               // unit id
                + "5AA5"             // unit profile
                + "03"               // number of optional interfaces
                + "D432 1234 D678"); // server 0x5432, client 0x1234, server 0x5678
    }

    /** Observed base reply (reference notes A.2) and test_device_management.cpp RegisterResponse (0xC243 + EMC). */
    @Test
    void registerResponses() throws HanfunException {
        roundTrip(new RegisterResponse(ResultCode.OK, 1, OptionalInt.empty()),
                "00"       // result OK
                + "0001"); // device address 1
        roundTrip(new RegisterResponse(ResultCode.OK, 0x4243, OptionalInt.of(0xAABB)),
                "00"       // result OK
                + "C243"   // bit 15: EMC follows; address 0x4243
                + "AABB"); // EMC
        roundTrip(new RegisterResponse(ResultCode.FAIL_RESOURCES, 0, OptionalInt.empty()), "FE");
    }

    @Test
    void deregister() throws HanfunException {
        roundTrip(new DeregisterRequest(0x0005, true), "0005"); // address to remove
    }

    @Test
    void registerRejectsBadUnits() {
        InterfaceAddress dm = InterfaceAddress.server(InterfaceUid.DEVICE_MANAGEMENT);
        // unit entry claims 5 bytes, 4 present
        assertEquals(HanfunException.Reason.TRUNCATED,
                rejected(MessageType.COMMAND_REQ, dm, 1, "0000 01 05 01 0108 01"));
        // DECT UID with 4 bytes
        assertEquals(HanfunException.Reason.BAD_VALUE,
                rejected(MessageType.COMMAND_REQ, dm, 1, "01 04 00737000 00"));
        // optional interface count larger than the unit entry
        assertEquals(HanfunException.Reason.TRUNCATED,
                rejected(MessageType.COMMAND_REQ, dm, 1, "0000 01 06 01 0108 02 8200"));
    }

    // ------------------------------------------------------------ generic responses and attributes

    /** Observed hf_node On response (reference notes A.2): COMMAND_RES with one result byte. */
    @Test
    void commandResponse() throws HanfunException {
        roundTrip(new CommandResponse(InterfaceAddress.server(InterfaceUid.ON_OFF), 1, ResultCode.OK, Bytes.EMPTY),
                "00");
        roundTrip(new CommandResponse(InterfaceAddress.server(InterfaceUid.ON_OFF), 1, new ResultCode(0x77),
                Bytes.EMPTY), "77");
        assertEquals("UNKNOWN(0x77)", new ResultCode(0x77).name());
    }

    /** Observed GET_ATTR_PACK_RES for On-Off mandatory attributes (reference notes A.2): OK, 1 attr, state off. */
    @Test
    void getAttributePackResponseOnOff() throws HanfunException {
        roundTrip(new GetAttributePackResponse(InterfaceAddress.server(InterfaceUid.ON_OFF), HanfunMessage.PACK_MANDATORY,
                ResultCode.OK, List.of(new AttributeValue(InterfaceUid.ON_OFF, 1, new Value.Bool(false)))),
                "00"    // result OK
                + "01"  // one attribute
                + "01"  // attribute 1 (state)
                + "00"); // off
    }

    /**
     * A node that cannot serve the read answers the result byte alone (hanfun {@code src/devices.cpp}
     * {@code AbstractDevice::receive} packs only a {@code Protocol::Response}): here FAIL_UNKNOWN from a node that
     * lost its address.
     */
    @Test
    void getAttributePackResponseWithTheResultAlone() throws HanfunException {
        roundTrip(new GetAttributePackResponse(InterfaceAddress.server(InterfaceUid.ON_OFF), HanfunMessage.PACK_MANDATORY,
                ResultCode.FAIL_UNKNOWN, List.of()),
                "FF"); // result FAIL_UNKNOWN, nothing after it
    }

    /** hanfun {@code tests/test_protocol.cpp} GetAttributePack_Request_Pack: dynamic pack, ids 1..20. */
    @Test
    void getAttributePackDynamic() throws HanfunException {
        List<Integer> ids = java.util.stream.IntStream.rangeClosed(1, 20).boxed().toList();
        roundTrip(new GetAttributePack(InterfaceAddress.server(0x0301), HanfunMessage.PACK_DYNAMIC, ids),
                "14"  // number of attribute ids
                + "0102030405060708090A0B0C0D0E0F1011121314");
    }

    /** Observed base GET_ATTR_PACK_REQ with member 0 and a stray zero count byte is accepted (reference notes A.2). */
    @Test
    void getAttributePackMandatoryToleratesZeroCount() throws HanfunException {
        HanfunMessage decoded = MessageCodec.decode(MessageType.GET_ATTR_PACK_REQ,
                InterfaceAddress.server(InterfaceUid.ON_OFF), 0, Bytes.fromHex("00"));
        assertEquals(new GetAttributePack(InterfaceAddress.server(InterfaceUid.ON_OFF), 0, List.of()), decoded);
        assertEquals(Bytes.EMPTY, decoded.payload());
    }

    /** hanfun {@code tests/test_protocol.cpp} SetAttributePack_Response_Pack. */
    @Test
    void setAttributePackResponse() throws HanfunException {
        roundTrip(new SetAttributePackResponse(InterfaceAddress.server(0x7AAA), List.of(
                new AttributeResult(1, ResultCode.OK), new AttributeResult(2, ResultCode.FAIL_RO_ATTR),
                new AttributeResult(6, ResultCode.FAIL_SUPPORT))),
                "03"        // number of results
                + "01 00"   // attribute 1 OK
                + "02 04"   // attribute 2 FAIL_RO_ATTR
                + "06 03"); // attribute 6 FAIL_SUPPORT
    }

    /** hanfun {@code tests/interfaces/test_level_control.cpp}: SET_ATTR_REQ level attribute, value 0xAA. */
    @Test
    void setLevelAttribute() throws HanfunException {
        roundTrip(new SetAttribute(InterfaceAddress.server(InterfaceUid.LEVEL_CONTROL), 1, new Value.U8(0xAA), false),
                "AA"); // level value
    }

    @Test
    void setAttributePackThermostatSetPoint() throws HanfunException {
        InterfaceAddress thermostat = InterfaceAddress.server(InterfaceUid.SIMPLE_THERMOSTAT);
        roundTrip(new SetAttributePack(thermostat, List.of(
                new AttributeValue(InterfaceUid.SIMPLE_THERMOSTAT, 0x04, new Value.S16(2150)),
                new AttributeValue(InterfaceUid.SIMPLE_THERMOSTAT, 0x02, new Value.U8(1))), true, true),
                "02"          // two attributes
                + "04 0866"   // heat mode temperature 21.50 °C (0.01 °C)
                + "02 01");   // heat/cool mode: heat
    }

    @Test
    void getAttributeResponses() throws HanfunException {
        InterfaceAddress temperature = InterfaceAddress.server(InterfaceUid.SIMPLE_TEMPERATURE);
        roundTrip(new GetAttributeResponse(temperature, 1, ResultCode.OK, Optional.of(new Value.S16(-525))),
                "00 FDF3"); // OK, -5.25 °C
        roundTrip(new GetAttributeResponse(temperature, 9, ResultCode.FAIL_SUPPORT, Optional.empty()), "03");
        // unknown attribute: the rest of the payload is its value
        roundTrip(new GetAttributeResponse(temperature, 9, ResultCode.OK, Optional.of(new Value.Octets(
                Bytes.fromHex("0102")))), "00 0102");
    }

    @Test
    void deviceInformationPack() throws HanfunException {
        InterfaceAddress info = InterfaceAddress.server(InterfaceUid.DEVICE_INFORMATION);
        roundTrip(new GetAttributePackResponse(info, HanfunMessage.PACK_ALL, ResultCode.OK, List.of(
                new AttributeValue(InterfaceUid.DEVICE_INFORMATION, DeviceInformation.CORE_VERSION, new Value.U8(2)),
                new AttributeValue(InterfaceUid.DEVICE_INFORMATION, DeviceInformation.EMC, new Value.U16(0x0512)),
                new AttributeValue(InterfaceUid.DEVICE_INFORMATION, DeviceInformation.DECT_ID,
                        new Value.Octets(Bytes.fromHex("0533307704"))),
                new AttributeValue(InterfaceUid.DEVICE_INFORMATION, DeviceInformation.MANUFACTURER_NAME,
                        new Value.Text("AVM")),
                new AttributeValue(InterfaceUid.DEVICE_INFORMATION, DeviceInformation.UID,
                        new Value.UidValue(new Uid.Uri("hf://node.example.com/1"))))),
                "00 05"                // OK, five attributes
                + "01 02"              // core version 2 (hanfun CORE_VERSION)
                + "09 0512"            // EMC
                + "0A 0533307704"      // DECT id: 5 raw bytes (src/attributes.cpp DECT_ID_ATTR)
                + "0B 03 41564D"       // manufacturer: length-prefixed string
                + "0F 03 17 68663A2F2F6E6F64652E6578616D706C652E636F6D2F31"); // UID: URI of 23 chars
    }

    @Test
    void packWithUnknownAttributeStaysRaw() throws HanfunException {
        InterfaceAddress info = InterfaceAddress.server(InterfaceUid.DEVICE_INFORMATION);
        HanfunMessage decoded = MessageCodec.decode(MessageType.GET_ATTR_PACK_RES, info, 0xFE,
                Bytes.fromHex("00 02 01 02 0E 0102")); // 0x0E friendly name is not in the catalog
        Raw raw = assertInstanceOf(Raw.class, decoded);
        assertEquals(Bytes.fromHex("00 02 01 02 0E 0102"), raw.payload());
    }

    @Test
    void unknownInterfaceAndMemberStayRaw() throws HanfunException {
        assertInstanceOf(Raw.class, MessageCodec.decode(MessageType.COMMAND_REQ, InterfaceAddress.server(0x7F05), 1,
                Bytes.fromHex("0102")));
        assertInstanceOf(Raw.class, MessageCodec.decode(MessageType.COMMAND_REQ,
                InterfaceAddress.server(InterfaceUid.ON_OFF), 9, Bytes.EMPTY));
        // right member, wrong role: not the On command
        assertInstanceOf(Raw.class, MessageCodec.decode(MessageType.COMMAND_REQ,
                InterfaceAddress.client(InterfaceUid.ON_OFF), 1, Bytes.EMPTY));
    }

    // ------------------------------------------------------------ functional interfaces

    /** Observed base On command (reference notes A.2): COMMAND_RESP_REQ, On-Off server, member 1, empty. */
    @Test
    void onOffCommands() throws HanfunException {
        roundTrip(new OnOffCommand(OnOffAction.ON, true), "");
        roundTrip(new OnOffCommand(OnOffAction.OFF, false), "");
        assertEquals(3, new OnOffCommand(OnOffAction.TOGGLE, false).member());
        assertEquals(HanfunException.Reason.OVERSIZED, rejected(MessageType.COMMAND_REQ,
                InterfaceAddress.server(InterfaceUid.ON_OFF), 1, "01"));
    }

    @Test
    void levelCommands() throws HanfunException {
        roundTrip(new SetLevel(0xAA, true), "AA");           // test_level_control.cpp level value 0xAA
        roundTrip(new StepLevel(true, 0x10, false), "10");   // increase by 16
        roundTrip(new StepLevel(false, 0x10, false), "10");  // decrease by 16
        assertEquals(HanfunException.Reason.TRUNCATED, rejected(MessageType.COMMAND_REQ,
                InterfaceAddress.server(InterfaceUid.LEVEL_CONTROL), 1, ""));
    }

    /** hanfun {@code tests/interfaces/test_alert.cpp} AlertMessage: unit type 0x5AA5, state 0xFFA55ABB. */
    @Test
    void alertStatus() throws HanfunException {
        roundTrip(new AlertStatus(0x5AA5, 0xFFA55ABBL, false),
                "5AA5"          // unit type
                + "FFA55ABB");  // state bitmask
        assertEquals(HanfunException.Reason.TRUNCATED, rejected(MessageType.COMMAND_REQ,
                InterfaceAddress.client(InterfaceUid.ALERT), 1, "5AA5 FFA5"));
    }

    @Test
    void buttonPresses() throws HanfunException {
        for (ButtonPress press : ButtonPress.values()) {
            roundTrip(new ButtonEvent(press, false), "");
        }
        assertEquals(4, new ButtonEvent(ButtonPress.DOUBLE_CLICK, false).member());
    }

    /** hanfun {@code tests/interfaces/test_simple_visual_effects.cpp} server On/Blink/Fade/Breathe payloads. */
    @Test
    void visualEffects() throws HanfunException {
        roundTrip(new VisualEffect(new EffectOn(0x5AA5), false), "5AA5");                 // duration
        roundTrip(new VisualEffect(new EffectOff(), false), "");
        roundTrip(new VisualEffect(new EffectBlink(0x1234, 0x5678, 0x9ABC), false),
                "1234 5678 9ABC");                                                          // on, off, cycles
        roundTrip(new VisualEffect(new EffectFade(0x12, 0x34, 0x5678), false), "12 34 5678"); // start, end, time
        roundTrip(new VisualEffect(new EffectBreathe(0x12, 0x3456, 0x789A, 0xBC, 0xDEF1, 0x2345, 0x6789), false),
                "12 3456 789A BC DEF1 2345 6789");
        assertEquals(HanfunException.Reason.TRUNCATED, rejected(MessageType.COMMAND_REQ,
                InterfaceAddress.server(InterfaceUid.SIMPLE_VISUAL_EFFECTS), 3, ""));
    }

    /** hanfun {@code tests/interfaces/test_colour_control.cpp} message pack vectors. */
    @Test
    void colourControlCommands() throws HanfunException {
        roundTrip(new ColourCommand(new MoveToHue(0x0118, Direction.UP, 0x1234), true),
                "0118 01 1234");                      // MoveToHue_pack: hue 280, direction UP, time
        roundTrip(new ColourCommand(new MoveToSaturation(0x5A, Direction.UP, 0x1234), true),
                "5A 01 1234");                        // MoveToSaturation_pack: saturation, direction, time
        roundTrip(new ColourCommand(new MoveToHueAndSaturation(new Value.HueSaturation(0x0123, 0x45), Direction.UP,
                0x6789), true), "0123 45 01 6789");   // MoveToHueSaturation: hue, saturation, direction, time
        roundTrip(new ColourCommand(new MoveToXy(new Value.Xy(0x1234, 0x5678), 0x9ABC), false),
                "1234 5678 9ABC");                    // MoveToXY_pack: x, y, time
        roundTrip(new ColourCommand(new MoveToColourTemperature(0x1234, 0x5678), false),
                "1234 5678");                         // MoveToTemperature_pack: colour temperature, time
        roundTrip(new ColourCommand(new StopColour(), true), "");
        // hue above 359 (hanfun clamps on construction; on the wire it is malformed)
        assertEquals(HanfunException.Reason.BAD_VALUE, rejected(MessageType.COMMAND_REQ,
                InterfaceAddress.server(InterfaceUid.COLOUR_CONTROL), 1, "0168 01 0000"));
        assertEquals(HanfunException.Reason.BAD_VALUE, rejected(MessageType.COMMAND_REQ,
                InterfaceAddress.server(InterfaceUid.COLOUR_CONTROL), 1, "0010 05 0000")); // direction 5
        // MoveHue (0x02) is not typed: kept raw
        assertInstanceOf(Raw.class, MessageCodec.decode(MessageType.COMMAND_REQ,
                InterfaceAddress.server(InterfaceUid.COLOUR_CONTROL), 2, Bytes.fromHex("01 0118")));
        // HS_Colour_pack attribute value
        roundTrip(new GetAttributeResponse(InterfaceAddress.server(InterfaceUid.COLOUR_CONTROL), 3, ResultCode.OK,
                Optional.of(new Value.HueSaturation(0x0123, 0x45))), "00 0123 45");
    }

    @Test
    void thermostatBoostAndPowerMeterReset() throws HanfunException {
        roundTrip(new ThermostatBoost(true, true), "");
        roundTrip(new ThermostatBoost(false, true), "");
        roundTrip(new MeasurementReset(true), "");
        roundTrip(new KeepAliveNotification(false), "");
    }

    /** hanfun {@code tests/interfaces/test_simple_power_meter.cpp} pack_data (all ten report attributes). */
    @Test
    void powerMeterReport() throws HanfunException {
        int uid = InterfaceUid.SIMPLE_POWER_METER;
        roundTrip(new PowerMeterReport(List.of(
                new AttributeValue(uid, PowerMeter.ENERGY, new Value.Measurement(0x00, 0xFF5AA5C1L)),
                new AttributeValue(uid, PowerMeter.ENERGY_AT_RESET, new Value.Measurement(0x10, 0xFF5AA5C2L)),
                new AttributeValue(uid, PowerMeter.TIME_AT_RESET, new Value.Measurement(0x01, 0xFF5AA5C3L)),
                new AttributeValue(uid, PowerMeter.POWER, new Value.Measurement(0x11, 0xFF5AA5C4L)),
                new AttributeValue(uid, PowerMeter.AVG_POWER, new Value.Measurement(0x12, 0xFF5AA5C5L)),
                new AttributeValue(uid, PowerMeter.AVG_POWER_INTERVAL, new Value.U16(0x5AA5)),
                new AttributeValue(uid, PowerMeter.POWER_FACTOR, new Value.U8(0xAA)),
                new AttributeValue(uid, PowerMeter.VOLTAGE, new Value.Measurement(0x21, 0xFF5AA5C6L)),
                new AttributeValue(uid, PowerMeter.CURRENT, new Value.Measurement(0x22, 0xFF5AA5C7L)),
                new AttributeValue(uid, PowerMeter.FREQUENCY, new Value.Measurement(0x23, 0xFF5AA5C8L))), false),
                "0A"                // number of attributes
                + "01 00 FF5AA5C1"  // energy, base precision
                + "02 10 FF5AA5C2"  // energy at reset, milli
                + "03 01 FF5AA5C3"  // time at reset, Time::UPTIME
                + "04 11 FF5AA5C4"  // power, micro
                + "05 12 FF5AA5C5"  // average power, nano
                + "06 5AA5"         // average power interval
                + "0A AA"           // power factor
                + "07 21 FF5AA5C6"  // voltage, mega
                + "08 22 FF5AA5C7"  // current, giga
                + "09 23 FF5AA5C8"); // frequency, tera
    }

    // ------------------------------------------------------------ Attribute Reporting

    /**
     * Periodic notification in the layout of {@code tests/core/test_attribute_reporting.cpp}
     * AttrReport_Report_Periodic (report id, then unit | itf | count | (id, value)* until the end), with On-Off and
     * temperature attributes instead of the test interface's.
     */
    @Test
    void periodicReportNotification() throws HanfunException {
        roundTrip(new PeriodicReport(0x0A, List.of(
                new ReportEntry(1, InterfaceAddress.server(InterfaceUid.ON_OFF),
                        List.of(new AttributeValue(InterfaceUid.ON_OFF, 1, new Value.Bool(true)))),
                new ReportEntry(2, InterfaceAddress.server(InterfaceUid.SIMPLE_TEMPERATURE),
                        List.of(new AttributeValue(InterfaceUid.SIMPLE_TEMPERATURE, 1, new Value.S16(2150))))),
                false),
                "0A"                   // report id, bit 7 clear = periodic
                + "01 8200 01 01 01"   // unit 1, On-Off server, 1 attribute: state on
                + "02 8301 01 01 0866"); // unit 2, Simple Temperature server, 1 attribute: 21.50 °C
    }

    /** Event notification, layout of AttrReport_Report_Event (reference 0x8A: event bit + id). */
    @Test
    void eventReportNotification() throws HanfunException {
        roundTrip(new EventReport(0x0A, List.of(new EventEntry(1, InterfaceAddress.server(InterfaceUid.ALERT),
                List.of(new EventField(EventType.COV,
                        new AttributeValue(InterfaceUid.ALERT, 1, new Value.U32(1)))))), false),
                "8A"               // reference: event, id 0x0A
                + "01 8100 01"     // unit 1, Alert server, 1 field
                + "01 00 00000001"); // attribute 1, COV, state = 1
        assertEquals(HanfunException.Reason.BAD_VALUE, rejected(MessageType.COMMAND_REQ,
                InterfaceAddress.client(InterfaceUid.ATTRIBUTE_REPORTING), 2, "0A"));
    }

    /** AttrReport_Periodic_Rule / Report::Periodic::CreateMessage: destination address, interval u32. */
    @Test
    void reportRules() throws HanfunException {
        roundTrip(new CreatePeriodicRule(new Address(true, 0x05A5, 0xAA), 0xAABBCCDDL, true),
                "85A5 AA"        // destination: group bit, 0x05A5, unit 0xAA
                + "AABBCCDD");   // report period
        roundTrip(new CreateEventRule(Address.BASE, true), "0000 00");
        roundTrip(new AddPeriodicEntries(0x0A, List.of(
                new PeriodicRuleEntry(0x5A, InterfaceAddress.server(0x055A), HanfunMessage.PACK_MANDATORY, List.of()),
                new PeriodicRuleEntry(0x6A, InterfaceAddress.server(0x03A5), HanfunMessage.PACK_ALL, List.of()),
                new PeriodicRuleEntry(0x7A, InterfaceAddress.server(0x03EE), HanfunMessage.PACK_DYNAMIC,
                        List.of(0xD1, 0xD2, 0xD3, 0xD4))), true),
                "0A 03"               // report id, number of entries (entries as in AttrReport_Periodic_Rule)
                + "5A 855A 00"        // unit, interface, mandatory pack
                + "6A 83A5 FE"        // unit, interface, all pack
                + "7A 83EE FF 04 D1D2D3D4"); // dynamic pack with 4 ids
        roundTrip(new AddEventEntries(0x0A, List.of(new EventRuleEntry(0x5A, InterfaceAddress.server(0x00AA),
                List.of(new EventCondition(0x5A, EventType.COV, Bytes.fromHex("33")),
                        new EventCondition(0x5A, EventType.HIGH_THRESHOLD, Bytes.fromHex("AA")),
                        new EventCondition(0x5A, EventType.LOW_THRESHOLD, Bytes.fromHex("55")),
                        new EventCondition(0x5A, EventType.EQUAL, Bytes.fromHex("42"))))), true),
                "8A 01"               // event report 0x0A, one entry
                + "5A 80AA FF 04"     // AttrReport_Event_Entry: unit, itf, dynamic pack, 4 fields
                + "5A 00 33"          // COV 0x33
                + "5A 01 01 AA"       // high threshold, size 1, 0xAA
                + "5A 02 01 55"       // low threshold
                + "5A 03 01 42");     // equal
        roundTrip(new DeleteReport(true, 0x0A, true), "8A");
    }

    @Test
    void recordsCheckRanges() {
        assertThrows(IllegalArgumentException.class, () -> new SetLevel(256, false));
        assertThrows(IllegalArgumentException.class, () -> new AlertStatus(0x10000, 0, false));
        assertThrows(IllegalArgumentException.class,
                () -> new AttributeValue(InterfaceUid.ON_OFF, 1, new Value.U8(1)));
        assertThrows(IllegalArgumentException.class,
                () -> new AttributeValue(InterfaceUid.ON_OFF, 9, new Value.U8(1)));
        assertThrows(IllegalArgumentException.class,
                () -> new RegisterResponse(ResultCode.OK, 0x7FFF, OptionalInt.empty()));
        assertThrows(IllegalArgumentException.class, () -> new Uid.Dect(Bytes.fromHex("0102")));
    }

    @Test
    void profilesMapToTheEnum() {
        assertEquals(Optional.of(Profile.AC_OUTLET_WITH_POWER_METERING), Profile.fromUid(0x0107));
        assertEquals(Optional.of(Profile.WINDOW_OPEN_CLOSE_DETECTOR), Profile.fromUid(514));
        assertEquals(Optional.of(Profile.DIMMABLE_COLOUR_BULB), Profile.fromUid(278));
        assertEquals(Optional.empty(), Profile.fromUid(0xFF01));
        assertEquals(true, Profile.isProprietary(0xFF01));
        assertEquals(true, Profile.SMOKE_DETECTOR.isDetector());
        assertEquals(false, Profile.SIMPLE_LIGHT.isDetector());
    }
}
