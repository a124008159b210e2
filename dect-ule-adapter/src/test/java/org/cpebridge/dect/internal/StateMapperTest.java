package org.cpebridge.dect.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.cpebridge.core.model.CapabilityType;
import org.cpebridge.core.model.Value;
import org.cpebridge.dect.hanfun.AttributeValue;
import org.cpebridge.dect.hanfun.HanfunMessage.Unit;
import org.cpebridge.dect.hanfun.InterfaceAddress;
import org.cpebridge.dect.hanfun.InterfaceUid;
import org.cpebridge.dect.hanfun.Profile;
import org.cpebridge.dect.internal.StateMapper.StateUpdate;
import org.junit.jupiter.api.Test;

class StateMapperTest {

    @Test
    void levelAndPercentConvertBothWays() {
        assertEquals(0, StateMapper.levelToPercent(0));
        assertEquals(50, StateMapper.levelToPercent(128));
        assertEquals(100, StateMapper.levelToPercent(255));
        assertEquals(102, StateMapper.percentToLevel(40));
        assertEquals(255, StateMapper.percentToLevel(100));
        for (int percent = 0; percent <= 100; percent++) {
            assertEquals(percent, StateMapper.levelToPercent(StateMapper.percentToLevel(percent)));
        }
    }

    @Test
    void measurementsScaleDecimally() {
        // AVM example power 45.120 W as milliwatts; 252200 mW must be 252.2 W exactly
        assertEquals(45.12, StateMapper.toBaseUnit(new org.cpebridge.dect.hanfun.Value.Measurement(0x10, 45_120)));
        assertEquals(252.2, StateMapper.toBaseUnit(new org.cpebridge.dect.hanfun.Value.Measurement(0x10, 252_200)));
        assertEquals(2000.0, StateMapper.toBaseUnit(new org.cpebridge.dect.hanfun.Value.Measurement(0x20, 2)));
        assertEquals(7.0, StateMapper.toBaseUnit(new org.cpebridge.dect.hanfun.Value.Measurement(0x00, 7)));
    }

    @Test
    void thermostatModes() {
        assertEquals(Optional.of("off"), StateMapper.modeName(0));
        assertEquals(Optional.of("heat"), StateMapper.modeName(0x01));
        assertEquals(Optional.of("auto"), StateMapper.modeName(0x07));
        assertEquals(Optional.empty(), StateMapper.modeName(0x02));
    }

    @Test
    void unitsMapToCapabilitiesAndUpdates() {
        DeviceModel model = DeviceModel.of(List.of(
                new Unit(1, Profile.SIMPLE_TEMPERATURE_SENSOR.uid(), List.of()),
                new Unit(2, Profile.SIMPLE_TEMPERATURE_SENSOR.uid(), List.of()),
                new Unit(3, Profile.SMOKE_DETECTOR.uid(), List.of()),
                new Unit(0, Profile.CORE_UNIT_TYPE, List.of(InterfaceAddress.server(InterfaceUid.KEEP_ALIVE)))));
        assertEquals(List.of("temperature", "temperature/u2", "smokeAlarm"),
                model.capabilities().stream().map(c -> c.key()).toList());
        assertTrue(model.sleepy());
        assertEquals(List.of(new StateUpdate("temperature/u2", "temperature", Value.of(-3.5))),
                StateMapper.updates(model, 2, new AttributeValue(InterfaceUid.SIMPLE_TEMPERATURE, 1,
                        new org.cpebridge.dect.hanfun.Value.S16(-350))));
        assertEquals(List.of(new StateUpdate("smokeAlarm", "smoke", Value.of(true)),
                new StateUpdate("smokeAlarm", "tamper", Value.of(true))), StateMapper.alert(model, 3, 0x3));
        assertEquals(List.of(), StateMapper.updates(model, 1, new AttributeValue(InterfaceUid.ON_OFF, 1,
                new org.cpebridge.dect.hanfun.Value.Bool(true))), "no on/off capability on that unit");
        assertEquals(Optional.of("temperature"), model.capabilityKey(1, CapabilityType.TEMPERATURE));
    }

    @Test
    void mainsActuatorsAreNotSleepy() {
        DeviceModel plug = DeviceModel.of(List.of(new Unit(1, Profile.AC_OUTLET_WITH_POWER_METERING.uid(),
                List.of())));
        assertEquals(false, plug.sleepy());
        assertEquals(List.of("onOff", "electricalPower", "energy"),
                plug.capabilities().stream().map(c -> c.key()).toList());
        DeviceModel unknown = DeviceModel.of(List.of(new Unit(1, 0xFF01, List.of(InterfaceAddress.server(
                InterfaceUid.ON_OFF)))));
        assertEquals(List.of("onOff"), unknown.capabilities().stream().map(c -> c.key()).toList());
    }
}
