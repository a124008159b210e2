package org.cpebridge.usp.agent;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.cpebridge.core.config.Config;
import org.cpebridge.core.event.DeviceEvent;
import org.cpebridge.core.event.Subscription;
import org.cpebridge.core.spi.Face;
import org.cpebridge.core.spi.FaceContext;
import org.cpebridge.core.spi.ServiceControl;
import org.cpebridge.core.util.SerialExecutor;
import org.cpebridge.usp.agent.model.InstanceNumbers;
import org.cpebridge.usp.agent.model.LocalAgentProvider;
import org.cpebridge.mqtt.RetryPolicy;
import org.cpebridge.usp.proto.UspMsg;
import org.cpebridge.usp.mtp.mqtt.MqttLinkConfig;
import org.cpebridge.usp.mtp.mqtt.MqttMtpListener;
import org.cpebridge.usp.mtp.mqtt.MqttVersion;
import org.cpebridge.usp.mtp.mqtt.MqttMtp;
import org.cpebridge.usp.mtp.websocket.NettyWebSocketMtp;
import org.cpebridge.usp.mtp.websocket.WebSocketMtpConfig;
import org.cpebridge.usp.mtp.websocket.WebSocketAuthenticator;
import org.cpebridge.usp.mtp.websocket.WebSocketPeer;
import org.cpebridge.usp.mtp.websocket.WebSocketTls;
import org.cpebridge.bytes.Bytes;
import org.cpebridge.usp.record.RecordBody;
import org.cpebridge.usp.record.RecordCodec;
import org.cpebridge.usp.record.RecordDecodeException;
import org.cpebridge.usp.record.RecordEnvelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The USP agent face: the TR-181 model over the core registry, the message handlers, the MQTT MTP and, when
 * {@code usp.websocket.listen} is set, the WebSocket server MTP. {@link #start} returns at once; the MQTT MTP connects
 * (and reconnects) in the background. An MQTT answer goes to the request's reply topic, or else to the sending
 * Controller's configured {@code MTP.{i}.MQTT.Topic} (usp-js sends no reply topic); a WebSocket answer goes back on
 * the session the request came in on. A notification takes the Controller's open WebSocket session if it has one,
 * else its MQTT topic.
 *
 * <p>Owning thread: one serial executor over the service's workers runs the MTP, the handlers and the model; when it
 * is idle, the MQTT client's I/O loop runs a received Record as its task and answers a small Get there
 * ({@link #onRecord(Bytes, Optional, boolean)}).
 */
public final class UspFace implements Face, MqttMtpListener {
    private static final Logger LOG = LoggerFactory.getLogger(UspFace.class);

    private final FaceContext context;
    /** How long new device instance numbers may wait in memory when nothing is sent meanwhile. */
    private static final Duration NUMBERS_FLUSH_DELAY = Duration.ofSeconds(1);

    private final RecordCodec codec = new RecordCodec();
    private final AtomicBoolean numbersFlushDue = new AtomicBoolean();
    private SerialExecutor serial;
    private String endpointId;
    private LocalAgentProvider localAgent;
    private AgentModel agent;
    private org.cpebridge.privacy.HouseholdPrivacy privacyPort;
    private UspEndpoint endpoint;
    private QuickRequests quickRequests;
    private MqttMtp mtp;
    private NettyWebSocketMtp webSocket;
    private int webSocketMaxMessage = RecordCodec.DEFAULT_MAX_RECORD_SIZE;
    private volatile InetSocketAddress webSocketAddress;
    private MqttVersion version;
    private long maxResponseSize = Long.MAX_VALUE;
    private Subscription deviceEvents;
    private volatile boolean mtpUp;
    private boolean bootSent;
    private RateLimitedWarning replyToRefused;

    public UspFace(FaceContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    /** Whether the MQTT MTP is connected and subscribed now. */
    public boolean mtpUp() {
        return mtpUp;
    }

    /** Where the WebSocket MTP listens, once it does (the bound port, also when 0 was configured). */
    public Optional<InetSocketAddress> webSocketAddress() {
        return Optional.ofNullable(webSocketAddress);
    }

    /** The agent's Endpoint ID (after {@link #start}). */
    public String endpointId() {
        return endpointId;
    }

    @Override
    public void start() {
        Config config = context.config();
        ServiceControl.BridgeInfo info = context.serviceControl().bridgeInfo();
        String oui = config.get(UspSettings.OUI_KEY);
        endpointId = Optional.ofNullable(config.get(UspSettings.ENDPOINT_ID))
                .orElseGet(() -> UspSettings.defaultEndpointId(oui, info.serialNumber()));
        String agentTopic = Optional.ofNullable(config.get(UspSettings.MQTT_AGENT_TOPIC))
                .orElse("usp/agent/" + endpointId);
        String statusTopic = Optional.ofNullable(config.get(UspSettings.MQTT_STATUS_TOPIC))
                .orElse(agentTopic + "/status");
        version = config.get(UspSettings.MQTT_VERSION);
        maxResponseSize = config.get(UspSettings.MAX_RESPONSE_SIZE);
        serial = new SerialExecutor(context.executor(), "usp");
        replyToRefused = new RateLimitedWarning(LOG, context.clock(), Duration.ofMinutes(1));

        agent = AgentModel.build(context, endpointId, agentTopic, serial, this::sendNotify,
                UspSettings.privacyRules(config, context.store()));
        localAgent = agent.localAgent();
        // The web console shows and changes the same grants and log, through the core's face ports.
        privacyPort = agent.householdPrivacy(serial);
        context.ports().provide(org.cpebridge.privacy.HouseholdPrivacy.class, privacyPort);
        InstanceNumbers numbers = agent.numbers();
        deviceEvents = context.events().subscribe("usp", event -> {
            if (event instanceof DeviceEvent.DeviceAdded added) {
                numbers.numberOf(added.added().id());
                // A join burst is stored once, shortly after, instead of once per device.
                if (numbersFlushDue.compareAndSet(false, true)) {
                    context.scheduler().schedule(NUMBERS_FLUSH_DELAY, () -> serial.execute(() -> {
                        numbersFlushDue.set(false);
                        agent.beforeSending();
                    }));
                }
            }
            serial.execute(() -> agent.notifier().onEvent(event));
        });
        endpoint = new UspEndpoint(endpointId, codec, agent.dispatcher(), config.get(UspSettings.MAX_RESPONSE_SIZE));
        quickRequests = new QuickRequests(agent.model().root());

        RetryPolicy retry = new RetryPolicy(config.get(UspSettings.MQTT_RETRY_MIN), 2000,
                config.get(UspSettings.MQTT_RETRY_MAX));
        // R-MQTT.9: a Client Identifier the broker assigned is kept and used again, also after a restart (TP-469 11.5).
        Optional<String> clientId = Optional.ofNullable(config.get(UspSettings.MQTT_CLIENT_ID))
                .or(() -> StoredClientId.read(context.store()));
        MqttLinkConfig linkConfig = new MqttLinkConfig(endpointId, version, clientId, List.of(agentTopic),
                Optional.of(agentTopic), config.get(UspSettings.MQTT_KEEP_ALIVE), 1, retry);
        MqttMtp.Broker broker = new MqttMtp.Broker(config.get(UspSettings.MQTT_URL),
                Optional.ofNullable(config.get(UspSettings.MQTT_USERNAME)),
                UspSettings.mqttPassword(config), UspSettings.mqttTls(config));
        mtp = new MqttMtp(linkConfig, broker, Optional.of(statusTopic), serial, context.scheduler(), this,
                () -> ThreadLocalRandom.current().nextDouble(), context.ports()::find);
        LOG.info("[usp] agent {} starts; MQTT {} topic {}", endpointId, broker, agentTopic);
        mtp.start();
        UspSettings.webSocketListen(config).ifPresent(listen -> startWebSocket(config, listen));
    }

    /**
     * Binds the WebSocket server MTP now. A port already taken is a fault of this MTP, not of the face: MTP.2 shows
     * Status Error, a warning names the key, and the MQTT MTP serves on.
     */
    private void startWebSocket(Config config, InetSocketAddress listen) {
        WebSocketMtpConfig webSocketConfig = new WebSocketMtpConfig(listen, config.get(UspSettings.WEBSOCKET_PATH),
                config.get(UspSettings.WEBSOCKET_KEEP_ALIVE), RecordCodec.DEFAULT_MAX_RECORD_SIZE,
                UspSettings.webSocketTls(config));
        boolean encrypted = webSocketConfig.tls().isPresent();
        webSocketMaxMessage = webSocketConfig.maxMessageSize();
        Optional<WebSocketAuthenticator> authenticator = Optional.empty();
        boolean certificates = webSocketConfig.tls().map(WebSocketTls::requiresClientCertificate).orElse(false);
        if (!certificates && config.get(UspSettings.WEBSOCKET_AUTH) == UspSettings.WebSocketAuth.SECRET) {
            WebSocketSecrets secrets = new WebSocketSecrets(context.store(), new SecureRandom());
            Runnable keep = () -> secrets.keepFor(localAgent.controllers().stream()
                    .map(LocalAgentProvider.ControllerEntry::endpointId).filter(id -> !id.isEmpty()).toList());
            serial.execute(() -> {
                keep.run();
                localAgent.onControllersChanged(keep);
            });
            authenticator = Optional.of(secrets::controllerFor);
        } else if (!certificates) {
            LOG.warn("[usp] {}=NONE: any process that reaches {} may claim to be any Controller",
                    UspSettings.WEBSOCKET_AUTH.name(), listen);
        }
        webSocket = new NettyWebSocketMtp(webSocketConfig, endpointId, codec, this::onWebSocketRecord, serial,
                authenticator);
        webSocket.useSharedEventLoop(context.ports());
        try {
            InetSocketAddress bound = webSocket.start();
            webSocketAddress = bound;
            serial.execute(() -> {
                localAgent.webSocketMtp(bound.getPort(), webSocketConfig.path(),
                        webSocketConfig.keepAlive().toSeconds(), encrypted);
                localAgent.webSocketStatus(true);
            });
        } catch (IOException e) {
            LOG.warn("[usp] WebSocket MTP off ({}): {}", UspSettings.WEBSOCKET_LISTEN.name(), e.getMessage());
            serial.execute(() -> {
                localAgent.webSocketMtp(listen.getPort(), webSocketConfig.path(),
                        webSocketConfig.keepAlive().toSeconds(), encrypted);
                localAgent.webSocketStatus(false);
            });
        }
    }

    /** A Record on a WebSocket session: the answers go back on that session (runs on the agent's executor). */
    private void onWebSocketRecord(WebSocketPeer peer, Bytes record) {
        String sender = peer.controllerId();
        agent.handling(sender);
        endpoint.onRecord(record.asByteBuffer(), "ws", webSocketMaxMessage).whenCompleteAsync((answers, failure) -> {
            if (failure != null) {
                LOG.warn("[usp] handling a Record from {} failed", sender, failure);
            } else {
                agent.beforeSending();
                // Each answer is a Record the endpoint has just encoded and hands over: no copy.
                answers.forEach(answer -> peer.send(Bytes.adopting(answer)));
            }
            agent.releaseServiceRequests();
        }, serial);
    }

    /**
     * A Record from the MQTT MTP. With {@code onIoLoop} this runs on the MQTT client's netty I/O loop (the agent's
     * executor was idle and this is its task now): a request {@link QuickRequests} does not find small is handed on
     * to the executor after decoding, and an answer that needs a store write first ({@link AgentModel#beforeSending})
     * is sent from there too; a small Get is answered and published right here, without a hand-off to a worker and
     * back.
     */
    @Override
    public void onRecord(Bytes record, Optional<String> replyTopic, boolean onIoLoop) {
        agent.mqttClient().received();
        // Decoded once here, for the sender's topic, and handed on decoded; undecodable bytes go on as bytes, for the
        // endpoint to drop with its log line.
        RecordEnvelope decoded;
        try {
            decoded = codec.decode(record.asByteBuffer());
        } catch (RecordDecodeException e) {
            decoded = null;
        }
        String sender = decoded == null ? "" : decoded.fromId();
        UspEndpoint.Incoming incoming = decoded == null ? endpoint.accept(record.asByteBuffer(), "mqtt")
                : endpoint.accept(decoded, "mqtt");
        if (onIoLoop && !answerableOnIoLoop(incoming)) {
            serial.execute(() -> answerMqtt(incoming, sender, replyTopic, false));
            return;
        }
        answerMqtt(incoming, sender, replyTopic, onIoLoop);
    }

    /** A request that is small by {@link QuickRequests}, or a Record that is no request (answered by the Record rules). */
    private boolean answerableOnIoLoop(UspEndpoint.Incoming incoming) {
        return incoming.message().map(quickRequests::isQuick)
                .orElse(!(incoming.received() instanceof org.cpebridge.usp.record.Received.MessageReceived));
    }

    private void answerMqtt(UspEndpoint.Incoming incoming, String sender, Optional<String> replyTopic,
            boolean onIoLoop) {
        Optional<String> configured = localAgent.controller(sender)
                .flatMap(LocalAgentProvider.ControllerEntry::mqttTopic);
        Optional<String> answerTopic = replyTopic.or(() -> configured);
        if (replyTopic.isPresent() && !localAgent.mqttTopics(sender).contains(replyTopic.get())) {
            // Issue 23: a reply-to is the sender's word; publishing there would let anyone who reaches the agent's
            // topic make the agent write to any topic. Only the Controller's own configured topics are answered on.
            replyToRefused.warn("[usp] {} named reply-to '{}', not one of its configured MQTT topics; answering {}",
                    sender.isEmpty() ? "an unknown sender" : sender, replyTopic.get(),
                    configured.map(t -> "on " + t).orElse("nowhere"));
            answerTopic = configured;
        }
        Optional<String> answerOn = answerTopic;
        agent.handling(sender);
        // An answer must fit in one PUBLISH the broker takes; with no topic to answer on, nothing is sent at all.
        long maxRecord = answerOn.map(mtp::maxRecordSize).orElse(Long.MAX_VALUE);
        CompletableFuture<List<byte[]>> handled = endpoint.answer(incoming, "mqtt", maxRecord).toCompletableFuture();
        BiConsumer<List<byte[]>, Throwable> send = (answers, failure) -> {
            if (failure != null) {
                LOG.warn("[usp] handling a Record from {} failed", sender, failure);
            } else if (!answers.isEmpty() && answerOn.isEmpty()) {
                LOG.debug("[usp] no usable reply topic and no configured topic for {}; answer dropped", sender);
            } else {
                // Each answer is a Record the endpoint has just encoded and hands over: no copy.
                answers.forEach(answer -> publish(answerOn.get(), Bytes.adopting(answer)));
            }
            // After the answers: the MTP's stop that a restart brings is then queued behind their publish.
            agent.releaseServiceRequests();
        };
        if (handled.isDone() && !(onIoLoop && agent.sendingWouldWrite())) {
            // Answered already (a Get): published now, as part of this task, not as one more task behind others.
            completeNow(handled, send);
        } else {
            handled.whenCompleteAsync(send, serial);
        }
    }

    /** Calls {@code then} with the result of a completed {@code stage}, as {@code whenComplete} would. */
    private static <T> void completeNow(CompletableFuture<T> stage, BiConsumer<T, Throwable> then) {
        T result;
        try {
            result = stage.join();
        } catch (CompletionException | java.util.concurrent.CancellationException e) {
            then.accept(null, e.getCause() == null ? e : e.getCause());
            return;
        }
        then.accept(result, null);
    }

    /** Sends a Notify on the Controller's WebSocket session, else to its configured topic (agent's executor). */
    private void sendNotify(String controllerId, UspMsg.Msg notify) {
        Optional<WebSocketPeer> session = webSocket == null ? Optional.empty() : webSocket.session(controllerId);
        agent.beforeSending();
        if (session.isPresent()) {
            RecordEnvelope record = endpoint.records().message(controllerId, Bytes.of(notify.toByteArray()));
            byte[] encoded = endpoint.encode(record);
            long limit = Math.min(webSocketMaxMessage, maxResponseSize);
            if (encoded.length > limit) {
                notifyTooLarge(controllerId, notify, encoded.length, limit);
                return;
            }
            session.get().send(Bytes.of(encoded));
            return;
        }
        Optional<String> topic = localAgent.controller(controllerId)
                .flatMap(LocalAgentProvider.ControllerEntry::mqttTopic);
        if (topic.isEmpty()) {
            LOG.debug("[usp {}] no MQTT topic for a notification; dropped", controllerId);
            return;
        }
        RecordEnvelope record = endpoint.records().message(controllerId, Bytes.of(notify.toByteArray()));
        byte[] encoded = endpoint.encode(record);
        long limit = Math.min(mtp.maxRecordSize(topic.get()), maxResponseSize);
        if (encoded.length > limit) {
            notifyTooLarge(controllerId, notify, encoded.length, limit);
            return;
        }
        publish(topic.get(), Bytes.of(encoded));
    }

    /**
     * A Notify the MTP cannot carry is not sent: the link stays up (a broker drops a client for an oversized PUBLISH)
     * and, with NotifRetry, the retries end at NotifExpiration like any undelivered Notify. TR-369 has no smaller
     * form of a Notify to send instead.
     */
    private void notifyTooLarge(String controllerId, UspMsg.Msg notify, int size, long limit) {
        LOG.warn("[usp {}] Notify {} of {} bytes exceeds the MTP's {} bytes; not sent", controllerId,
                notify.getHeader().getMsgId(), size, limit);
    }

    /** Hands a Record to the MQTT MTP (on the agent's executor) and counts it for MQTT.Client.1.Stats. */
    private void publish(String topic, Bytes record) {
        agent.beforeSending();
        agent.mqttClient().sent();
        mtp.send(topic, record);
    }

    @Override
    public void onClientIdentifier(String clientId, boolean assigned) {
        agent.mqttClient().connecting(clientId);
        if (assigned) {
            agent.mqttClient().clientIdAssigned(clientId);
            StoredClientId.write(context.store(), clientId);
        }
    }

    @Override
    public void onLinkUp(String agentTopic) {
        agent.mqttClient().connected();
        mtpUp = true;
        localAgent.mtpStatus(true, Optional.of(agentTopic));
        boolean firstUp = !bootSent;
        bootSent = true;
        RecordBody.MqttVersion recordVersion = version == MqttVersion.V5 ? RecordBody.MqttVersion.V5
                : RecordBody.MqttVersion.V3_1_1;
        for (LocalAgentProvider.ControllerEntry controller : localAgent.controllers()) {
            if (controller.enabled() && controller.mqttTopic().isPresent()) {
                RecordEnvelope connect = endpoint.records().mqttConnect(controller.endpointId(), recordVersion,
                        agentTopic);
                publish(controller.mqttTopic().get(), Bytes.of(endpoint.encode(connect)));
            }
        }
        if (firstUp) {
            agent.announceBoot();
        }
    }

    @Override
    public void onLinkDown(String reason, boolean retrying) {
        agent.mqttClient().disconnected(retrying);
        mtpUp = false;
        localAgent.mtpStatus(false, Optional.empty());
    }

    @Override
    public void close() {
        if (privacyPort != null) {
            context.ports().withdraw(org.cpebridge.privacy.HouseholdPrivacy.class, privacyPort);
        }
        if (deviceEvents != null) {
            deviceEvents.close();
        }
        if (mtp == null) {
            return;
        }
        if (webSocket != null) {
            webSocket.close();
        }
        mtp.close();
        CountDownLatch drained = new CountDownLatch(1);
        serial.execute(agent::close);
        serial.execute(drained::countDown);
        try {
            if (!drained.await(10, TimeUnit.SECONDS)) {
                LOG.warn("[usp] the agent did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("[usp] agent {} stopped", endpointId);
    }
}
