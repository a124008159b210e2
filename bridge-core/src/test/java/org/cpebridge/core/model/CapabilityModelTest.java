package org.cpebridge.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CapabilityModelTest {

    @Test
    void everyAttributeCommandAndEventCarriesAPrivacyClass() {
        Set<String> keys = new HashSet<>();
        for (CapabilityType type : CapabilityType.values()) {
            assertTrue(keys.add(type.key()), "duplicate key " + type.key());
            type.attributes().forEach(a -> assertTrue(a.privacy() != null, type + "." + a.name()));
            type.commands().forEach(c -> assertEquals(PrivacyClass.CONTROL, c.privacy(), type + "." + c.name()));
            type.events().forEach(e -> assertEquals(PrivacyClass.ACTIVITY, e.privacy(), type + "." + e.name()));
            assertEquals(type, CapabilityType.byKey(type.key()).orElseThrow());
        }
    }

    @Test
    void privacyClassesSeparateHouseholdLifeFromNetworkHealth() {
        assertEquals(PrivacyClass.STATE, CapabilityType.ON_OFF.attributes().get(0).privacy());
        assertEquals(PrivacyClass.HEALTH, CapabilityType.BATTERY.attributes().get(0).privacy());
        assertEquals(PrivacyClass.ENERGY, CapabilityType.ELECTRICAL_POWER.attributes().get(0).privacy());
        assertEquals(PrivacyClass.ACTIVITY, CapabilityType.BUTTON.events().get(0).privacy());
        assertEquals(PrivacyClass.IDENTITY, DeviceField.SERIAL.privacy());
        assertEquals(PrivacyClass.INVENTORY, DeviceField.FIRMWARE.privacy());
        assertEquals(PrivacyClass.HEALTH, DeviceField.REACHABLE.privacy());
        // Every class is used somewhere, so the policy's table has no dead rows.
        Set<PrivacyClass> used = EnumSet.noneOf(PrivacyClass.class);
        for (CapabilityType type : CapabilityType.values()) {
            type.attributes().forEach(a -> used.add(a.privacy()));
            type.commands().forEach(c -> used.add(c.privacy()));
            type.events().forEach(e -> used.add(e.privacy()));
        }
        for (DeviceField field : DeviceField.values()) {
            used.add(field.privacy());
        }
        assertEquals(EnumSet.allOf(PrivacyClass.class), used);
    }

    @Test
    void capabilityNarrowsRangesAndSubsetsAttributes() {
        Capability bulb = Capability.of(CapabilityType.COLOR_TEMPERATURE).withRange("colorTemperature", 153, 500);
        AttributeSpec spec = bulb.attribute("colorTemperature").orElseThrow();
        assertEquals(153.0, spec.spec().min());
        assertThrows(DeviceException.class, () -> spec.spec().check("ct", Value.of(100)));
        assertEquals(Value.of(300), spec.spec().check("ct", Value.of(300)));

        Capability plug = Capability.of(CapabilityType.ELECTRICAL_POWER).withAttributes("power");
        assertEquals(1, plug.attributes().size());
        assertThrows(IllegalArgumentException.class,
                () -> Capability.of(CapabilityType.ON_OFF).withAttributes("brightness"));
        assertEquals("onOff/l2", Capability.of(CapabilityType.ON_OFF).onPart("l2").key());
        assertThrows(IllegalArgumentException.class, () -> Capability.of(CapabilityType.ON_OFF).onPart("L 2"));
    }

    @Test
    void deviceRejectsDuplicateCapabilityKeys() {
        DeviceId id = DeviceId.of("zigbee", "0x00158d0001a2b3c4");
        assertThrows(IllegalArgumentException.class, () -> Device.builder(id)
                .capabilities(Capability.of(CapabilityType.ON_OFF), Capability.of(CapabilityType.ON_OFF)).build());
        Device twoGang = Device.builder(id).capabilities(Capability.of(CapabilityType.ON_OFF).onPart("l1"),
                Capability.of(CapabilityType.ON_OFF).onPart("l2")).build();
        assertTrue(twoGang.capability("onOff/l2").isPresent());
        assertFalse(twoGang.capability("onOff").isPresent());
    }

    @Test
    void deviceIdParsesAndRejects() {
        assertEquals(DeviceId.of("zigbee", "0x00158d0001a2b3c4"), DeviceId.parse("zigbee:0x00158d0001a2b3c4"));
        assertEquals("dect:01234:5", DeviceId.parse("dect:01234:5").toString());
        assertThrows(IllegalArgumentException.class, () -> DeviceId.parse("nocolon"));
        assertThrows(IllegalArgumentException.class, () -> DeviceId.parse(":x"));
        assertThrows(IllegalArgumentException.class, () -> DeviceId.parse("Zig:x"));
        assertThrows(IllegalArgumentException.class, () -> DeviceId.parse("zigbee:a b"));
    }

    @Test
    void valueSpecCanonicalisesAndNamesTheProblem() {
        ValueSpec level = ValueSpec.integer("%", 0, 100);
        assertEquals(Value.of(40), level.check("level", Value.of(40.0)));
        DeviceException fraction = assertThrows(DeviceException.class, () -> level.check("level", Value.of(40.5)));
        assertEquals(ErrorKind.INVALID_VALUE, fraction.kind());
        DeviceException outside = assertThrows(DeviceException.class, () -> level.check("level", Value.of(101)));
        assertTrue(outside.getMessage().contains("level"), outside.getMessage());
        assertEquals(Value.of(21.0), ValueSpec.decimal("Cel", 4.0, 35.0).check("sp", Value.of(21)));
        assertThrows(DeviceException.class, () -> ValueSpec.oneOf("off", "heat").check("mode", Value.of("cool")));
        assertThrows(DeviceException.class, () -> ValueSpec.bool().check("on", Value.of("true")));
        assertThrows(IllegalArgumentException.class, () -> Value.of(Double.NaN));
    }

    @Test
    void commandArgumentsAreChecked() {
        CommandSpec setLevel = CapabilityType.LEVEL.commands().get(0);
        assertEquals(Map.of("level", Value.of(50)), setLevel.checkArguments(Map.of("level", Value.of(50))));
        assertEquals(ErrorKind.INVALID_VALUE, assertThrows(DeviceException.class,
                () -> setLevel.checkArguments(Map.of())).kind());
        assertEquals(ErrorKind.INVALID_VALUE, assertThrows(DeviceException.class,
                () -> setLevel.checkArguments(Map.of("level", Value.of(5), "colour", Value.of(1)))).kind());
    }
}
