package org.cpebridge.usp.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.cpebridge.core.spi.FaceFactory;
import org.cpebridge.usp.agent.model.InstanceNumbers;
import org.cpebridge.usp.agent.model.LocalAgentProvider;
import org.cpebridge.usp.testing.FreePorts;
import org.cpebridge.usp.testing.TestFaceContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The face as the service sees it: found by ServiceLoader, started with no broker listening. */
class UspFaceStartIT {
    @TempDir
    Path dir;

    @Test
    void factoryIsRegisteredAndEnabledByDefault() {
        List<FaceFactory> usp = ServiceLoader.load(FaceFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(f -> f.id().equals("usp")).toList();
        assertEquals(1, usp.size());
        assertTrue(usp.get(0).enabledByDefault());
        assertTrue(usp.get(0).configKeys().stream().anyMatch(k -> k.name().equals("usp.mqtt.url")));
    }

    @Test
    void startReturnsWhileTheBrokerIsDownAndStoresTheFirstStartState() throws Exception {
        int closedPort = FreePorts.tcp();
        try (TestFaceContext context = new TestFaceContext(dir, Map.of("usp.mqtt.url",
                "tcp://127.0.0.1:" + closedPort))) {
            context.adapter.registerDevices();
            UspFace face = new UspFace(context);
            face.start();
            // start() came back although nothing listens: the MTP connects in the background.
            assertEquals("os::000000-CPEB-TEST0001", face.endpointId());
            assertTrue(context.store.read(LocalAgentProvider.RECORD).isPresent(), "controllers created");
            assertTrue(context.store.read(InstanceNumbers.RECORD).isPresent(), "device numbers stored");
            face.close();
        }
    }
}
