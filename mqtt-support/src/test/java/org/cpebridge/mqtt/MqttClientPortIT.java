package org.cpebridge.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.cpebridge.mqtt.broker.EmbeddedMqttBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The shared client against the project's embedded broker over loopback, once per MQTT version. */
class MqttClientPortIT {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private EmbeddedMqttBroker broker;
    private final List<MqttClientPort> clients = new ArrayList<>();

    @BeforeEach
    void startBroker() throws Exception {
        broker = EmbeddedMqttBroker.start(new InetSocketAddress("127.0.0.1", 0),
                EmbeddedMqttBroker.DEFAULT_MAX_PACKET_BYTES, org.cpebridge.mqtt.broker.BrokerAccess.open());
    }

    @AfterEach
    void stop() {
        clients.forEach(MqttClientPort::close);
        if (broker != null) {
            broker.close();
        }
    }

    @ParameterizedTest
    @EnumSource(MqttVersion.class)
    void publishCarriesPayloadAndOn5ThePropertiesToASubscriber(MqttVersion version) throws Exception {
        Recorder subscriber = new Recorder();
        MqttClientPort in = connected(options(version, "sub"), subscriber);
        in.subscribe(List.of("usp/agent/#", "other"), 1);
        assertEquals(new Subscribed(List.of(true, true)), subscriber.next());

        Recorder publisher = new Recorder();
        MqttClientPort out = connected(options(version, "pub"), publisher);
        MessageProperties properties = new MessageProperties(Optional.of("usp/controller/reply"),
                Optional.of("usp.msg"), List.of(new UserProperty("k", "v"), new UserProperty("k", "w")));
        assertTrue(out.publish("usp/agent/1", bytes("record"), 1, false, properties));

        Message message = subscriber.next(Message.class);
        assertEquals("usp/agent/1", message.topic());
        assertEquals("record", message.text());
        assertFalse(message.retained());
        assertEquals(version == MqttVersion.V5 ? properties : MessageProperties.NONE, message.properties());
        assertInstanceOf(Delivered.class, publisher.next());
    }

    @ParameterizedTest
    @EnumSource(MqttVersion.class)
    void aRetainedMessageReachesALaterSubscriberMarkedRetained(MqttVersion version) throws Exception {
        MqttClientPort out = connected(options(version, "pub"), new Recorder());
        assertTrue(out.publish("bridge/state", bytes("online"), 1, true, MessageProperties.NONE));
        out.disconnect(Duration.ofSeconds(1));

        Recorder late = new Recorder();
        MqttClientPort in = connected(options(version, "late"), late);
        in.subscribe(List.of("bridge/state"), 1);
        // Paho reports the SUBACK and the retained PUBLISH behind it on different queues: take both, in any order.
        List<Object> both = List.of(late.next(), late.next());
        assertTrue(both.contains(new Subscribed(List.of(true))), both.toString());
        Message message = both.stream().filter(Message.class::isInstance).map(Message.class::cast).findFirst()
                .orElseThrow();
        assertEquals("online", message.text());
        assertTrue(message.retained());
    }

    @ParameterizedTest
    @EnumSource(MqttVersion.class)
    void theWillIsPublishedOnCloseButNotAfterDisconnect(MqttVersion version) throws Exception {
        Recorder watcher = new Recorder();
        MqttClientPort watching = connected(options(version, "watcher"), watcher);
        watching.subscribe(List.of("status/#"), 1);
        assertEquals(new Subscribed(List.of(true)), watcher.next());

        Will will = new Will("status/a", bytes("offline"), 1, false, Optional.of("text/plain"));
        MqttClientPort abrupt = connected(ConnectOptions.builder(broker.url(), "a", version)
                .will(Optional.of(will)).build(), new Recorder());
        abrupt.close();
        Message said = watcher.next(Message.class);
        assertEquals("status/a", said.topic());
        assertEquals("offline", said.text());
        assertEquals(version == MqttVersion.V5 ? Optional.of("text/plain") : Optional.empty(),
                said.properties().contentType());

        MqttClientPort polite = connected(ConnectOptions.builder(broker.url(), "b", version)
                .will(Optional.of(new Will("status/b", bytes("offline"), 1, false, Optional.empty()))).build(),
                new Recorder());
        polite.disconnect(Duration.ofSeconds(1));
        // Whatever arrives next must be this marker, sent after the DISCONNECT, not a will.
        assertTrue(watching.publish("status/marker", bytes("marker"), 1, false, MessageProperties.NONE));
        assertEquals("status/marker", watcher.next(Message.class).topic());
    }

    @Test
    void mqtt5ConnectGetsTheAssignedClientIdentifierForAnEmptyOne() throws Exception {
        Recorder recorder = new Recorder();
        MqttClientPort client = MqttClientPort.open(ConnectOptions.builder(broker.url(), "", MqttVersion.V5)
                .userProperties(List.of(new UserProperty("usp-endpoint-id", "os::012345-ABC"))).build(), recorder);
        clients.add(client);
        client.connect();
        ConnAck ack = recorder.next(Connected.class).ack();
        assertTrue(ack.assignedClientId().filter(id -> !id.isEmpty()).isPresent(), ack.toString());
    }

