package org.cpebridge.usp.agent.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.cpebridge.core.model.Capability;
import org.cpebridge.core.model.CapabilityType;
import org.cpebridge.core.model.Device;
import org.cpebridge.core.model.DeviceId;
import org.cpebridge.core.model.DeviceKind;
import org.junit.jupiter.api.Test;

/** ProxiedDevice Type: the adapter's device kind first, the capabilities when the kind is not known. */
class IotCapabilitiesTest {
    private static Device onOffOnly(DeviceKind kind) {
        return Device.builder(DeviceId.of("dect", "0F025E0001")).kind(kind)
                .capabilities(Capability.of(CapabilityType.ON_OFF)).build();
    }

    @Test
    void anOnOffLightIsALightAndAnOnOffDeviceOfUnknownKindStaysAPowerStrip() {
        assertEquals("Light", IotCapabilities.deviceType(onOffOnly(DeviceKind.LIGHT)));
        assertEquals("PowerStrip", IotCapabilities.deviceType(onOffOnly(DeviceKind.PLUG)));
        assertEquals("PowerStrip", IotCapabilities.deviceType(onOffOnly(DeviceKind.UNSPECIFIED)));
    }

    @Test
    void switchesAndButtonsAreTypedByTheirCapabilities() {
        Device button = Device.builder(DeviceId.of("dect", "0F085E0001")).kind(DeviceKind.SWITCH)
                .capabilities(Capability.of(CapabilityType.BUTTON)).build();
        assertEquals("Sensor", IotCapabilities.deviceType(button));
        Device dimmable = Device.builder(DeviceId.of("dect", "0F025E0002")).kind(DeviceKind.SWITCH)
                .capabilities(Capability.of(CapabilityType.ON_OFF), Capability.of(CapabilityType.LEVEL)).build();
        assertEquals("Light", IotCapabilities.deviceType(dimmable));
    }
}
