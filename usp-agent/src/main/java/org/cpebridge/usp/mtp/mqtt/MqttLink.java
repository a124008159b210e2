package org.cpebridge.usp.mtp.mqtt;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import org.cpebridge.mqtt.link.ReconnectMachine;
import org.cpebridge.bytes.Bytes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The USP MQTT MTP link as an explicit state machine (TR-369 "MQTT Binding"): CONNECT with the USP properties, the
 * SUBSCRIBE list after CONNACK, going up only when a subscription is granted, reply topics, and reconnecting by the
 * retry policy. Sans-I/O: {@link #on} takes what the MQTT client reported and returns the next state plus the
 * {@link Action actions} for the client and the agent. Connecting, subscribing and retrying are mqtt-support's
 * {@link ReconnectMachine}, the same machine the Zigbee link runs; this class adds the USP rules (CONNECT properties,
 * the subscribe list and reply topic from the CONNACK, Records in and out). One instance per MTP; owned by that
 * MTP's serial executor.
 *
 * <pre>
 * IDLE --Start--> CONNECTING --ConnAck--> SUBSCRIBING --SubAck(any ok)--> UP
 *   CONNECTING --ConnectFailed/ConnectionLost--> WAITING_RETRY --RetryTimer--> CONNECTING
 *   CONNECTING --ConnAck(nothing to subscribe)--> DISABLED (R-MQTT.16)
 *   SUBSCRIBING --SubAck(all failed)--> WAITING_RETRY, after DISCONNECT (R-MQTT.17)
 *   SUBSCRIBING, UP --ConnectionLost--> WAITING_RETRY (R-MQTT.33)
 *   any --Stop--> STOPPED
 * </pre>
 */
public final class MqttLink {
    private static final Logger LOG = LoggerFactory.getLogger(MqttLink.class);

    /** Link states. */
    public enum State {
        IDLE, CONNECTING, SUBSCRIBING, UP, WAITING_RETRY, DISABLED, STOPPED
    }

    /** What the MQTT client or a timer reports. */
    public sealed interface Event {
    }

    /** Bring the link up. */
    public record Start() implements Event {
    }

    /** CONNACK with success; the 5.0 properties are empty on 3.1.1. */
    public record ConnAck(Optional<String> assignedClientId, Optional<String> responseInformation,
            List<String> subscribeTopics) implements Event {
        public ConnAck {
            Objects.requireNonNull(assignedClientId, "assignedClientId");
            Objects.requireNonNull(responseInformation, "responseInformation");
            subscribeTopics = List.copyOf(subscribeTopics);
        }
    }

    /** The TCP/TLS connection or the CONNECT failed. */
    public record ConnectFailed(String reason) implements Event {
    }

    /** SUBACK: whether each filter of the SUBSCRIBE was granted, in order. */
    public record SubAck(List<Boolean> granted) implements Event {
        public SubAck {
            granted = List.copyOf(granted);
        }
    }

    /** The server closed the connection or it broke. */
    public record ConnectionLost(String reason) implements Event {
    }

    /** The retry timer the link asked for has fired. */
    public record RetryTimer() implements Event {
    }

    /** A PUBLISH arrived on a subscribed topic. */
    public record Received(String topic, Bytes payload, Optional<String> responseTopic,
            Optional<String> contentType) implements Event {
    }

    /** The agent wants a Record sent to {@code controllerTopic} (the Controller's configured MQTT Topic or a reply). */
    public record Send(String controllerTopic, Bytes record) implements Event {
    }

    /** Take the link down for good (shutdown or disable). */
    public record Stop() implements Event {
    }

    /** What the MQTT client, the timer or the agent must do. */
    public sealed interface Action {
    }

    /** Open the connection and send CONNECT with these fields (R-MQTT.8, .12, .13, .14). */
    public record Connect(String clientId, MqttVersion version, Duration keepAlive,
            Map<String, String> userProperties, boolean requestResponseInformation) implements Action {
    }

    /** SUBSCRIBE to these filters. */
    public record Subscribe(List<String> filters) implements Action {
    }

    /** PUBLISH a Record. On 5.0 with Response Topic and Content Type; on 3.1.1 the topic carries the reply-to. */
    public record Publish(String topic, Bytes payload, int qos, Optional<String> responseTopic,
            Optional<String> contentType) implements Action {
    }

    /** Send DISCONNECT and close. */
    public record Disconnect() implements Action {
    }

    /** Call back with {@link RetryTimer} after {@code delay}. */
    public record StartTimer(Duration delay) implements Action {
    }

    /** Persist the Assigned Client Identifier into {@code MQTT.Client.{i}.ClientID} (R-MQTT.9). */
    public record SaveClientId(String clientId) implements Action {
    }

    /** The link is up: send each Controller the MQTT Connect Record naming {@code replyTopic} (R-MTP.6). */
    public record LinkUp(String replyTopic) implements Action {
    }

    /** The link is down; {@code disabled} means it will not retry (R-MQTT.16). */
    public record LinkDown(String reason, boolean disabled) implements Action {
    }

    /** A Record for the agent, and where to answer it (empty: use the Controller's configured topic). */
    public record Deliver(Bytes record, Optional<String> replyTopic) implements Action {
    }

    /** A Record the link could not take, with why (e.g. not up, R-MQTT.17). */
    public record Dropped(String reason) implements Action {
    }

    /** The outcome of one event. */
    public record Step(State state, List<Action> actions) {
        public Step {
            Objects.requireNonNull(state, "state");
            actions = List.copyOf(actions);
        }
    }

    private final MqttLinkConfig config;
    private final ReconnectMachine machine;
    private Optional<String> clientId;
    private String replyTopic;

    /** {@code random} yields values in [0, 1) for the retry jitter. */
    public MqttLink(MqttLinkConfig config, DoubleSupplier random) {
        this.config = Objects.requireNonNull(config, "config");
        this.machine = new ReconnectMachine(config.retry(), Objects.requireNonNull(random, "random"));
        this.clientId = config.clientId();
    }

    public State state() {
        return State.valueOf(machine.state().name());
    }

    /** The topic this agent can be reached at while UP. */
    public Optional<String> replyTopic() {
        return state() == State.UP ? Optional.ofNullable(replyTopic) : Optional.empty();
    }

    /** Handles one event; anything a state does not expect leaves it unchanged with no actions. */
    public Step on(Event event) {
        List<Action> actions = new ArrayList<>();
        if (event instanceof Send send) {
            return step(List.of(send(send)));
        }
        if (event instanceof Received received) {
            State state = state();
            return step(state == State.SUBSCRIBING || state == State.UP ? List.of(deliver(received)) : List.of());
        }
        if (event instanceof ConnAck ack) {
            if (machine.state() != ReconnectMachine.State.CONNECTING) {
                return step(List.of());
            }
            return onConnAck(ack, actions);
        }
        ReconnectMachine.Event generic;
        if (event instanceof Start) {
            generic = new ReconnectMachine.Start();
        } else if (event instanceof ConnectFailed failed) {
            generic = new ReconnectMachine.ConnectFailed(failed.reason());
        } else if (event instanceof SubAck ack) {
            generic = new ReconnectMachine.SubAck(ack.granted());
        } else if (event instanceof ConnectionLost lost) {
            generic = new ReconnectMachine.ConnectionLost(lost.reason());
        } else if (event instanceof RetryTimer) {
            generic = new ReconnectMachine.RetryTimer();
        } else {
            generic = new ReconnectMachine.Stop();
        }
        return feed(generic, actions);
    }

    /** The CONNACK: the subscribe list and reply topic of the TR-369 rules, or the MTP disabled without them. */
    private Step onConnAck(ConnAck ack, List<Action> actions) {
        if (config.version() == MqttVersion.V5 && ack.assignedClientId().filter(id -> !id.isEmpty()).isPresent()) {
            clientId = ack.assignedClientId();
            actions.add(new SaveClientId(clientId.get()));
        }
        List<String> filters = MqttTopics.subscriptions(config.version(), config.subscriptions(),
                ack.subscribeTopics(), ack.responseInformation(), config.responseTopicConfigured());
        Optional<String> own = config.version() == MqttVersion.V5
                && ack.responseInformation().filter(t -> !t.isEmpty()).isPresent()
                ? ack.responseInformation() : config.responseTopicConfigured().filter(t -> !t.isEmpty());
        if (filters.isEmpty() || own.isEmpty()) {
            return feed(new ReconnectMachine.Disable(filters.isEmpty() ? "nothing to subscribe to (R-MQTT.16)"
                    : "no reply-to topic configured or received"), actions);
        }
        replyTopic = own.get();
        return feed(new ReconnectMachine.ConnAck(filters), actions);
    }

    /** Runs {@code event} through the reconnect machine and turns its actions into the MTP's. */
    private Step feed(ReconnectMachine.Event event, List<Action> actions) {
        for (ReconnectMachine.Action action : machine.on(event).actions()) {
            if (action instanceof ReconnectMachine.Connect) {
                actions.add(connect());
            } else if (action instanceof ReconnectMachine.Subscribe subscribe) {
                actions.add(new Subscribe(subscribe.filters()));
            } else if (action instanceof ReconnectMachine.Disconnect) {
                actions.add(new Disconnect());
            } else if (action instanceof ReconnectMachine.StartTimer timer) {
                actions.add(new StartTimer(timer.delay()));
            } else if (action instanceof ReconnectMachine.Up) {
                actions.add(new LinkUp(replyTopic));
            } else if (action instanceof ReconnectMachine.Down down) {
                if (down.wasUp() || down.last()) {
                    actions.add(new LinkDown(down.reason(), down.last()));
                } else {
                    // Down before it was up: the agent saw no LinkUp, so it hears nothing; the retry follows.
                    LOG.debug("[mqtt {}] link down: {}; retry #{}", config.endpointId(), down.reason(),
                            machine.retryCount());
                }
            }
        }
        return step(actions);
    }

    private Connect connect() {
        Map<String, String> properties = config.version() == MqttVersion.V5
                ? Map.of(MqttTopics.ENDPOINT_ID_PROPERTY, config.endpointId()) : Map.of();
        return new Connect(MqttTopics.clientId(config.version(), clientId, config.endpointId()), config.version(),
                config.keepAlive(), properties, config.version() == MqttVersion.V5);
    }

    private Action send(Send send) {
        State state = state();
        if (state != State.UP) {
            return new Dropped("MQTT link is " + state + ", not UP");
        }
        if (config.version() == MqttVersion.V5) {
            return new Publish(send.controllerTopic(), send.record(), config.publishQos(), Optional.of(replyTopic),
                    Optional.of(MqttTopics.CONTENT_TYPE));
        }
        return new Publish(MqttTopics.withReplyTo(send.controllerTopic(), replyTopic), send.record(),
                config.publishQos(), Optional.empty(), Optional.empty());
    }

    private Action deliver(Received received) {
        if (config.version() == MqttVersion.V5 && received.contentType().isPresent()
                && !MqttTopics.isUspRecord(received.contentType().get())) {
            return new Dropped("content type " + received.contentType().get() + " is not a USP Record");
        }
        Optional<String> reply = MqttTopics.replyTopic(config.version(), received.topic(), received.responseTopic(),
                Optional.empty());
        return new Deliver(received.payload(), reply);
    }

    private Step step(List<Action> actions) {
        return new Step(state(), actions);
    }
}
