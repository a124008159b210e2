package org.cpebridge.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's run command on the packaged jar (run by failsafe after `package`): it starts on the embedded
 * defaults, every adapter and face finds its classes in the shaded jar, the simulated DECT and Zigbee devices
 * register, the pairing code is shown, and SIGTERM stops it with exit code 0.
 */
class PackagedJarIT {

    @TempDir
    Path dir;

    @Test
    void theShadedJarRunsOnItsEmbeddedDefaults() throws Exception {
        Path jar = Path.of("target", "cpe-bridge.jar");
        assertTrue(Files.isRegularFile(jar), "package builds " + jar.toAbsolutePath());
        try (ServiceProcess bridge = ServiceProcess.startJar(dir, jar, "--data-dir", dir.resolve("data").toString())) {
            String ready = bridge.awaitLine("READY", 60);
            assertTrue(ready.contains("adapters: dect,zigbee") && ready.contains("faces: matter"), ready);
            bridge.awaitLine("Manual pairing code:", 10);
            for (String type : new String[] {"plug", "light", "thermostat", "contact", "motion sensor",
                    "smoke detector", "climate sensor", "button"}) {
                bridge.awaitLine("(DECT " + type + ") registered", 30);
            }
            bridge.awaitLine("[mqtt cpe-bridge-zigbee] connected", 30);
            // The Zigbee2MQTT simulator's devices, through the embedded broker.
            for (String model : new String[] {"Philips 9290022166", "IKEA E22xx", "Aqara MCCGQ11LM",
                    "Aqara WSDCGQ11LM", "SONOFF SNZB-01", "Danfoss 014G2461"}) {
                bridge.awaitLine("(" + model + ")", 30);
            }
            assertEquals(0, bridge.terminate(30), bridge.output());
            assertFalse(bridge.output().contains("Exception"), bridge.output());
            assertFalse(bridge.errors().contains("Exception"), bridge.errors());
        }
    }
}
