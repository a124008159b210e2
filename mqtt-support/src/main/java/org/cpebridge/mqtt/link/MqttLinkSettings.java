package org.cpebridge.mqtt.link;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How to connect.
 *
 * @param subscriptions topic filters subscribed (QoS 1) after each connect
 * @param willTopic     "" for no will
 * @param username      "" for none
 */
public record MqttLinkSettings(String serverUri, String clientId, String username, String password,
                               List<String> subscriptions, String willTopic, byte[] willPayload, boolean willRetained,
                               Duration minReconnectDelay, Duration maxReconnectDelay, int keepAliveSeconds) {

    public MqttLinkSettings {
        Objects.requireNonNull(serverUri, "serverUri");
        Objects.requireNonNull(clientId, "clientId");
        username = Objects.requireNonNullElse(username, "");
        password = Objects.requireNonNullElse(password, "");
        subscriptions = List.copyOf(subscriptions);
        willTopic = Objects.requireNonNullElse(willTopic, "");
        willPayload = willPayload == null ? new byte[0] : willPayload.clone();
        Objects.requireNonNull(minReconnectDelay, "minReconnectDelay");
        Objects.requireNonNull(maxReconnectDelay, "maxReconnectDelay");
        if (minReconnectDelay.isNegative() || minReconnectDelay.isZero()
                || maxReconnectDelay.compareTo(minReconnectDelay) < 0) {
            throw new IllegalArgumentException("need 0 < minReconnectDelay <= maxReconnectDelay");
        }
        if (keepAliveSeconds < 1 || keepAliveSeconds > 65535) {
            throw new IllegalArgumentException("keepAliveSeconds must be 1..65535");
        }
    }

    /** The same settings logging in as another account ("" for none). */
    public MqttLinkSettings withCredentials(String newUsername, String newPassword) {
        return new MqttLinkSettings(serverUri, clientId, newUsername, newPassword, subscriptions, willTopic,
                willPayload, willRetained, minReconnectDelay, maxReconnectDelay, keepAliveSeconds);
    }

    @Override
    public byte[] willPayload() {
        return willPayload.clone();
    }

    @Override
    public String toString() {
        return "MqttLinkSettings[" + serverUri + ", clientId=" + clientId + "]";
    }
}
