package org.cpebridge.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.cpebridge.usp.proto.UspMsg;
import org.cpebridge.usp.proto.UspRecord;
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

    /**
     * Issue 20: every netty transport runs on the service's one I/O group ({@code bridge-io-N}, two threads by
     * default), none on a thread of its own: the embedded broker, the USP WebSocket MTP, the web console, Matter's
     * UDP transport and the DECT simulator's HTTP control are all up in this run, and the USP agent and the Zigbee
     * adapter get through the broker to READY. So are the MQTT clients (the USP MTP, the Zigbee adapter's link and
     * the Zigbee2MQTT simulator's): no client loop of their own ({@code mqtt-client}) and none of the threads Eclipse
     * Paho starts per client ({@code MQTT Rec}, {@code MQTT Snd}, {@code MQTT Call}, {@code MQTT Ping},
     * {@code MQTT Con}) or the old shared {@code mqtt-ping} thread.
     */
    @Test
    void everyNettyTransportRunsOnTheSharedIoLoop() throws Exception {
        try (ServiceProcess bridge = ServiceProcess.start(dir, "--data-dir", dir.resolve("data").toString(),
                "--set", "dect.simulator.control=127.0.0.1:" + ServiceProcess.freePort())) {
            bridge.awaitLine("READY", 60);
            bridge.awaitLine("MTP up at", 60);
            bridge.awaitLine("adapter zigbee is online", 60);
            java.util.List<String> threads = new java.util.ArrayList<>();
            try (java.util.stream.Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(bridge.pid()),
                    "task"))) {
                for (Path task : tasks.toList()) {
                    try {
                        threads.add(Files.readString(task.resolve("comm")).strip());
                    } catch (java.nio.file.NoSuchFileException gone) {
                        // A thread that ended while we listed.
                    }
                }
            }
            assertEquals(2, threads.stream().filter(name -> name.startsWith("bridge-io-")).count(), threads.toString());
            for (String ownLoop : java.util.List.of("mqtt-broker", "usp-ws", "web-http", "matter-udp", "dect-sim-contr",
                    "dect-link-tcp", "multiThreadIoEv", "nioEventLoopGr", "mqtt-client", "mqtt-ping", "MQTT ")) {
                assertTrue(threads.stream().noneMatch(name -> name.startsWith(ownLoop)), ownLoop + " in " + threads);
            }
            assertTrue(bridge.output().contains("[dect-sim] control on"), bridge.output());
            assertEquals(0, bridge.terminate(30), bridge.output());
        }
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

    /**
     * The embedded defaults turn the USP WebSocket MTP on: a Controller that presents its secret from the data
     * directory gets the WebSocketConnect Record; a process that only claims the Controller's Endpoint ID gets 401.
     */
    @Test
    void theUspAgentTakesWebSocketControllersWithTheirSecret() throws Exception {
        int port = ServiceProcess.freePort();
        String controller = "proto::cpe-bridge-controller";
        java.net.URI uri = java.net.URI.create("ws://127.0.0.1:" + port + "/usp?eid=" + controller);
        try (ServiceProcess bridge = ServiceProcess.start(dir, "--data-dir", dir.resolve("data").toString(),
                "--set", "usp.websocket.listen=127.0.0.1:" + port)) {
            bridge.awaitLine("READY", 60);
            java.util.concurrent.ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(
                    java.util.concurrent.ExecutionException.class, () -> java.net.http.HttpClient.newHttpClient()
                            .newWebSocketBuilder().subprotocols("v1.usp")
                            .buildAsync(uri, new java.net.http.WebSocket.Listener() { })
                            .get(30, TimeUnit.SECONDS));
            assertEquals(401, ((java.net.http.WebSocketHandshakeException) refused.getCause()).getResponse()
                    .statusCode());
            // As an operator would: read it from the store file.
            try (UspWebSocketProbe probe = UspWebSocketProbe.connect(uri,
                    UspWebSocketProbe.secret(dir.resolve("data"), controller))) {
                var record = org.cpebridge.usp.proto.UspRecord.Record.parseFrom(probe.nextRecord());
                assertTrue(record.hasWebsocketConnect(), record.toString());
                assertEquals(controller, record.getToId());
            }
            assertEquals(0, bridge.terminate(30));
        }
    }

    /**
     * USP Device.Reboot() is wired to the service: the service stops and starts again in the same process, and the
     * next start's Boot! Event, to the Controller's persistent subscription, says RemoteReboot with the Operate's
     * command_key (TR-181 Device.Boot!, TP-469 9.10). A Debian mosquitto started here is the broker, so the test's
     * Controller stays connected while the service (and its embedded broker) restarts.
     */
    @Test
    void uspRebootRestartsTheServiceAndTheNextBootSaysRemoteReboot() throws Exception {
        int mqttPort = ServiceProcess.freePort();
        Path conf = dir.resolve("mosquitto.conf");
        Files.writeString(conf, "listener " + mqttPort + " 127.0.0.1\nallow_anonymous true\npersistence false\n");
        Process mosquitto = new ProcessBuilder("/usr/sbin/mosquitto", "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
        var controller = new org.eclipse.paho.mqttv5.client.MqttClient("tcp://127.0.0.1:" + mqttPort,
                "service-it-controller", new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
        java.util.concurrent.BlockingQueue<UspRecord.Record> records = new java.util.concurrent.LinkedBlockingQueue<>();
        try {
            // Paho 1.2.5's subscribe(topic, qos, listener) recurses into itself: use the client callback.
            controller.setCallback(new org.eclipse.paho.mqttv5.client.MqttCallback() {
                @Override
                public void messageArrived(String topic, org.eclipse.paho.mqttv5.common.MqttMessage message)
                        throws Exception {
                    records.add(UspRecord.Record.parseFrom(message.getPayload()));
                }

                @Override
                public void disconnected(org.eclipse.paho.mqttv5.client.MqttDisconnectResponse response) {
                }

                @Override
                public void mqttErrorOccurred(org.eclipse.paho.mqttv5.common.MqttException exception) {
                }

                @Override
                public void deliveryComplete(org.eclipse.paho.mqttv5.client.IMqttToken token) {
                }

                @Override
                public void connectComplete(boolean reconnect, String serverURI) {
                }

                @Override
                public void authPacketArrived(int reasonCode,
                        org.eclipse.paho.mqttv5.common.packet.MqttProperties properties) {
                }
            });
            connectWhenListening(controller);
            controller.subscribe("usp/controller", 1);
            try (ServiceProcess bridge = ServiceProcess.start(dir, "--data-dir", dir.resolve("data").toString(),
                    "--set", "mqtt.embedded.enabled=false", "--set", "usp.mqtt.url=tcp://127.0.0.1:" + mqttPort,
                    "--set", "zigbee.enabled=false", "--set", "matter.enabled=false")) {
                bridge.awaitLine("READY", 60);
                UspRecord.Record connect = next(records, r -> r.hasMqttConnect());
                String agent = connect.getFromId();
                String agentTopic = connect.getMqttConnect().getSubscribedTopic();

                UspMsg.Msg add = UspMsg.Msg.newBuilder().setHeader(UspMsg.Header.newBuilder().setMsgId("it-add")
                        .setMsgType(UspMsg.Header.MsgType.ADD)).setBody(UspMsg.Body.newBuilder().setRequest(
                        UspMsg.Request.newBuilder().setAdd(UspMsg.Add.newBuilder().addCreateObjs(
                                UspMsg.Add.CreateObject.newBuilder().setObjPath("Device.LocalAgent.Subscription.")
                                        .addParamSettings(param("Enable", "true"))
                                        .addParamSettings(param("ID", "boot"))
                                        .addParamSettings(param("NotifType", "Event"))
                                        .addParamSettings(param("ReferenceList", "Device.Boot!"))
                                        .addParamSettings(param("Persistent", "true")))))).build();
                send(controller, agentTopic, agent, add);
                assertTrue(message(next(records, r -> msgId(r).equals("it-add"))).getBody().getResponse()
                        .hasAddResp());

                UspMsg.Msg reboot = UspMsg.Msg.newBuilder().setHeader(UspMsg.Header.newBuilder()
                        .setMsgId("it-reboot").setMsgType(UspMsg.Header.MsgType.OPERATE)).setBody(UspMsg.Body
                        .newBuilder().setRequest(UspMsg.Request.newBuilder().setOperate(UspMsg.Operate.newBuilder()
                                .setCommand("Device.Reboot()").setCommandKey("it-key").setSendResp(true)))).build();
                send(controller, agentTopic, agent, reboot);
                UspRecord.Record operateResp;
                try {
                    operateResp = next(records, r -> msgId(r).equals("it-reboot"));
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + "; the bridge said:\n" + bridge.output(), e);
                }
                assertTrue(message(operateResp).getBody().getResponse().hasOperateResp());

                UspMsg.Notify boot = message(next(records, r -> {
                    UspMsg.Msg m = message(r);
                    return m.getBody().getRequest().hasNotify() && m.getBody().getRequest().getNotify().hasEvent();
                })).getBody().getRequest().getNotify();
                assertEquals("Boot!", boot.getEvent().getEventName());
                assertEquals("RemoteReboot", boot.getEvent().getParamsMap().get("Cause"));
                assertEquals("it-key", boot.getEvent().getParamsMap().get("CommandKey"));
                assertEquals(2, bridge.count("READY"), "the service started a second time in the same process");
                assertEquals(0, bridge.terminate(30));
            }
        } finally {
            if (controller.isConnected()) {
                controller.disconnect();
            }
            controller.close();
            mosquitto.toHandle().destroy();
            mosquitto.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static void connectWhenListening(org.eclipse.paho.mqttv5.client.MqttClient client) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try {
                client.connect();
                return;
            } catch (org.eclipse.paho.mqttv5.common.MqttException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                Thread.sleep(100);
            }
        }
    }

    private static UspMsg.Add.CreateParamSetting param(String name, String value) {
        return UspMsg.Add.CreateParamSetting.newBuilder().setParam(name).setValue(value).setRequired(true).build();
    }

    private static void send(org.eclipse.paho.mqttv5.client.MqttClient client, String agentTopic, String agent,
            UspMsg.Msg msg) throws Exception {
        byte[] record = UspRecord.Record.newBuilder().setVersion("1.4").setToId(agent)
                .setFromId("proto::cpe-bridge-controller")
                .setNoSessionContext(UspRecord.NoSessionContextRecord.newBuilder().setPayload(msg.toByteString()))
                .build().toByteArray();
        client.publish(agentTopic, record, 1, false);
    }

    private static UspMsg.Msg message(UspRecord.Record record) {
        try {
            return record.hasNoSessionContext() ? UspMsg.Msg.parseFrom(record.getNoSessionContext().getPayload())
                    : UspMsg.Msg.getDefaultInstance();
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    private static String msgId(UspRecord.Record record) {
        return message(record).getHeader().getMsgId();
    }

    private static UspRecord.Record next(java.util.concurrent.BlockingQueue<UspRecord.Record> records,
            java.util.function.Predicate<UspRecord.Record> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            UspRecord.Record record = records.poll(1, TimeUnit.SECONDS);
            if (record != null && wanted.test(record)) {
                return record;
            }
        }
        throw new AssertionError("no such USP Record within 60 s");
    }

    @Test
    void aRestartRightAfterAStopBindsTheSamePorts() throws Exception {
        int broker = ServiceProcess.freePort();
        int webSocket = ServiceProcess.freePort();
        int dectControl = ServiceProcess.freePort();
        int matter = ServiceProcess.freeUdpPort();
        String[] sameListeners = {"--data-dir", dir.resolve("data").toString(),
            "--set", "mqtt.embedded.listen=127.0.0.1:" + broker, "--set", "zigbee.mqtt.url=tcp://127.0.0.1:" + broker,
            "--set", "usp.mqtt.url=tcp://127.0.0.1:" + broker, "--set", "usp.websocket.listen=127.0.0.1:" + webSocket,
            "--set", "dect.simulator.control=127.0.0.1:" + dectControl, "--set", "matter.port=" + matter};
        try (ServiceProcess bridge = ServiceProcess.start(dir, sameListeners)) {
            bridge.awaitLine("READY", 60);
            // Connections open at the stop, closed by the service, leave its side of them in TIME_WAIT on the
            // listening ports (the broker's own clients, the agent and the Zigbee adapter, are connected too).
            try (java.net.Socket brokerPeer = new java.net.Socket("127.0.0.1", broker);
                 java.net.Socket webSocketPeer = new java.net.Socket("127.0.0.1", webSocket);
                 java.net.Socket controlPeer = new java.net.Socket("127.0.0.1", dectControl)) {
                assertEquals(0, bridge.terminate(30), bridge.output());
            }
        }
        try (ServiceProcess again = ServiceProcess.start(dir, sameListeners)) {
            again.awaitLine("READY", 60);
            assertTrue(again.output().contains("embedded MQTT broker started on tcp://127.0.0.1:" + broker),
                    again.output());
            assertEquals(0, again.terminate(30), again.output());
        }
    }
}
