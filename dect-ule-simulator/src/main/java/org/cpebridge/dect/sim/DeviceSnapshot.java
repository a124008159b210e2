package org.cpebridge.dect.sim;

import java.util.Map;

/**
 * What a person looking at a virtual device would see.
 *
 * @param id         simulator id, e.g. {@code plug-1}
 * @param type       device type
 * @param ipui       the DECT IPUI as 10 hex digits (the core id is {@code dect:<IPUI>})
 * @param address    HAN-FUN address given by the base, or -1 before registration
 * @param plugged    false while "unplugged" (out of range, no power)
 * @param state      current values by name ({@code on}, {@code level}, {@code temperature} in °C, ...)
 */
public record DeviceSnapshot(String id, DeviceType type, String ipui, int address, boolean plugged,
        Map<String, Object> state) {
    public DeviceSnapshot {
        state = Map.copyOf(state);
    }
}
