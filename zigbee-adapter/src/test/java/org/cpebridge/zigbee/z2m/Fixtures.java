package org.cpebridge.zigbee.z2m;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Loads the {@code bridge/devices} elements: the six simulator models from main resources
 * ({@code org/cpebridge/zigbee/sim/SOURCES.md} says where they come from) and the extra models from test resources
 * ({@code org/cpebridge/zigbee/z2m/SOURCES.md}).
 */
final class Fixtures {

    private Fixtures() {
    }

    static String element(String key) {
        for (String folder : new String[] {"/org/cpebridge/zigbee/sim/", "/org/cpebridge/zigbee/z2m/"}) {
            try (InputStream in = Fixtures.class.getResourceAsStream(folder + key + ".json")) {
                if (in != null) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalArgumentException("no fixture " + key);
    }

    /** The device parsed from a one-element bridge/devices list. */
    static Z2mDevice device(String key) {
        return BridgeDevices.parse("[" + element(key) + "]").get(0);
    }

    static DeviceMapping mapping(String key) {
        return ExposesMapper.map(device(key));
    }
}
