package org.cpebridge.usp.record;

import java.util.Objects;
import org.cpebridge.bytes.Bytes;

/** Builds the Records this agent sends: message carriers, Connect Records (R-MTP.6) and Disconnect Records. */
public final class RecordFactory {
    private final String agentEndpointId;

    public RecordFactory(String agentEndpointId) {
        if (!EndpointIds.isValid(agentEndpointId)) {
            throw new IllegalArgumentException("invalid agent Endpoint ID: " + agentEndpointId);
        }
        this.agentEndpointId = agentEndpointId;
    }

    /** A No Session Context Record carrying an encoded USP Message to {@code controllerId}. */
    public RecordEnvelope message(String controllerId, Bytes encodedMessage) {
        return plain(controllerId, new RecordBody.NoSessionContext(encodedMessage));
    }

    /** The MQTT Connect Record; {@code subscribedTopic} is where the agent listens for this Controller. */
    public RecordEnvelope mqttConnect(String controllerId, RecordBody.MqttVersion version, String subscribedTopic) {
        return plain(controllerId, new RecordBody.MqttConnect(version, subscribedTopic));
    }

    /** The WebSocket Connect Record. */
    public RecordEnvelope webSocketConnect(String controllerId) {
        return plain(controllerId, new RecordBody.WebSocketConnect());
    }

    /** The STOMP 1.2 Connect Record. */
    public RecordEnvelope stompConnect(String controllerId, String subscribedDestination) {
        return plain(controllerId, new RecordBody.StompConnect(0, subscribedDestination));
    }

    /** The Unix domain socket Connect Record. */
    public RecordEnvelope udsConnect(String controllerId) {
        return plain(controllerId, new RecordBody.UdsConnect());
    }

    /** A Disconnect Record with a 7100-series code and its standard reason (R-MTP.9). */
    public RecordEnvelope disconnect(String controllerId, int reasonCode) {
        return plain(controllerId, new RecordBody.Disconnect(RecordErrors.reason(reasonCode), reasonCode));
    }

    private RecordEnvelope plain(String controllerId, RecordBody body) {
        Objects.requireNonNull(controllerId, "controllerId");
        return RecordEnvelope.plain(controllerId, agentEndpointId, body);
    }
}
