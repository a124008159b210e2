package org.cpebridge.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.cpebridge.mqtt.broker.EmbeddedMqttBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The netty client against the project's embedded broker over loopback, once per MQTT version. */
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
        // The SUBACK and the retained PUBLISH behind it: take both, in any order (brokers differ).
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
     * Clients given a shared netty group run on it and start no thread of their own: an MQTT 5 and a 3.1.1 client
     * with a one-second keep-alive stay connected through four idle seconds (the broker closes a client silent for
     * 1.5 keep-alive periods, so the PINGREQs went out on the shared loop) and still exchange a message; every
     * callback came on the shared loop's thread, no thread appeared while they ran, and the socket has TCP_NODELAY.
     */
    @Test
    void clientsOnASharedLoopKeepAliveThereAndStartNoThread() throws Exception {
        EventLoopGroup shared = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("shared-io", true),
                NioIoHandler.newFactory());
        try {
            shared.submit(() -> { }).sync(); // its one thread exists before the snapshot
            Set<String> before = threadNames();
            Recorder first = new Recorder();
            Recorder second = new Recorder();
            MqttClientPort subscriber = connected(ConnectOptions.builder(broker.url(), "ka-5", MqttVersion.V5)
                    .keepAlive(Duration.ofSeconds(1)).ioGroup(Optional.of(shared)).build(), first);
            MqttClientPort publisher = connected(ConnectOptions.builder(broker.url(), "ka-3", MqttVersion.V3_1_1)
                    .keepAlive(Duration.ofSeconds(1)).ioGroup(Optional.of(shared)).build(), second);
            subscriber.subscribe(List.of("ping/t"), 1);
            assertEquals(List.of(true), first.next(Subscribed.class).granted());
            Thread.sleep(4_000);
            assertTrue(subscriber.isConnected() && publisher.isConnected());
            assertTrue(publisher.publish("ping/t", bytes("still here"), 1, false, MessageProperties.NONE));
            assertEquals("still here", first.next(Message.class).text());
            assertInstanceOf(Delivered.class, second.next());
            Set<String> appeared = new java.util.TreeSet<>(threadNames());
            appeared.removeAll(before);
            assertEquals(Set.of(), appeared);
            Set<String> callbackThreads = new java.util.HashSet<>(first.threads);
            callbackThreads.addAll(second.threads);
            assertEquals(1, callbackThreads.size(), callbackThreads.toString());
            assertTrue(callbackThreads.iterator().next().startsWith("shared-io"), callbackThreads.toString());
            assertTrue(((NettyMqttClient) subscriber).tcpNoDelay());
        } finally {
            clients.forEach(MqttClientPort::close);
            clients.clear();
            shared.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    /** Without a shared group a client runs on a private {@code mqtt-client} thread, gone once it is closed. */
    @Test
    void aClientWithoutASharedLoopStopsItsOwnThreadOnClose() throws Exception {
        Recorder recorder = new Recorder();
        MqttClientPort client = connected(options(MqttVersion.V5, "own"), recorder);
        String own = recorder.threads.peek();
        assertTrue(own.startsWith("mqtt-client"), own);
        assertTrue(((NettyMqttClient) client).tcpNoDelay());
        client.close();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (threadNames().contains(own) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertFalse(threadNames().contains(own), threadNames().toString());
    }

    @Test
    void aBadServerUriIsRefusedWhenOpening() {
        for (String uri : List.of("nonsense://x", "ws://127.0.0.1:1883", "tcp://", "tcp://host:99999")) {
            MqttPortException e = org.junit.jupiter.api.Assertions.assertThrows(MqttPortException.class,
                    () -> MqttClientPort.open(ConnectOptions.builder(uri, "c", MqttVersion.V5).build(),
                            new Recorder()));
            assertTrue(e.getMessage().contains(uri), e.getMessage());
        }
    }

    private static Set<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .collect(java.util.stream.Collectors.toSet());
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
        /** The threads the callbacks came on. */
        final java.util.Queue<String> threads = new ConcurrentLinkedQueue<>();

        private void add(Object event) {
            threads.add(Thread.currentThread().getName());
            events.add(event);
        }

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
            add(new Connected(ack));
        }

        @Override
        public void connectFailed(String reason, boolean protocolRejected) {
            add(new ConnectFailed(reason, protocolRejected));
        }

        @Override
        public void subscribed(List<Boolean> granted) {
            add(new Subscribed(granted));
        }

        @Override
        public void lost(String reason) {
            add(new Lost(reason));
        }

        @Override
        public void message(String topic, byte[] payload, boolean retained, MessageProperties properties) {
            add(new Message(topic, new String(payload, StandardCharsets.UTF_8), retained, properties));
        }

        @Override
        public void delivered() {
            add(new Delivered());
        }
    }
}
