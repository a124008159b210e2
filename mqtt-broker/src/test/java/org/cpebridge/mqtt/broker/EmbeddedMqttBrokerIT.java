package org.cpebridge.mqtt.broker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The embedded broker against Eclipse Paho's MQTT 5 and 3.1.1 clients over loopback. */
class EmbeddedMqttBrokerIT {

    @RegisterExtension
    final BrokerUnderTest broker = new BrokerUnderTest(BrokerAccess.open());

    record Received(String topic, MqttMessage message) {
    }

    /** An MQTT 5 client whose messages arrive in {@code inbox}. */
    private org.eclipse.paho.mqttv5.client.MqttClient v5(String id, BlockingQueue<Received> inbox) throws Exception {
        return broker.v5(id, (topic, message) -> inbox.add(new Received(topic, message)));
    }

    private static boolean waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    private static Received next(BlockingQueue<Received> inbox) throws InterruptedException {
        Received received = inbox.poll(10, TimeUnit.SECONDS);
        if (received == null) {
            throw new AssertionError("no message within 10 s");
        }
        return received;
    }

    @Test
    void aBrokerClosedWithClientsConnectedCanBeStartedAgainOnItsPortAtOnce() throws Exception {
        InetSocketAddress address = broker.broker().localAddress();
        // Closed by the broker first, these connections leave their server side in TIME_WAIT on the listening port.
        List<Socket> peers = List.of(new Socket("127.0.0.1", address.getPort()),
                new Socket("127.0.0.1", address.getPort()));
        var client = v5("lingering", new LinkedBlockingQueue<>());
        client.connect();
        // The broker accepts in order on its one loop: once it counts the MQTT client, the sockets are accepted too.
        assertTrue(waitFor(() -> broker.broker().connectedClients() == 1), "the MQTT client is connected");
        broker.broker().close();
        for (Socket peer : peers) {
            peer.close();
        }
        try {
            client.disconnectForcibly(0, 0, false);
        } catch (org.eclipse.paho.mqttv5.common.MqttException alreadyLost) {
            // The broker's close may already have ended the connection.
        }
        client.close(true);

        assertEquals(address.getPort(), broker.startAgain(address).localAddress().getPort());
        var again = v5("again", new LinkedBlockingQueue<>());
        again.connect();
        assertTrue(again.isConnected());
        again.disconnect();
        again.close();
    }

