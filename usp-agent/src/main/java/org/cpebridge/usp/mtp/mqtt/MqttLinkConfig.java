package org.cpebridge.usp.mtp.mqtt;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.cpebridge.mqtt.RetryPolicy;

/**
 * What one MQTT MTP link needs from {@code Device.MQTT.Client.{i}.} and {@code Device.LocalAgent.MTP.{i}.MQTT.}.
 *
 * @param clientId                the saved ClientID (empty: none yet)
 * @param subscriptions           {@code MQTT.Client.{i}.Subscription.{i}.Topic} values
 * @param responseTopicConfigured {@code LocalAgent.MTP.{i}.MQTT.ResponseTopicConfigured}
 * @param publishQos              0 or 1 (R-MQTT.20)
 */
public record MqttLinkConfig(String endpointId, MqttVersion version, Optional<String> clientId,
        List<String> subscriptions, Optional<String> responseTopicConfigured, Duration keepAlive, int publishQos,
        RetryPolicy retry) {

    public MqttLinkConfig {
        Objects.requireNonNull(endpointId, "endpointId");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(clientId, "clientId");
        subscriptions = List.copyOf(subscriptions);
        Objects.requireNonNull(responseTopicConfigured, "responseTopicConfigured");
        if (keepAlive.isNegative() || keepAlive.getSeconds() > 65535) {
            throw new IllegalArgumentException("keep alive is 0..65535 s: " + keepAlive);
        }
        if (publishQos != 0 && publishQos != 1) {
            throw new IllegalArgumentException("USP publishes with QoS 0 or 1: " + publishQos);
        }
        Objects.requireNonNull(retry, "retry");
    }
}
