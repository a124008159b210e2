package org.cpebridge.usp.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.cpebridge.usp.agent.UspFace;
import org.cpebridge.usp.proto.UspMsg;
import org.cpebridge.usp.record.RecordBody;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The setup the USP-over-MQTT integration tests share, as a JUnit 5 extension on an instance field
 * ({@code @RegisterExtension final UspMqttHarness usp = UspMqttHarness.agentTopic(...).controller(...)}): a real broker
 * on a free loopback port (the embedded one or mosquitto, {@link TestBroker}), the agent ({@link UspFace} over a
 * {@link TestFaceContext} whose data directory survives {@link #stopAgent}), Paho test Controllers, and usp-js
 * controller scripts ({@link UspJsProcess}). A test starts what it needs, in the order it needs; after each test the
 * harness stops all it started (agent, Controllers, usp-js, core, broker) and deletes its directory.
 *
 * <p>The knobs are the few the tests differ in: the agent's topic, the configured Controller and the topics its Paho
 * client subscribes to, settings added to every start, the devices the adapter reports, and how long to wait.
 *
 * <p>Owning thread: the test's thread; nothing here is shared with the agent's threads.
 */
public final class UspMqttHarness implements BeforeEachCallback, AfterEachCallback {
    /** The agent's endpoint ID: {@link TestFaceContext}'s bridge serial number in the {@code os::} form. */
    public static final String AGENT_ID = "os::000000-CPEB-TEST0001";

    private final String agentTopic;
    private String controllerId = "proto::it-controller";
    private String controllerTopic = "usp/controller/it";
    private List<String> controllerTopics = List.of();
    private final Map<String, String> alwaysSettings = new HashMap<>();
    private Consumer<TestFaceContext> devices = context -> context.adapter.registerDevices();
    private int waitSeconds = 30;

    private Path dir;
    private TestBroker broker;
    private TestFaceContext context;
    private UspFace face;
    private PahoTestController controller;
    private final Deque<AutoCloseable> peers = new ArrayDeque<>();

    private UspMqttHarness(String agentTopic) {
        this.agentTopic = agentTopic;
    }

    /** A harness whose agent subscribes to {@code agentTopic} ({@code usp.mqtt.agentTopic}). */
    public static UspMqttHarness agentTopic(String agentTopic) {
        return new UspMqttHarness(agentTopic);
    }

    /**
     * The Controller the agent is configured with ({@code usp.controller.endpointId} and {@code .topic}); its Paho
     * client ({@link #connectController}) subscribes to {@code topic} unless {@link #subscribe} names other filters.
     */
    public UspMqttHarness controller(String endpointId, String topic) {
        this.controllerId = endpointId;
        this.controllerTopic = topic;
        return this;
    }

    /** The topic filters the configured Controller's Paho client subscribes to (a test may change them first). */
    public UspMqttHarness subscribe(String... topicFilters) {
        this.controllerTopics = List.of(topicFilters);
        return this;
    }

    /** A setting every start of the agent gets (a start's own settings still win). */
    public UspMqttHarness setting(String key, String value) {
        alwaysSettings.put(key, value);
        return this;
    }

    /** What the core holds before the agent starts; by default the {@link FakeAdapter}'s four devices. */
    public UspMqttHarness devices(Consumer<TestFaceContext> register) {
        this.devices = register;
        return this;
    }

    /** How long each wait for the agent lasts (30 s by default). */
    public UspMqttHarness waitSeconds(int seconds) {
        this.waitSeconds = seconds;
        return this;
    }

    @Override
    public void beforeEach(ExtensionContext extension) throws IOException {
        dir = Files.createTempDirectory("usp-mqtt-it-");
    }

    @Override
    public void afterEach(ExtensionContext extension) throws Exception {
        List<Exception> failures = new ArrayList<>();
        if (context != null) {
            context.releaseWorkers();
        }
        closeQuietly(face, failures);
        face = null;
        closeQuietly(controller, failures);
        controller = null;
        while (!peers.isEmpty()) {
            closeQuietly(peers.pop(), failures);
        }
        closeQuietly(context, failures);
        context = null;
        closeQuietly(broker, failures);
        broker = null;
        deleteTree(dir);
        if (!failures.isEmpty()) {
            Exception first = failures.get(0);
            failures.stream().skip(1).forEach(first::addSuppressed);
            throw first;
        }
    }

    private static void closeQuietly(AutoCloseable closeable, List<Exception> failures) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            failures.add(e);
        }
    }

    /**
     * Deletes the test's directory. A store write the stopped workers had begun may still land a file in it, so one
     * failed attempt is retried; a directory left behind after that fails no test (it is in the temp directory).
     */
    private static void deleteTree(Path root) throws InterruptedException {
        if (root == null) {
            return;
        }
        for (int attempt = 0; attempt < 2 && Files.exists(root); attempt++) {
            try (Stream<Path> paths = Files.walk(root)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException | java.io.UncheckedIOException raced) {
                Thread.sleep(200);
            }
        }
    }

    /** Starts the broker of {@code kind} on a free loopback port. */
    public TestBroker startBroker(TestBroker.Kind kind) throws Exception {
        broker = kind.start(brokerDir());
        return broker;
    }

    /** Starts mosquitto with these extra lines of mosquitto.conf (a limit the test is about). */
    public TestBroker startMosquitto(String extraConfig) throws Exception {
        broker = new TestBroker.Mosquitto(MosquittoBroker.start(brokerDir(), extraConfig));
        return broker;
    }

    private Path brokerDir() throws IOException {
        return Files.createDirectories(dir.resolve("broker"));
    }

    /**
     * The usual start: the broker of {@code kind}, the configured Controller's Paho client, the agent with
     * {@code extraSettings}; returns once the agent's MQTTConnect Record reached the Controller.
     */
    public PahoTestController.Received start(TestBroker.Kind kind, Map<String, String> extraSettings)
            throws Exception {
        startBroker(kind);
        return startAfterBroker(extraSettings);
    }

    public PahoTestController.Received start(TestBroker.Kind kind) throws Exception {
        return start(kind, Map.of());
    }

    /** As {@link #start(TestBroker.Kind, Map)} on the broker a test started itself. */
    public PahoTestController.Received startAfterBroker(Map<String, String> extraSettings) throws Exception {
        connectController();
        startAgent(extraSettings);
        return awaitConnectRecord(controller);
    }

    /** The configured Controller's Paho client on the broker, subscribed to its topics. */
    public PahoTestController connectController() throws MqttException {
        controller = new PahoTestController(broker.url(), controllerId, AGENT_ID, controllerTopics());
        return controller;
    }

    /** Closes the configured Controller's client and connects a fresh one (after a broker restart). */
    public PahoTestController reconnectController() throws MqttException {
        controller.close();
        controller = null;
        return connectController();
    }

    private String[] controllerTopics() {
        return (controllerTopics.isEmpty() ? List.of(controllerTopic) : controllerTopics).toArray(String[]::new);
    }

    /** Another Paho client on the broker (another Controller, or one naming another agent); closed after the test. */
    public PahoTestController connect(String endpointId, String toAgentId, String... topics) throws MqttException {
        PahoTestController other = new PahoTestController(broker.url(), endpointId, toAgentId, topics);
        peers.push(other);
        return other;
    }

    /**
     * Starts the agent: a core over the harness's data directory (kept from an earlier start), the devices, and
     * {@link UspFace} with the harness's settings and {@code extraSettings}. Without a broker, the agent's MQTT URL
     * names a loopback port nothing listens on.
     */
    public UspFace startAgent(Map<String, String> extraSettings) throws IOException, InterruptedException {
        Map<String, String> settings = new HashMap<>();
        settings.put("usp.mqtt.url", broker != null ? broker.url() : "tcp://127.0.0.1:" + FreePorts.tcp());
        settings.put("usp.mqtt.agentTopic", agentTopic);
        settings.put("usp.mqtt.connectRetryTime", "1s");
        settings.put("usp.mqtt.connectRetryMaxInterval", "2s");
        settings.put("usp.controller.endpointId", controllerId);
        settings.put("usp.controller.topic", controllerTopic);
        settings.putAll(alwaysSettings);
        settings.putAll(extraSettings);
        context = new TestFaceContext(dir.resolve("data"), settings);
        devices.accept(context);
        face = new UspFace(context);
        face.start();
        return face;
    }

    /** Stops the agent and its core (the data directory stays, for the next {@link #startAgent}). */
    public void stopAgent() {
        face.close();
        face = null;
        context.close();
        context = null;
    }

    /**
     * Forgets the running agent without stopping it: the test stops it itself (as the service's main thread does on a
     * restart request); its core is still closed after the test.
     */
    public UspFace detachFace() {
        UspFace detached = face;
        face = null;
        return detached;
    }

    /** Waits for the agent's MQTTConnect Record (R-MTP.6) on {@code to}; other Records before it are dropped. */
    public PahoTestController.Received awaitConnectRecord(PahoTestController to) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(waitSeconds);
        while (System.nanoTime() < deadline) {
            PahoTestController.Received r = to.received.poll(1, TimeUnit.SECONDS);
            if (r != null && r.record() != null && r.record().body() instanceof RecordBody.MqttConnect) {
                return r;
            }
        }
        throw new AssertionError("no MQTTConnect Record within " + waitSeconds + " s");
    }

    /** Waits until {@code condition} holds (polled every 50 ms), failing after the harness's wait. */
    public void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(waitSeconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    /**
     * Sends {@code request} from the configured Controller to the agent's topic (with {@code responseTopic} as MQTT 5
     * Response Topic when present) and returns the next USP Message, which must answer it.
     */
    public UspMsg.Msg ask(UspMsg.Msg request, Optional<String> responseTopic) throws Exception {
        return ask(controller, request, responseTopic);
    }

    /** As {@link #ask(UspMsg.Msg, Optional)} from another Controller. */
    public UspMsg.Msg ask(PahoTestController from, UspMsg.Msg request, Optional<String> responseTopic)
            throws Exception {
        from.send(agentTopic, request, responseTopic);
        PahoTestController.Received answer = from.nextMessage(waitSeconds);
        assertNotNull(answer, "no answer to " + request.getHeader().getMsgId() + " within " + waitSeconds + " s");
        UspMsg.Msg msg = PahoTestController.message(answer);
        assertEquals(request.getHeader().getMsgId(), msg.getHeader().getMsgId());
        return msg;
    }

    /**
     * Sends {@code request} from {@code from} without a Response Topic and returns the answer with its msg_id; the
     * USP Messages met on the way (Notify requests) are added to {@code passed}.
     */
    public UspMsg.Msg call(PahoTestController from, UspMsg.Msg request, List<UspMsg.Msg> passed) throws Exception {
        from.send(agentTopic, request, Optional.empty());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(waitSeconds);
        while (System.nanoTime() < deadline) {
            PahoTestController.Received r = from.nextMessage(waitSeconds);
            assertNotNull(r, "no answer to " + request.getHeader().getMsgId());
            UspMsg.Msg got = PahoTestController.message(r);
            if (got.getHeader().getMsgId().equals(request.getHeader().getMsgId())) {
                return got;
            }
            passed.add(got);
        }
        throw new AssertionError("no answer to " + request.getHeader().getMsgId());
    }

    /**
     * Starts {@code script} of {@link UspJsProcess#INTEROP} (usp-js under Node) against the broker as Controller
     * {@code endpointId} on {@code topic}, with the settings every script reads ({@code MQTT_PORT}, {@code AGENT_ID},
     * {@code CONTROLLER_ID}, {@code AGENT_TOPIC}, {@code CONTROLLER_TOPIC}) and {@code extra}; stopped after the test
     * if it is still running.
     */
    public UspJsProcess uspJs(String script, String endpointId, String topic, Map<String, String> extra) {
        Map<String, String> environment = new HashMap<>(Map.of("MQTT_PORT", Integer.toString(broker.port()),
                "AGENT_ID", AGENT_ID, "CONTROLLER_ID", endpointId, "AGENT_TOPIC", agentTopic,
                "CONTROLLER_TOPIC", topic));
        environment.putAll(extra);
        UspJsProcess process = UspJsProcess.start(script, List.of("usp-js"), environment);
        peers.push(process);
        return process;
    }

    public Path dir() {
        return dir;
    }

    public TestBroker broker() {
        return broker;
    }

    public TestFaceContext context() {
        return context;
    }

    public UspFace face() {
        return face;
    }

    /** The configured Controller's Paho client, once {@link #connectController} ran. */
    public PahoTestController controller() {
        return controller;
    }

    public String agentTopic() {
        return agentTopic;
    }

    public int waitSeconds() {
        return waitSeconds;
    }
}
