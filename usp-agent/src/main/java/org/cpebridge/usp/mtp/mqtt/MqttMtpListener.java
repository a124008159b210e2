package org.cpebridge.usp.mtp.mqtt;

import java.util.Optional;
import org.cpebridge.bytes.Bytes;

/** What the MQTT MTP tells the agent. Called on the MTP's serial executor, never concurrently. */
public interface MqttMtpListener {

    /** A USP Record arrived; {@code replyTopic} is empty when the PUBLISH named none (usp-js 0.5.1). */
    void onRecord(Bytes record, Optional<String> replyTopic);

    /** The link is up and subscribed; {@code agentTopic} is where Controllers reach this agent. */
    void onLinkUp(String agentTopic);

    /** The link went down; {@code retrying} is false when the MTP gave up (disabled or stopped). */
    void onLinkDown(String reason, boolean retrying);

    /**
     * The Client Identifier of a CONNECT about to be sent ({@code assigned} false), or the one the broker assigned in
     * its CONNACK, which R-MQTT.9 says to keep and reuse ({@code assigned} true).
     */
    default void onClientIdentifier(String clientId, boolean assigned) {
    }
}
