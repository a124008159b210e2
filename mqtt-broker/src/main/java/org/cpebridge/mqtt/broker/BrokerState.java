package org.cpebridge.mqtt.broker;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.mqtt.MqttProperties;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Connections by client id, their subscriptions and the retained messages. Owned by the broker's single event-loop
 * thread; nothing here is thread-safe.
 */
final class BrokerState {

    /**
     * An application message as the broker forwards it. {@code payload}: bytes of its own for a message that outlives
     * the packet it came in (retained, a will); for one that is only forwarded, the received packet's payload,
     * readable while that packet is handled (each delivery takes a reference of its own).
     */
    record Message(String topic, ByteBuf payload, int qos, boolean retain,
            List<MqttProperties.MqttProperty<?>> properties) {
    }

    /** One subscription of one connection. */
    record Subscription(String filter, int qos, boolean noLocal, boolean retainAsPublished) {
    }

    private final Map<String, BrokerConnection> byClientId = new LinkedHashMap<>();
    private final Set<BrokerConnection> connections = new LinkedHashSet<>();
    private final Map<String, Message> retained = new LinkedHashMap<>();

    /** Registers a connection; returns the connection it takes over from, if any. */
    BrokerConnection attach(String clientId, BrokerConnection connection) {
        BrokerConnection previous = byClientId.put(clientId, connection);
        connections.add(connection);
        return previous;
    }

    /** The connection currently holding a client id, or null. */
    BrokerConnection connectionOf(String clientId) {
        return byClientId.get(clientId);
    }

    void detach(String clientId, BrokerConnection connection) {
        if (byClientId.get(clientId) == connection) {
            byClientId.remove(clientId);
        }
        connections.remove(connection);
    }

    int connectionCount() {
        return connections.size();
    }

    /**
     * Routes a message to every matching subscription (once per connection, at the highest matching QoS) and updates
     * the retained store: a retained message with an empty payload deletes the topic's retained message.
     */
    void publish(Message message, BrokerConnection from) {
        if (message.retain()) {
            if (message.payload().readableBytes() == 0) {
                retained.remove(message.topic());
            } else {
                retained.put(message.topic(), message);
            }
        }
        for (BrokerConnection connection : new ArrayList<>(connections)) {
            Subscription best = null;
            for (Subscription subscription : connection.subscriptions()) {
                if ((subscription.noLocal() && connection == from)
                        || !TopicFilter.matches(subscription.filter(), message.topic())) {
                    continue;
                }
                if (best == null || subscription.qos() > best.qos()) {
                    best = subscription;
                }
            }
            if (best != null) {
                connection.deliver(message, Math.min(best.qos(), message.qos()),
                        best.retainAsPublished() && message.retain());
            }
        }
    }

    /** The retained messages a new subscription receives. */
    List<Message> retainedMatching(String filter) {
        List<Message> matching = new ArrayList<>();
        for (Message message : retained.values()) {
            if (TopicFilter.matches(filter, message.topic())) {
                matching.add(message);
            }
        }
        return matching;
    }
}
