package org.cpebridge.usp.agent;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
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
import org.cpebridge.usp.mtp.mqtt.PahoMqttMtp;
import org.cpebridge.usp.mtp.websocket.NettyWebSocketMtp;
import org.cpebridge.usp.mtp.websocket.WebSocketMtpConfig;
import org.cpebridge.usp.mtp.websocket.WebSocketPeer;
import org.cpebridge.usp.record.Bytes;
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
 * <p>Owning thread: one serial executor over the service's workers runs the MTP, the handlers and the model.
 */
public final class UspFace implements Face, MqttMtpListener {
    private static final Logger LOG = LoggerFactory.getLogger(UspFace.class);

    private final FaceContext context;
    private final RecordCodec codec = new RecordCodec();
    private SerialExecutor serial;
    private String endpointId;
    private LocalAgentProvider localAgent;
    private AgentModel agent;
    private UspEndpoint endpoint;
    private PahoMqttMtp mtp;
    private NettyWebSocketMtp webSocket;
    private volatile InetSocketAddress webSocketAddress;
    private MqttVersion version;
    private Subscription deviceEvents;
    private volatile boolean mtpUp;
    private boolean bootSent;

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
        serial = new SerialExecutor(context.executor(), "usp");

        agent = AgentModel.build(context, endpointId, agentTopic, serial, this::sendNotify,
                UspSettings.privacyRules(config, context.store()));
        localAgent = agent.localAgent();
        InstanceNumbers numbers = agent.numbers();
        deviceEvents = context.events().subscribe("usp", event -> {
            if (event instanceof DeviceEvent.DeviceAdded added) {
                numbers.numberOf(added.added().id());
            }
            serial.execute(() -> agent.notifier().onEvent(event));
        });
        endpoint = new UspEndpoint(endpointId, codec, agent.dispatcher());

        RetryPolicy retry = new RetryPolicy(config.get(UspSettings.MQTT_RETRY_MIN), 2000,
                config.get(UspSettings.MQTT_RETRY_MAX));
        // R-MQTT.9: a Client Identifier the broker assigned is kept and used again, also after a restart (TP-469 11.5).
        Optional<String> clientId = Optional.ofNullable(config.get(UspSettings.MQTT_CLIENT_ID))
                .or(() -> StoredClientId.read(context.store()));
        MqttLinkConfig linkConfig = new MqttLinkConfig(endpointId, version, clientId, List.of(agentTopic),
                Optional.of(agentTopic), config.get(UspSettings.MQTT_KEEP_ALIVE), 1, retry);
        PahoMqttMtp.Broker broker = new PahoMqttMtp.Broker(config.get(UspSettings.MQTT_URL),
                Optional.ofNullable(config.get(UspSettings.MQTT_USERNAME)),
                Optional.ofNullable(config.get(UspSettings.MQTT_PASSWORD)), UspSettings.mqttTls(config));
        mtp = new PahoMqttMtp(linkConfig, broker, Optional.of(statusTopic), serial, context.scheduler(), this,
                () -> ThreadLocalRandom.current().nextDouble());
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
        webSocket = new NettyWebSocketMtp(webSocketConfig, endpointId, codec, this::onWebSocketRecord, serial);
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
        endpoint.onRecord(record.asByteBuffer(), "ws").whenCompleteAsync((answers, failure) -> {
            if (failure != null) {
                LOG.warn("[usp] handling a Record from {} failed", sender, failure);
                return;
            }
            answers.forEach(answer -> peer.send(Bytes.of(answer)));
        }, serial);
    }

    @Override
    public void onRecord(Bytes record, Optional<String> replyTopic) {
        agent.mqttClient().received();
        String fromId;
        try {
            fromId = codec.decode(record.asByteBuffer()).fromId();
        } catch (RecordDecodeException e) {
            fromId = "";
        }
        String sender = fromId;
        Optional<String> answerTopic = replyTopic.or(() -> localAgent.controller(sender)
                .flatMap(LocalAgentProvider.ControllerEntry::mqttTopic));
        ByteBuffer buffer = record.asByteBuffer();
        agent.handling(sender);
        endpoint.onRecord(buffer, "mqtt").whenCompleteAsync((answers, failure) -> {
            if (failure != null) {
                LOG.warn("[usp] handling a Record from {} failed", sender, failure);
                return;
            }
            if (answers.isEmpty()) {
                return;
            }
            if (answerTopic.isEmpty()) {
                LOG.debug("[usp] no reply topic and no configured topic for {}; answer dropped", sender);
                return;
            }
            for (byte[] answer : answers) {
                publish(answerTopic.get(), Bytes.of(answer));
            }
        }, serial);
    }

    /** Sends a Notify on the Controller's WebSocket session, else to its configured topic (agent's executor). */
    private void sendNotify(String controllerId, UspMsg.Msg notify) {
        Optional<WebSocketPeer> session = webSocket == null ? Optional.empty() : webSocket.session(controllerId);
        if (session.isPresent()) {
            RecordEnvelope record = endpoint.records().message(controllerId, Bytes.of(notify.toByteArray()));
            session.get().send(Bytes.of(endpoint.encode(record)));
            return;
        }
        Optional<String> topic = localAgent.controller(controllerId)
                .flatMap(LocalAgentProvider.ControllerEntry::mqttTopic);
        if (topic.isEmpty()) {
            LOG.debug("[usp {}] no MQTT topic for a notification; dropped", controllerId);
            return;
        }
        RecordEnvelope record = endpoint.records().message(controllerId, Bytes.of(notify.toByteArray()));
        publish(topic.get(), Bytes.of(endpoint.encode(record)));
    }

    /** Hands a Record to the MQTT MTP (on the agent's executor) and counts it for MQTT.Client.1.Stats. */
    private void publish(String topic, Bytes record) {
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
