package org.cpebridge.dect.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SimulatorConfigTest {

    @Test
    void parsesTypesAndCountsInOrder() {
        SimulatorConfig config = SimulatorConfig.parse("plug:2, contact:1,climate:3");
        assertEquals(List.of(DeviceType.PLUG, DeviceType.CONTACT, DeviceType.CLIMATE),
                List.copyOf(config.counts().keySet()));
        assertEquals(Map.of(DeviceType.PLUG, 2, DeviceType.CONTACT, 1, DeviceType.CLIMATE, 3), config.counts());
        assertEquals(6, config.total());
        assertEquals("plug:2,contact:1,climate:3", config.format());
    }

    @Test
    void repeatedTypeAddsUpAndBlankIsEmpty() {
        assertEquals(Map.of(DeviceType.LIGHT, 3), SimulatorConfig.parse("light:1,light:2").counts());
        assertEquals(0, SimulatorConfig.parse(" ").total());
        assertEquals(DeviceType.values().length, SimulatorConfig.oneOfEach().total());
    }

    @Test
    void rejectsBadEntriesNamingThem() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SimulatorConfig.parse("lamp:1"))
                .getMessage().contains("lamp"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SimulatorConfig.parse("plug"))
                .getMessage().contains("TYPE:COUNT"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SimulatorConfig.parse("plug:x"))
                .getMessage().contains("plug:x"));
        assertThrows(IllegalArgumentException.class, () -> SimulatorConfig.parse("plug:-1"));
        assertThrows(IllegalArgumentException.class, () -> SimulatorConfig.parse("plug:1001"));
        assertThrows(IllegalArgumentException.class, () -> SimulatorConfig.parse("plug:1,,light:1"));
    }
}