    @ParameterizedTest
    @EnumSource(MqttVersion.class)
    void noBrokerIsAConnectFailureAndAStoppedBrokerALoss(MqttVersion version) throws Exception {
        Recorder recorder = new Recorder();
        MqttClientPort client = connected(options(version, "c"), recorder);
        broker.close();
        broker = null;
        assertInstanceOf(Lost.class, recorder.next());
        assertFalse(client.isConnected());

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        Recorder refused = new Recorder();
        MqttClientPort nowhere = MqttClientPort.open(ConnectOptions.builder("tcp://127.0.0.1:" + closedPort, "c",
                version).connectTimeout(Duration.ofSeconds(5)).build(), refused);
        clients.add(nowhere);
        nowhere.connect();
        ConnectFailed failed = refused.next(ConnectFailed.class);
        assertFalse(failed.protocolRejected(), failed.reason());
    }

    /**
     * MQTT 5 clients ping on the process's one {@code mqtt-ping} thread, not on a timer thread each: two clients with
     * a one-second keep-alive stay connected through four idle seconds (the broker closes a client silent for 1.5
     * keep-alive periods) and still exchange a message, and no "MQTT Ping" thread exists.
     */
    @Test
    void mqtt5ClientsKeepAliveOnOneSharedPingThread() throws Exception {
        Recorder first = new Recorder();
        Recorder second = new Recorder();
        MqttClientPort subscriber = connected(ConnectOptions.builder(broker.url(), "ping-a", MqttVersion.V5)
                .keepAlive(Duration.ofSeconds(1)).build(), first);
        MqttClientPort publisher = connected(ConnectOptions.builder(broker.url(), "ping-b", MqttVersion.V5)
                .keepAlive(Duration.ofSeconds(1)).build(), second);
        subscriber.subscribe(List.of("ping/t"), 1);
        assertEquals(List.of(true), first.next(Subscribed.class).granted());
        Thread.sleep(4_000);
        assertTrue(publisher.publish("ping/t", bytes("still here"), 1, false, MessageProperties.NONE));
        assertEquals("still here", first.next(Message.class).text());
        java.util.Set<String> threads = Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .collect(java.util.stream.Collectors.toSet());
        assertTrue(threads.contains("mqtt-ping"), threads.toString());
        assertTrue(threads.stream().noneMatch(name -> name.startsWith("MQTT Ping")), threads.toString());
    }

    @Test
    void aBadServerUriIsRefusedWhenOpening() {
        MqttPortException e = org.junit.jupiter.api.Assertions.assertThrows(MqttPortException.class,
                () -> MqttClientPort.open(ConnectOptions.builder("nonsense://x", "c", MqttVersion.V5).build(),
                        new Recorder()));
        assertTrue(e.getMessage().contains("nonsense://x"), e.getMessage());
    }

    @Test
    void noDelaySocketsHaveNagleOff() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket socket = new NoDelaySocketFactory().createSocket(InetAddress.getLoopbackAddress(),
                        server.getLocalPort())) {
            assertTrue(socket.getTcpNoDelay());
        }
    }

    private ConnectOptions options(MqttVersion version, String clientId) {
        return ConnectOptions.builder(broker.url(), clientId + "-" + version, version).build();
    }

    private MqttClientPort connected(ConnectOptions options, Recorder recorder) throws Exception {
        MqttClientPort client = MqttClientPort.open(options, recorder);
        clients.add(client);
        client.connect();
        assertNotNull(recorder.next(Connected.class));
        return client;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    record Connected(ConnAck ack) {
    }

    record ConnectFailed(String reason, boolean protocolRejected) {
    }

    record Subscribed(List<Boolean> granted) {
    }

    record Lost(String reason) {
    }

    record Message(String topic, String text, boolean retained, MessageProperties properties) {
    }

    record Delivered() {
    }

    /** Everything the port reports, in order. */
    static final class Recorder implements MqttClientPort.Listener {
        private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();

        Object next() throws InterruptedException {
            Object event = events.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertNotNull(event, "nothing reported within " + WAIT);
            return event;
        }

        /** The next event of this type, skipping {@link Delivered} reports that may come in between. */
        <T> T next(Class<T> type) throws InterruptedException {
            Object event = next();
            while (event instanceof Delivered && type != Delivered.class) {
                event = next();
            }
            return assertInstanceOf(type, event);
        }

        @Override
        public void connected(ConnAck ack) {
            events.add(new Connected(ack));
        }

        @Override
        public void connectFailed(String reason, boolean protocolRejected) {
            events.add(new ConnectFailed(reason, protocolRejected));
        }

        @Override
        public void subscribed(List<Boolean> granted) {
            events.add(new Subscribed(granted));
        }

        @Override
        public void lost(String reason) {
            events.add(new Lost(reason));
        }

        @Override
        public void message(String topic, byte[] payload, boolean retained, MessageProperties properties) {
            events.add(new Message(topic, new String(payload, StandardCharsets.UTF_8), retained, properties));
        }

        @Override
        public void delivered() {
            events.add(new Delivered());
        }
    }
}
