package org.cpebridge.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the service as a separate JVM, as the README does, and checks the command-line contract: READY, a clean
 * exit 0 on SIGTERM with state kept, and exit 2 naming the key for a bad configuration. Time bounds here are
 * generous limits against hangs; the 5 s / 3 s targets are measured by bench/startup.sh.
 */
class ServiceIT {

    @TempDir
    Path dir;

    @Test
    void printsReadyThenStopsCleanlyOnSigterm() throws Exception {
        Path data = dir.resolve("data");
        try (ServiceProcess bridge = ServiceProcess.start(dir, "--data-dir", data.toString())) {
            String ready = bridge.awaitLine("READY", 60);
            assertTrue(ready.startsWith("cpe-bridge READY"), ready);
            assertEquals(0, bridge.terminate(30), bridge.output());
            assertTrue(bridge.output().contains("stopped"), bridge.output() + "\nSTDERR:" + bridge.errors());
        }
        assertTrue(Files.exists(data.resolve("core/serial.rec")), "state kept in the data directory");
        String serial = Files.readString(data.resolve("core/serial.rec"));
        try (ServiceProcess again = ServiceProcess.start(dir, "--data-dir", data.toString())) {
            again.awaitLine("READY", 60);
            assertEquals(0, again.terminate(30));
        }
        assertEquals(serial, Files.readString(data.resolve("core/serial.rec")), "the serial survives a restart");
    }

    @Test
    void anUnknownKeyInTheConfigFileStopsStartupNamingTheKey() throws Exception {
        Path config = dir.resolve("bridge.conf");
        Files.writeString(config, "bridge.workerThreads = 2\nbridge.wokerThreads = 3\n");
        try (ServiceProcess bridge = ServiceProcess.start(dir, "--config", config.toString())) {
            assertEquals(2, bridge.awaitExit(60));
            assertTrue(bridge.errors().contains("bridge.conf:2: unknown key 'bridge.wokerThreads'"), bridge.errors());
            assertTrue(!bridge.output().contains("READY"));
        }
    }

    @Test
    void aBadValueStopsStartupNamingTheKey() throws Exception {
        Path config = dir.resolve("bridge.conf");
        Files.writeString(config, "bridge.commandTimeout = soon\n");
        try (ServiceProcess bridge = ServiceProcess.start(dir, "--config", config.toString())) {
            assertEquals(2, bridge.awaitExit(60));
            assertTrue(bridge.errors().contains("bad value for key 'bridge.commandTimeout': 'soon'"),
                    bridge.errors());
        }
        try (ServiceProcess bridge = ServiceProcess.start(dir, "--set", "bridge.workerThreads=100")) {
            assertEquals(2, bridge.awaitExit(60));
            assertTrue(bridge.errors().contains("'bridge.workerThreads'"), bridge.errors());
        }
    }

    @Test
    void anUnknownArgumentIsRefused() throws Exception {
        try (ServiceProcess bridge = ServiceProcess.start(dir, "--dat-dir", "x")) {
            assertEquals(2, bridge.awaitExit(60));
            assertTrue(bridge.errors().contains("unknown argument '--dat-dir'"), bridge.errors());
        }
    }

    @Test
    void helpListsTheKeys() throws Exception {
        try (ServiceProcess bridge = ServiceProcess.start(dir, "--help")) {
            assertEquals(0, bridge.awaitExit(60));
            assertTrue(bridge.output().contains("bridge.commandTimeout = 30s"), bridge.output());
            // The packaged bridge's embedded defaults, not the adapter's own "no simulator".
            assertTrue(bridge.output().contains("zigbee.simulator.devices = hue-color:1,"), bridge.output());
            assertTrue(bridge.output().contains("--data-dir DIR"), bridge.output());
        }
    }

    @Test
    void aCorruptStoreFileStopsStartupNamingTheFile() throws Exception {
        Path data = dir.resolve("data");
        Files.createDirectories(data.resolve("core"));
        Files.writeString(data.resolve("core/devices.rec"), "garbage");
        try (ServiceProcess bridge = ServiceProcess.start(dir, "--data-dir", data.toString())) {
            assertEquals(1, bridge.awaitExit(60));
            assertTrue(bridge.errors().contains("devices.rec is unreadable"), bridge.errors());
        }
        assertEquals("garbage", Files.readString(data.resolve("core/devices.rec")), "nothing overwritten");
    }

    @Test
    void aTakenBrokerPortStopsStartupNamingTheKey() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
             ServiceProcess bridge = ServiceProcess.start(dir,
                     "--set", "mqtt.embedded.listen=127.0.0.1:" + taken.getLocalPort())) {
            assertEquals(1, bridge.awaitExit(60));
            assertTrue(bridge.errors().contains("'mqtt.embedded.listen'"), bridge.errors());
        }
    }

    /** The embedded defaults turn the USP WebSocket MTP on: a Controller gets the WebSocketConnect Record. */
    @Test
    void theUspAgentTakesWebSocketControllers() throws Exception {
        int port = ServiceProcess.freePort();
        try (ServiceProcess bridge = ServiceProcess.start(dir, "--data-dir", dir.resolve("data").toString(),
                "--set", "usp.websocket.listen=127.0.0.1:" + port)) {
            bridge.awaitLine("READY", 60);
            java.util.concurrent.CompletableFuture<byte[]> first = new java.util.concurrent.CompletableFuture<>();
            java.io.ByteArrayOutputStream message = new java.io.ByteArrayOutputStream();
            java.net.http.WebSocket socket = java.net.http.HttpClient.newHttpClient().newWebSocketBuilder()
                    .subprotocols("v1.usp")
                    .buildAsync(java.net.URI.create("ws://127.0.0.1:" + port + "/usp?eid=proto::service-it"),
                            new java.net.http.WebSocket.Listener() {
                                @Override
                                public java.util.concurrent.CompletionStage<?> onBinary(
                                        java.net.http.WebSocket webSocket, java.nio.ByteBuffer data, boolean last) {
                                    byte[] chunk = new byte[data.remaining()];
                                    data.get(chunk);
                                    message.writeBytes(chunk);
                                    if (last) {
                                        first.complete(message.toByteArray());
                                    }
                                    webSocket.request(1);
                                    return null;
                                }
                            }).get(30, TimeUnit.SECONDS);
            var record = org.cpebridge.usp.proto.UspRecord.Record.parseFrom(first.get(30, TimeUnit.SECONDS));
            assertTrue(record.hasWebsocketConnect(), record.toString());
            assertEquals("proto::service-it", record.getToId());
            socket.abort();
            assertEquals(0, bridge.terminate(30));
        }
    }

    @Test
    void theEmbeddedBrokerServesMqttClientsWhileTheBridgeRuns() throws Exception {
        int port = ServiceProcess.freePort();
        try (ServiceProcess bridge = ServiceProcess.start(dir, "--data-dir", dir.resolve("data").toString(),
                "--set", "mqtt.embedded.listen=127.0.0.1:" + port, "--set", "zigbee.mqtt.url=tcp://127.0.0.1:" + port)) {
            bridge.awaitLine("READY", 60);
            var client = new org.eclipse.paho.mqttv5.client.MqttClient("tcp://127.0.0.1:" + port, "probe",
                    new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
            client.connect();
            assertTrue(client.isConnected());
            client.disconnect();
            assertEquals(0, bridge.terminate(30));
        }
    }
}
