package org.cpebridge.dect.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.cpebridge.core.model.Capability;
import org.cpebridge.core.model.CapabilityType;
import org.cpebridge.core.model.DeviceKind;
import org.cpebridge.dect.hanfun.HanfunMessage.Unit;
import org.cpebridge.dect.hanfun.InterfaceAddress;
import org.cpebridge.dect.hanfun.InterfaceUid;
import org.cpebridge.dect.hanfun.Profile;
import org.junit.jupiter.api.Test;

/** What a registration's units make of a device: capabilities, sleep, Keep Alive, names (issue 19). */
class DeviceModelTest {

    private static List<CapabilityType> types(DeviceModel model) {
        return model.capabilities().stream().map(Capability::type).toList();
    }

    @Test
    void referenceSimpleLightIsAMainsLightWithoutKeepAliveNamedByItsProfile() {
        DeviceModel light = DeviceModel.of(List.of(new Unit(1, Profile.SIMPLE_LIGHT.uid(), List.of())));
        assertEquals(List.of(CapabilityType.ON_OFF), types(light));
        assertFalse(light.sleepy());
        assertFalse(light.keepAlive());
        assertEquals("DECT light", light.title());
        assertEquals("Simple Light (0x0108)", light.profile());
        assertEquals(DeviceKind.LIGHT, light.kind(), "a light with On/Off only, not a plug");
    }

    @Test
    void keepAliveDeclaredOnAnyUnitIsSeen() {
        DeviceModel plug = DeviceModel.of(List.of(new Unit(0, Profile.CORE_UNIT_TYPE, List.of(
                InterfaceAddress.server(InterfaceUid.KEEP_ALIVE))), new Unit(1, Profile.AC_OUTLET.uid(), List.of())));
        assertTrue(plug.keepAlive());
        assertEquals(DeviceKind.PLUG, plug.kind(), "the first unit past the core services names the kind");
        assertFalse(plug.sleepy());
    }

    @Test
    void simpleOnOffSwitchGetsAButtonAndIsNotAssumedAsleep() {
        DeviceModel wallSwitch = DeviceModel.of(List.of(new Unit(1, Profile.SIMPLE_ONOFF_SWITCH.uid(), List.of())));
        assertEquals(List.of(CapabilityType.BUTTON), types(wallSwitch));
        assertEquals(1, wallSwitch.units().get("button"));
        assertFalse(wallSwitch.sleepy(), "it talks first; the base never waits for it");
        assertEquals("DECT on-off switch", wallSwitch.title());
        assertEquals("Simple Onoff Switch (0x0101)", wallSwitch.profile());
        assertEquals(DeviceKind.SWITCH, wallSwitch.kind());
    }

    @Test
    void anOnOffClientInterfaceMakesAnyUnitAController() {
        DeviceModel vendor = DeviceModel.of(List.of(new Unit(1, 0xFF01, List.of(
                InterfaceAddress.client(InterfaceUid.ON_OFF)))));
        assertEquals(List.of(CapabilityType.BUTTON), types(vendor));
        assertEquals("Proprietary profile (0xFF01)", vendor.profile());
        assertEquals(DeviceKind.UNSPECIFIED, vendor.kind(), "the faces type it by its capabilities");
    }

    @Test
    void batterySensorsStaySleepy() {
        DeviceModel contact = DeviceModel.of(List.of(new Unit(1, Profile.DOOR_OPEN_CLOSE_DETECTOR.uid(), List.of())));
        assertTrue(contact.sleepy());
        assertEquals(List.of(CapabilityType.CONTACT), types(contact));
    }
}