    /**
     * On a shared group (the service's I/O loop) the broker serves from one loop of it, closes its clients at close
     * and leaves the group running for the other transports.
     */
    @Test
    void onASharedGroupClosesItsClientsAndLeavesTheGroupRunning() throws Exception {
        io.netty.channel.EventLoopGroup shared = new io.netty.channel.MultiThreadIoEventLoopGroup(2,
                io.netty.channel.nio.NioIoHandler.newFactory());
        try {
            EmbeddedMqttBroker onShared = EmbeddedMqttBroker.start(new InetSocketAddress("127.0.0.1", 0),
                    EmbeddedMqttBroker.DEFAULT_MAX_PACKET_BYTES, BrokerAccess.open(), java.util.Optional.of(shared));
            var client = new org.eclipse.paho.mqttv5.client.MqttClient(onShared.url(), "on-shared",
                    new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
            client.connect();
            assertTrue(waitFor(() -> onShared.connectedClients() == 1), "the MQTT client is connected");
            onShared.close();
            assertTrue(waitFor(() -> !client.isConnected()), "the broker's close ends its client's connection");
            client.close(true);
            assertFalse(shared.isShuttingDown(), "the shared group is left running");
            assertEquals("still running", shared.submit(() -> "still running").get(5, TimeUnit.SECONDS));
        } finally {
            shared.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
        }
    }

    @Test
    void forwardsMqtt5PropertiesThatUspRelies() throws Exception {
        BlockingQueue<Received> agentInbox = new LinkedBlockingQueue<>();
        var agent = v5("agent", agentInbox);
        agent.connect();
        agent.subscribe(new MqttSubscription[] {new MqttSubscription("usp/agent/+", 1)}, null);
        var controller = v5("controller", new LinkedBlockingQueue<>());
        controller.connect();

        MqttMessage request = new MqttMessage(new byte[] {0x08, 0x01, 0x12});
        request.setQos(1);
        MqttProperties properties = new MqttProperties();
        properties.setResponseTopic("usp/controller/reply");
        properties.setCorrelationData(new byte[] {1, 2, 3});
        properties.setContentType("usp.msg");
        properties.setUserProperties(List.of(new UserProperty("usp-endpoint-id", "proto::controller")));
        request.setProperties(properties);
        controller.publish("usp/agent/os::012345-CPEB", request);

        Received received = next(agentInbox);
        assertEquals("usp/agent/os::012345-CPEB", received.topic());
        assertArrayEquals(new byte[] {0x08, 0x01, 0x12}, received.message().getPayload());
        assertEquals(1, received.message().getQos());
        assertFalse(received.message().isRetained());
        MqttProperties got = received.message().getProperties();
        assertEquals("usp/controller/reply", got.getResponseTopic());
        assertArrayEquals(new byte[] {1, 2, 3}, got.getCorrelationData());
        assertEquals("usp.msg", got.getContentType());
        assertEquals("proto::controller", got.getUserProperties().get(0).getValue());
        agent.disconnect();
        controller.disconnect();
    }

    @Test
    void retainedMessagesReachLateSubscribersAndAnEmptyOneClearsThem() throws Exception {
        var z2m = v5("z2m", new LinkedBlockingQueue<>());
        z2m.connect();
        z2m.publish("zigbee2mqtt/bridge/state", "{\"state\":\"online\"}".getBytes(StandardCharsets.UTF_8), 1, true);
        z2m.publish("zigbee2mqtt/bridge/devices", "[]".getBytes(StandardCharsets.UTF_8), 1, true);

        BlockingQueue<Received> inbox = new LinkedBlockingQueue<>();
        var bridge = v5("bridge", inbox);
        bridge.connect();
        bridge.subscribe(new MqttSubscription[] {new MqttSubscription("zigbee2mqtt/bridge/#", 1)}, null);
        Received first = next(inbox);
        Received second = next(inbox);
        assertTrue(first.message().isRetained() && second.message().isRetained());
        assertEquals("zigbee2mqtt/bridge/state", first.topic());
        assertEquals("zigbee2mqtt/bridge/devices", second.topic());

        z2m.publish("zigbee2mqtt/bridge/state", "{\"state\":\"offline\"}".getBytes(StandardCharsets.UTF_8), 1, true);
        Received live = next(inbox);
        assertFalse(live.message().isRetained(), "a live delivery is not flagged retained");

        z2m.publish("zigbee2mqtt/bridge/state", new byte[0], 1, true);
        next(inbox);
        BlockingQueue<Received> lateInbox = new LinkedBlockingQueue<>();
        var late = v5("late", lateInbox);
        late.connect();
        late.subscribe(new MqttSubscription[] {new MqttSubscription("zigbee2mqtt/bridge/state", 1)}, null);
        assertNull(lateInbox.poll(500, TimeUnit.MILLISECONDS), "the empty retained message cleared the topic");
        z2m.disconnect();
        bridge.disconnect();
        late.disconnect();
    }

    @Test
    void aClientThatVanishesHasItsWillPublished() throws Exception {
        BlockingQueue<Received> inbox = new LinkedBlockingQueue<>();
        var watcher = v5("watcher", inbox);
        watcher.connect();
        watcher.subscribe(new MqttSubscription[] {new MqttSubscription("status/+", 1)}, null);

        var agent = v5("agent-with-will", new LinkedBlockingQueue<>());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setWill("status/agent", new MqttMessage("gone".getBytes(StandardCharsets.UTF_8)));
        agent.connect(options);
        agent.disconnectForcibly(0, 0, false);
        Received will = next(inbox);
        assertEquals("status/agent", will.topic());
        assertEquals("gone", new String(will.message().getPayload(), StandardCharsets.UTF_8));

        var polite = v5("polite", new LinkedBlockingQueue<>());
        MqttConnectionOptions politeOptions = new MqttConnectionOptions();
        politeOptions.setWill("status/polite", new MqttMessage("gone".getBytes(StandardCharsets.UTF_8)));
        polite.connect(politeOptions);
        polite.disconnect();
        assertNull(inbox.poll(500, TimeUnit.MILLISECONDS), "a clean DISCONNECT discards the will");
        watcher.disconnect();
    }

    @Test
    void mqtt311AndMqtt5ClientsTalkToEachOther() throws Exception {
        BlockingQueue<Received> inbox = new LinkedBlockingQueue<>();
        var modern = v5("modern", inbox);
        modern.connect();
        modern.subscribe(new MqttSubscription[] {new MqttSubscription("old/#", 1)}, null);

        BlockingQueue<String> oldInbox = new LinkedBlockingQueue<>();
        MqttClient old = broker.v3("old", (topic, message) -> oldInbox.add(topic + "="
                + new String(message.getPayload(), StandardCharsets.UTF_8)));
        old.connect(new MqttConnectOptions());
        old.subscribe("new/+", 1);
        old.publish("old/a", "from 3.1.1".getBytes(StandardCharsets.UTF_8), 1, false);
        assertEquals("from 3.1.1", new String(next(inbox).message().getPayload(), StandardCharsets.UTF_8));
        MqttMessage toOld = new MqttMessage("from 5".getBytes(StandardCharsets.UTF_8));
        MqttProperties properties = new MqttProperties();
        properties.setResponseTopic("ignored/by/3.1.1");
        toOld.setProperties(properties);
        modern.publish("new/b", toOld);
        assertEquals("new/b=from 5", oldInbox.poll(10, TimeUnit.SECONDS));
        old.disconnect();
        modern.disconnect();
    }

    @Test
    void garbageClosesOnlyThatConnection() throws Exception {
        BlockingQueue<Received> inbox = new LinkedBlockingQueue<>();
        var client = v5("steady", inbox);
        client.connect();
        client.subscribe(new MqttSubscription[] {new MqttSubscription("t", 0)}, null);
        try (Socket socket = new Socket("127.0.0.1", broker.broker().localAddress().getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(new byte[] {(byte) 0xF0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F, 1, 2, 3});
            out.flush();
            socket.setSoTimeout(10_000);
            assertEquals(-1, socket.getInputStream().read(), "the broker closed the garbage connection");
        }
        try (Socket socket = new Socket("127.0.0.1", broker.broker().localAddress().getPort())) {
            // PUBLISH before CONNECT is a protocol violation.
            socket.getOutputStream().write(new byte[] {0x30, 0x03, 0x00, 0x01, 't'});
            socket.setSoTimeout(10_000);
            assertEquals(-1, socket.getInputStream().read());
        }
        client.publish("t", "still here".getBytes(StandardCharsets.UTF_8), 0, false);
        assertEquals("still here", new String(next(inbox).message().getPayload(), StandardCharsets.UTF_8));
        client.disconnect();
    }

    @Test
    void closingTheBrokerDisconnectsItsClientsAtOnce() throws Exception {
        var client = v5("leaving", new LinkedBlockingQueue<>());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setKeepAliveInterval(600);
        client.connect(options);
        broker.broker().close();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (client.isConnected() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertFalse(client.isConnected(), "the client learns of the close well before its 10-minute keep-alive");
    }

    /**
     * A packet of many reads is forwarded from the reads themselves (composite cumulation, no copy into an array
     * first): every subscriber gets it whole, and a retained one, which outlives the packet, keeps bytes of its own
     * for a subscriber that comes after later traffic has reused the connection's buffers.
     */
    @Test
    void aLargePayloadReachesEverySubscriberWholeAndALargeRetainedOneKeepsItsBytes() throws Exception {
        byte[] large = new byte[300_000];
        for (int i = 0; i < large.length; i++) {
            large[i] = (byte) (i * 31 + 7);
        }
        BlockingQueue<Received> first = new LinkedBlockingQueue<>();
        BlockingQueue<Received> second = new LinkedBlockingQueue<>();
        var one = v5("one", first);
        var two = v5("two", second);
        var sender = v5("sender", new LinkedBlockingQueue<>());
        one.connect();
        two.connect();
        sender.connect();
        one.subscribe(new MqttSubscription[] {new MqttSubscription("answers/#", 1)}, null);
        two.subscribe(new MqttSubscription[] {new MqttSubscription("answers/x", 0)}, null);
        for (int round = 0; round < 3; round++) {
            large[0] = (byte) round;
            sender.publish("answers/x", large, 1, false);
            assertArrayEquals(large, next(first).message().getPayload(), "QoS 1 subscriber, round " + round);
            assertArrayEquals(large, next(second).message().getPayload(), "QoS 0 subscriber, round " + round);
        }
        byte[] retained = large.clone();
        sender.publish("answers/retained", retained, 1, true);
        assertArrayEquals(retained, next(first).message().getPayload());
        // More large packets through the same connection before anyone asks for the retained one.
        for (int round = 0; round < 3; round++) {
            large[1] = (byte) round;
            sender.publish("answers/x", large, 1, false);
            next(first);
            next(second);
        }
        BlockingQueue<Received> lateInbox = new LinkedBlockingQueue<>();
        var late = v5("late-large", lateInbox);
        late.connect();
        late.subscribe(new MqttSubscription[] {new MqttSubscription("answers/retained", 1)}, null);
        Received kept = next(lateInbox);
        assertTrue(kept.message().isRetained());
        assertArrayEquals(retained, kept.message().getPayload());
        one.disconnect();
        two.disconnect();
        sender.disconnect();
        late.disconnect();
    }

    @Test
    void largePayloadsNoLocalAndSessionTakeover() throws Exception {
        BlockingQueue<Received> inbox = new LinkedBlockingQueue<>();
        var client = v5("big", inbox);
        client.connect();
        MqttSubscription noLocal = new MqttSubscription("echo", 1);
        noLocal.setNoLocal(true);
        client.subscribe(new MqttSubscription[] {new MqttSubscription("big", 1), noLocal}, null);
        byte[] large = new byte[1_000_000];
        for (int i = 0; i < large.length; i++) {
            large[i] = (byte) i;
        }
        client.publish("big", large, 1, false);
        assertArrayEquals(large, next(inbox).message().getPayload());
        client.publish("echo", new byte[] {1}, 1, false);
        assertNull(inbox.poll(500, TimeUnit.MILLISECONDS), "no-local: own message not echoed");

        var same = v5("big", new LinkedBlockingQueue<>());
        same.connect();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (client.isConnected() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertFalse(client.isConnected(), "the older connection with the same client id was closed");
        assertEquals(1, broker.broker().connectedClients());
        same.disconnect();
    }
}
