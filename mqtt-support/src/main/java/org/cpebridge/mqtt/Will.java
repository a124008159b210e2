package org.cpebridge.mqtt;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * The Last Will the broker publishes when the connection ends without a DISCONNECT.
 *
 * @param contentType sent as the will's Content Type property over MQTT 5; ignored over 3.1.1
 */
public record Will(String topic, byte[] payload, int qos, boolean retained, Optional<String> contentType) {

    public Will {
        Objects.requireNonNull(topic, "topic");
        if (topic.isEmpty()) {
            throw new IllegalArgumentException("empty will topic");
        }
        payload = payload.clone();
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("QoS is 0, 1 or 2: " + qos);
        }
        Objects.requireNonNull(contentType, "contentType");
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    // A record compares arrays by reference; a will is equal by content.
    @Override
    public boolean equals(Object other) {
        return other instanceof Will w && topic.equals(w.topic) && Arrays.equals(payload, w.payload) && qos == w.qos
                && retained == w.retained && contentType.equals(w.contentType);
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, Arrays.hashCode(payload), qos, retained, contentType);
    }

    @Override
    public String toString() {
        return "Will[" + topic + ", " + payload.length + " bytes, qos " + qos + (retained ? ", retained" : "") + "]";
    }
}
