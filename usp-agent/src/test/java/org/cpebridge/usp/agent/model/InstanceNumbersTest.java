package org.cpebridge.usp.agent.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.cpebridge.core.model.DeviceId;
import org.cpebridge.core.store.FileDurableStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Instance numbers are stored once per flush, not once per new device, and come back after a restart. */
class InstanceNumbersTest {
    @TempDir
    Path dir;

    @Test
    void aBurstOfNewDevicesIsStoredByOneFlushAndKeptAcrossARestart() {
        FileDurableStore store = new FileDurableStore(dir);
        InstanceNumbers numbers = new InstanceNumbers(store);
        for (int i = 0; i < 500; i++) {
            assertEquals(i + 1, numbers.numberOf(DeviceId.of("zigbee", String.format("0x00124b00%08x", i))));
        }
        assertTrue(store.read(InstanceNumbers.RECORD).isEmpty(), "nothing written per device");
        assertTrue(numbers.flush(), "the flush writes");
        assertFalse(numbers.flush(), "a second flush has nothing to write");

        InstanceNumbers restarted = new InstanceNumbers(new FileDurableStore(dir));
        assertEquals(Optional.of(DeviceId.of("zigbee", "0x00124b0000000009")), restarted.deviceOf(10));
        assertEquals(Optional.of(500L), restarted.find(DeviceId.of("zigbee", "0x00124b00000001f3")));
        assertEquals(501, restarted.numberOf(DeviceId.of("dect", "0F015E0001")), "numbers are never reused");
    }
}
