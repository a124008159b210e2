package org.cpebridge.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cpebridge.usp.proto.UspMsg;
import org.cpebridge.usp.proto.UspRecord;
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

    /** The JVM flags a router runs with: the shipped {@code jvm.options} next to the jar (one per line, # comments). */
    static List<String> shippedRouterFlags() throws Exception {
        Path options = Path.of("target", "jvm.options");
        assertTrue(Files.isRegularFile(options), "package puts " + options.toAbsolutePath() + " next to the jar");
        return Files.readAllLines(options).stream().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
    }

    @Test
    void theShippedRouterFlagsRunTheJarAndEndTheProcessOnOutOfMemory() throws Exception {
        List<String> flags = shippedRouterFlags();
        assertTrue(flags.contains("-XX:+ExitOnOutOfMemoryError"), flags.toString());
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();

        // A worker thread's OutOfMemoryError ends the JVM with these flags (the heap cap made small for speed).
        List<String> probe = new ArrayList<>(List.of(javaBin));
        flags.stream().map(flag -> flag.startsWith("-Xmx") ? "-Xmx16m" : flag).forEach(probe::add);
        probe.addAll(List.of("-cp", System.getProperty("surefire.test.class.path",
                System.getProperty("java.class.path")), OutOfMemoryProbe.class.getName()));
        Process oom = new ProcessBuilder(probe).redirectErrorStream(true)
                .redirectOutput(dir.resolve("oom.txt").toFile()).start();
        try {
            assertTrue(oom.waitFor(60, TimeUnit.SECONDS),
                    "the JVM ended after the worker's OutOfMemoryError");
            assertEquals(3, oom.exitValue(), Files.readString(dir.resolve("oom.txt")));
        } finally {
            oom.destroyForcibly();
        }

        // The bridge itself runs with exactly these flags.
        int port = ServiceProcess.freePort();
        List<String> command = new ArrayList<>(List.of(javaBin));
        command.addAll(flags);
        command.addAll(List.of("-jar", Path.of("target", "cpe-bridge.jar").toAbsolutePath().toString(),
                "--data-dir", dir.resolve("data").toString(), "--set", "matter.enabled=false",
                "--set", "usp.websocket.listen=", "--set", "mqtt.embedded.listen=127.0.0.1:" + port,
                "--set", "usp.mqtt.url=tcp://127.0.0.1:" + port, "--set", "zigbee.mqtt.url=tcp://127.0.0.1:" + port,
                // Never the default 8080: another process on the machine may hold it.
                "--set", "web.listen=127.0.0.1:" + ServiceProcess.freePort()));
        Process bridge = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("bridge.txt").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(dir.resolve("bridge.txt")).contains("READY")) {
                assertTrue(bridge.isAlive() && System.nanoTime() < deadline, Files.readString(dir.resolve("bridge.txt")));
                Thread.sleep(100);
            }
            bridge.toHandle().destroy();
            assertTrue(bridge.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, bridge.exitValue(), Files.readString(dir.resolve("bridge.txt")));
        } finally {
            bridge.destroyForcibly();
        }
    }

    /**
     * The USP agent in the minimized jar (protobuf-lite's runtime is kept only as far as our classes reach it): a
     * WebSocket Controller with its secret gets the agent's WebSocketConnect Record, and a Get of
     * Device.LocalAgent.EndpointID is answered with the agent's id.
     */
    @Test
    void theShadedJarAnswersAUspGet() throws Exception {
        Path jar = Path.of("target", "cpe-bridge.jar");
        int port = ServiceProcess.freePort();
        String controller = "proto::cpe-bridge-controller";
        java.net.URI uri = java.net.URI.create("ws://127.0.0.1:" + port + "/usp?eid=" + controller);
        try (ServiceProcess bridge = ServiceProcess.startJar(dir, jar, "--data-dir", dir.resolve("data").toString(),
                "--set", "usp.websocket.listen=127.0.0.1:" + port)) {
            bridge.awaitLine("READY", 60);
            try (UspWebSocketProbe probe = UspWebSocketProbe.connect(uri,
                    UspWebSocketProbe.secret(dir.resolve("data"), controller))) {
                UspRecord.Record connect = UspRecord.Record.parseFrom(probe.nextRecord());
                assertTrue(connect.hasWebsocketConnect(), connect.toString());
                String agent = connect.getFromId();

                UspMsg.Msg get = UspMsg.Msg.newBuilder()
                        .setHeader(UspMsg.Header.newBuilder().setMsgId("jar-get").setMsgType(UspMsg.Header.MsgType.GET))
                        .setBody(UspMsg.Body.newBuilder().setRequest(UspMsg.Request.newBuilder()
                                .setGet(UspMsg.Get.newBuilder().addParamPaths("Device.LocalAgent.EndpointID"))))
                        .build();
                byte[] request = UspRecord.Record.newBuilder().setVersion("1.4").setToId(agent).setFromId(controller)
                        .setNoSessionContext(UspRecord.NoSessionContextRecord.newBuilder()
                                .setPayload(get.toByteString()))
                        .build().toByteArray();
                probe.send(request);

                UspRecord.Record answer = UspRecord.Record.parseFrom(probe.nextRecord());
                UspMsg.Msg response = UspMsg.Msg.parseFrom(answer.getNoSessionContext().getPayload());
                assertEquals("jar-get", response.getHeader().getMsgId(), response.toString());
                UspMsg.GetResp.RequestedPathResult result = response.getBody().getResponse().getGetResp()
                        .getReqPathResults(0);
                assertEquals(0, result.getErrCode(), result.toString());
                assertEquals(agent, result.getResolvedPathResults(0).getResultParamsMap().get("EndpointID"),
                        result.toString());
            }
            assertEquals(0, bridge.terminate(30), bridge.output());
            assertFalse(bridge.errors().contains("Exception"), bridge.errors());
        }
    }
}
