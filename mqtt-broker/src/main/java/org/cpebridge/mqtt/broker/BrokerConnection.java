package org.cpebridge.mqtt.broker;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnAckVariableHeader;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubAckPayload;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttUnsubAckMessage;
import io.netty.handler.codec.mqtt.MqttUnsubAckPayload;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One client connection: the MQTT session state machine. Runs on the broker's event-loop thread. */
final class BrokerConnection extends SimpleChannelInboundHandler<MqttMessage> {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerConnection.class);

    /** MQTT 5 reason codes used here (MQTT 5 section 2.4). */
    private static final byte MALFORMED_PACKET = (byte) 0x81;
    private static final byte PROTOCOL_ERROR = (byte) 0x82;
    private static final byte SESSION_TAKEN_OVER = (byte) 0x8E;
    private static final byte TOPIC_FILTER_INVALID = (byte) 0x8F;
    private static final byte TOPIC_NAME_INVALID = (byte) 0x90;
    private static final byte NOT_AUTHORIZED = (byte) 0x87;
    private static final byte DISCONNECT_WITH_WILL = 0x04;

    /** Properties a broker forwards from publisher to subscriber unchanged (MQTT 5 section 3.3.2.3). */
    private static final Set<Integer> FORWARDED_PROPERTIES = Set.of(
            MqttProperties.MqttPropertyType.PAYLOAD_FORMAT_INDICATOR.value(),
            MqttProperties.MqttPropertyType.PUBLICATION_EXPIRY_INTERVAL.value(),
            MqttProperties.MqttPropertyType.CONTENT_TYPE.value(),
            MqttProperties.MqttPropertyType.RESPONSE_TOPIC.value(),
            MqttProperties.MqttPropertyType.CORRELATION_DATA.value(),
            MqttProperties.MqttPropertyType.USER_PROPERTY.value());

    private final BrokerState state;
    private final BrokerAccess access;
    private final Map<String, BrokerState.Subscription> subscriptions = new LinkedHashMap<>();
    private final Set<Integer> pendingQos2 = new HashSet<>();
    private ChannelHandlerContext context;
    private String clientId;
    /** The authenticated account; empty on an open broker. */
    private Optional<BrokerAccess.User> user = Optional.empty();
    private MqttVersion version = MqttVersion.MQTT_3_1_1;
    private BrokerState.Message will;
    private boolean connected;
    private int nextPacketId = 1;

    BrokerConnection(BrokerState state, BrokerAccess access) {
        this.state = state;
        this.access = access;
    }

    /** The account this connection authenticated as ("" on an open broker). */
    String userName() {
        return user.map(BrokerAccess.User::name).orElse("");
    }

    Collection<BrokerState.Subscription> subscriptions() {
        return subscriptions.values();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        context = ctx;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, MqttMessage message) {
        if (message.decoderResult().isFailure()) {
            LOG.debug("[mqtt-broker] {} sent a malformed packet: {}", peer(), message.decoderResult().cause());
            disconnect(MALFORMED_PACKET);
            return;
        }
        MqttMessageType type = message.fixedHeader().messageType();
        if (!connected && type != MqttMessageType.CONNECT) {
            ctx.close();
            return;
        }
        switch (type) {
            case CONNECT -> onConnect((MqttConnectMessage) message);
            case PUBLISH -> onPublish((MqttPublishMessage) message);
            case PUBACK, PUBCOMP -> {
                // Outbound QoS 1 messages are sent once; acknowledgements need no action.
            }
            case PUBREC -> send(new MqttMessage(new MqttFixedHeader(MqttMessageType.PUBREL, false,
                    MqttQoS.AT_LEAST_ONCE, false, 0), message.variableHeader()));
            case PUBREL -> onPubRel(message);
            case SUBSCRIBE -> onSubscribe((MqttSubscribeMessage) message);
            case UNSUBSCRIBE -> onUnsubscribe((MqttUnsubscribeMessage) message);
            case PINGREQ -> send(new MqttMessage(new MqttFixedHeader(MqttMessageType.PINGRESP, false,
                    MqttQoS.AT_MOST_ONCE, false, 0)));
            case DISCONNECT -> onDisconnect(message);
            default -> disconnect(PROTOCOL_ERROR);
        }
    }

    private void onConnect(MqttConnectMessage connect) {
        if (connected) {
            disconnect(PROTOCOL_ERROR);
            return;
        }
        version = MqttVersion.fromProtocolNameAndLevel(connect.variableHeader().name(),
                (byte) connect.variableHeader().version());
        String requestedId = connect.payload().clientIdentifier();
        boolean assigned = requestedId == null || requestedId.isEmpty();
        String candidateId = assigned ? "auto-" + UUID.randomUUID() : requestedId;
        BrokerAccess.Verdict verdict = access.authenticate(
                connect.variableHeader().hasUserName() ? connect.payload().userName() : null,
                connect.variableHeader().hasPassword() ? connect.payload().passwordInBytes() : null);
        if (verdict instanceof BrokerAccess.Verdict.Anonymous) {
            LOG.info("[mqtt-broker] {} refused: CONNECT without credentials", peer());
            refuseConnect(version == MqttVersion.MQTT_5 ? MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED_5
                    : MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED);
            return;
        }
        if (verdict instanceof BrokerAccess.Verdict.BadCredentials) {
            // The user name may be a mistyped password: it is not logged.
            LOG.info("[mqtt-broker] {} refused: wrong user name or password", peer());
            refuseConnect(version == MqttVersion.MQTT_5
                    ? MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USERNAME_OR_PASSWORD
                    : MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD);
            return;
        }
        user = ((BrokerAccess.Verdict.Accepted) verdict).user();
        BrokerConnection holder = state.connectionOf(candidateId);
        if (holder != null && !holder.userName().equals(userName())) {
            // Another account's client id: taking it over would let any account knock the owner off the broker.
            LOG.info("[mqtt-broker] {} refused: client id {} belongs to another account", peer(), candidateId);
            refuseConnect(version == MqttVersion.MQTT_5
                    ? MqttConnectReturnCode.CONNECTION_REFUSED_CLIENT_IDENTIFIER_NOT_VALID
                    : MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED);
            return;
        }
        clientId = candidateId;
        if (connect.variableHeader().isWillFlag()) {
            String willTopic = connect.payload().willTopic();
            if (!TopicFilter.isValidTopicName(willTopic)) {
                refuseConnect(version == MqttVersion.MQTT_5
                        ? MqttConnectReturnCode.CONNECTION_REFUSED_TOPIC_NAME_INVALID
                        : MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED);
                return;
            }
            if (!mayPublish(willTopic)) {
                LOG.info("[mqtt-broker] {} refused: will topic {} not allowed for {}", peer(), willTopic,
                        userName());
                refuseConnect(version == MqttVersion.MQTT_5
                        ? MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED_5
                        : MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED);
                return;
            }
            will = new BrokerState.Message(willTopic, Unpooled.wrappedBuffer(connect.payload().willMessageInBytes()),
                    Math.min(connect.variableHeader().willQos(), 1), connect.variableHeader().isWillRetain(),
                    forwarded(connect.payload().willProperties()));
        }
        BrokerConnection previous = state.attach(clientId, this);
        if (previous != null && previous != this) {
            LOG.debug("[mqtt-broker] {} takes over the session of client {}", peer(), clientId);
            previous.takenOver();
        }
        connected = true;
        int keepAlive = connect.variableHeader().keepAliveTimeSeconds();
        if (keepAlive > 0) {
            // MQTT: the server disconnects a client silent for one and a half keep-alive periods.
            context.pipeline().addFirst("keep-alive", new IdleStateHandler(keepAlive * 1500L, 0, 0,
                    TimeUnit.MILLISECONDS));
        }
        MqttProperties properties = MqttProperties.NO_PROPERTIES;
        if (version == MqttVersion.MQTT_5) {
            properties = new MqttProperties();
            if (assigned) {
                properties.add(new MqttProperties.StringProperty(
                        MqttProperties.MqttPropertyType.ASSIGNED_CLIENT_IDENTIFIER.value(), clientId));
            }
            properties.add(new MqttProperties.IntegerProperty(
                    MqttProperties.MqttPropertyType.SHARED_SUBSCRIPTION_AVAILABLE.value(), 0));
        }
        send(new MqttConnAckMessage(new MqttFixedHeader(MqttMessageType.CONNACK, false, MqttQoS.AT_MOST_ONCE,
                false, 0), new MqttConnAckVariableHeader(MqttConnectReturnCode.CONNECTION_ACCEPTED, false,
                properties)));
        LOG.debug("[mqtt-broker] {} connected as {} ({})", peer(), clientId, version);
    }

    private boolean mayPublish(String topic) {
        return user.map(account -> account.mayPublish(topic)).orElse(true);
    }

    private boolean maySubscribe(String filter) {
        return user.map(account -> account.maySubscribe(filter)).orElse(true);
    }

    private void refuseConnect(MqttConnectReturnCode code) {
        // clientId stays null, so channelInactive neither detaches another connection nor publishes a will.
        context.writeAndFlush(new MqttConnAckMessage(new MqttFixedHeader(MqttMessageType.CONNACK, false,
                MqttQoS.AT_MOST_ONCE, false, 0), new MqttConnAckVariableHeader(code, false)))
                .addListener(ChannelFutureListener.CLOSE);
    }

    private void onPublish(MqttPublishMessage publish) {
        MqttPublishVariableHeader header = publish.variableHeader();
        int qos = publish.fixedHeader().qosLevel().value();
        if (!TopicFilter.isValidTopicName(header.topicName())) {
            disconnect(TOPIC_NAME_INVALID);
            return;
        }
        if (!mayPublish(header.topicName())) {
            // Dropped, not forwarded; MQTT 5 tells a QoS 1/2 sender why (0x87), 3.1.1 has no way to (as mosquitto).
            LOG.debug("[mqtt-broker] {} ({}) may not publish to {}", peer(), userName(), header.topicName());
            if (qos > 0) {
                boolean five = version == MqttVersion.MQTT_5;
                send(new MqttMessage(new MqttFixedHeader(qos == 2 ? MqttMessageType.PUBREC : MqttMessageType.PUBACK,
                        false, MqttQoS.AT_MOST_ONCE, false, 0), five
                        ? new MqttPubReplyMessageVariableHeader(header.packetId(), NOT_AUTHORIZED,
                                MqttProperties.NO_PROPERTIES)
                        : MqttMessageIdVariableHeader.from(header.packetId())));
            }
            return;
        }
        boolean retain = publish.fixedHeader().isRetain();
        // A retained message outlives this packet, so it gets bytes of its own. One that is only forwarded goes out
        // as the packet's own payload (the encoder copies it into each subscriber's PUBLISH), without a copy into an
        // array first: for a USP answer of 250 kB that copy was a quarter megabyte of garbage per Get.
        ByteBuf payload = retain ? Unpooled.wrappedBuffer(ByteBufUtil.getBytes(publish.payload())) : publish.payload();
        BrokerState.Message message = new BrokerState.Message(header.topicName(), payload, Math.min(qos, 1),
                retain, forwarded(header.properties()));
        if (qos == 2) {
            // Deliver once: a resent PUBLISH with the same id before PUBREL is a duplicate.
            boolean first = pendingQos2.add(header.packetId());
            send(new MqttMessage(new MqttFixedHeader(MqttMessageType.PUBREC, false, MqttQoS.AT_MOST_ONCE, false, 0),
                    MqttMessageIdVariableHeader.from(header.packetId())));
            if (!first) {
                return;
            }
        } else if (qos == 1) {
            send(new MqttMessage(new MqttFixedHeader(MqttMessageType.PUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0),
                    MqttMessageIdVariableHeader.from(header.packetId())));
        }
        state.publish(message, this);
    }

    private void onPubRel(MqttMessage pubRel) {
        int packetId = pubRel.variableHeader() instanceof MqttMessageIdVariableHeader id ? id.messageId()
                : ((MqttPubReplyMessageVariableHeader) pubRel.variableHeader()).messageId();
        pendingQos2.remove(packetId);
        send(new MqttMessage(new MqttFixedHeader(MqttMessageType.PUBCOMP, false, MqttQoS.AT_MOST_ONCE, false, 0),
                MqttMessageIdVariableHeader.from(packetId)));
    }

    private void onSubscribe(MqttSubscribeMessage subscribe) {
        List<Integer> granted = new ArrayList<>();
        List<BrokerState.Message> retainedToSend = new ArrayList<>();
        List<Integer> retainedQos = new ArrayList<>();
        for (MqttTopicSubscription request : subscribe.payload().topicSubscriptions()) {
            String filter = request.topicFilter();
            if (!TopicFilter.isValidFilter(filter) || filter.startsWith("$share/")) {
                granted.add(version == MqttVersion.MQTT_5 ? TOPIC_FILTER_INVALID & 0xFF : 0x80);
                continue;
            }
            if (!maySubscribe(filter)) {
                LOG.debug("[mqtt-broker] {} ({}) may not subscribe to {}", peer(), userName(), filter);
                granted.add(version == MqttVersion.MQTT_5 ? NOT_AUTHORIZED & 0xFF : 0x80);
                continue;
            }
            int qos = Math.min(request.qualityOfService().value(), 1);
            var options = request.option();
            boolean isNew = !subscriptions.containsKey(filter);
            subscriptions.put(filter, new BrokerState.Subscription(filter, qos, options.isNoLocal(),
                    options.isRetainAsPublished()));
            granted.add(qos);
            boolean sendRetained = switch (options.retainHandling()) {
                case SEND_AT_SUBSCRIBE -> true;
                case SEND_AT_SUBSCRIBE_IF_NOT_YET_EXISTS -> isNew;
                case DONT_SEND_AT_SUBSCRIBE -> false;
            };
            if (sendRetained) {
                for (BrokerState.Message message : state.retainedMatching(filter)) {
                    retainedToSend.add(message);
                    retainedQos.add(Math.min(qos, message.qos()));
                }
            }
        }
        send(new MqttSubAckMessage(new MqttFixedHeader(MqttMessageType.SUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0),
                MqttMessageIdAndPropertiesVariableHeader.from(subscribe.idAndPropertiesVariableHeader().messageId()),
                new MqttSubAckPayload(granted)));
        // Retained messages go out after the SUBACK, with the retain flag set (MQTT 3.3.1.3).
        for (int i = 0; i < retainedToSend.size(); i++) {
            deliver(retainedToSend.get(i), retainedQos.get(i), true);
        }
    }

    private void onUnsubscribe(MqttUnsubscribeMessage unsubscribe) {
        List<Short> reasons = new ArrayList<>();
        for (String filter : unsubscribe.payload().topics()) {
            // MQTT 5 reason 0x00 success, 0x11 no subscription existed.
            reasons.add(subscriptions.remove(filter) != null ? (short) 0x00 : (short) 0x11);
        }
        int messageId = unsubscribe.idAndPropertiesVariableHeader().messageId();
        send(version == MqttVersion.MQTT_5
                ? new MqttUnsubAckMessage(new MqttFixedHeader(MqttMessageType.UNSUBACK, false, MqttQoS.AT_MOST_ONCE,
                        false, 0), MqttMessageIdAndPropertiesVariableHeader.from(messageId),
                        new MqttUnsubAckPayload(reasons))
                : new MqttUnsubAckMessage(new MqttFixedHeader(MqttMessageType.UNSUBACK, false, MqttQoS.AT_MOST_ONCE,
                        false, 0), MqttMessageIdVariableHeader.from(messageId)));
    }

    private void onDisconnect(MqttMessage disconnect) {
        boolean withWill = disconnect.variableHeader() instanceof MqttReasonCodeAndPropertiesVariableHeader reason
                && reason.reasonCode() == DISCONNECT_WITH_WILL;
        if (!withWill) {
            will = null;
        }
        context.close();
    }

    /** Sends an application message to this client. */
    void deliver(BrokerState.Message message, int qos, boolean retainFlag) {
        if (!context.channel().isActive()) {
            return;
        }
        int packetId = 0;
        if (qos > 0) {
            packetId = nextPacketId;
            nextPacketId = nextPacketId == 0xFFFF ? 1 : nextPacketId + 1;
        }
        MqttProperties properties = MqttProperties.NO_PROPERTIES;
        if (version == MqttVersion.MQTT_5 && !message.properties().isEmpty()) {
            properties = new MqttProperties();
            for (MqttProperties.MqttProperty<?> property : message.properties()) {
                properties.add(property);
            }
        }
        MqttPublishMessage publish = new MqttPublishMessage(new MqttFixedHeader(MqttMessageType.PUBLISH, false,
                MqttQoS.valueOf(qos), retainFlag, 0), new MqttPublishVariableHeader(message.topic(), packetId,
                properties), message.payload().retainedDuplicate());
        send(publish);
    }

    private static List<MqttProperties.MqttProperty<?>> forwarded(MqttProperties properties) {
        List<MqttProperties.MqttProperty<?>> kept = new ArrayList<>();
        if (properties == null) {
            return kept;
        }
        for (MqttProperties.MqttProperty<?> property : properties.listAll()) {
            if (FORWARDED_PROPERTIES.contains(property.propertyId())) {
                kept.add(property);
            }
        }
        return List.copyOf(kept);
    }

    private void send(MqttMessage message) {
        context.writeAndFlush(message).addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
    }

    /** Another connection took this client id: MQTT closes the older one. */
    void takenOver() {
        will = null;
        connected = false;
        disconnect(SESSION_TAKEN_OVER);
    }

    private void disconnect(byte reasonCode) {
        if (version == MqttVersion.MQTT_5 && context.channel().isActive()) {
            context.writeAndFlush(new MqttMessage(new MqttFixedHeader(MqttMessageType.DISCONNECT, false,
                    MqttQoS.AT_MOST_ONCE, false, 0), new MqttReasonCodeAndPropertiesVariableHeader(reasonCode,
                    MqttProperties.NO_PROPERTIES))).addListener(ChannelFutureListener.CLOSE);
        } else {
            context.close();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof IdleStateEvent) {
            LOG.debug("[mqtt-broker] {} silent past its keep-alive; closing", peer());
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (clientId != null) {
            state.detach(clientId, this);
            if (connected && will != null) {
                state.publish(will, this);
            }
            LOG.debug("[mqtt-broker] {} ({}) disconnected", peer(), clientId);
        }
        connected = false;
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("[mqtt-broker] {} connection error: {}", peer(), cause.toString());
        ctx.close();
    }

    private String peer() {
        return context == null ? "?" : String.valueOf(context.channel().remoteAddress());
    }
}
