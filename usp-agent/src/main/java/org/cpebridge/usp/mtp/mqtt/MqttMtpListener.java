package org.cpebridge.usp.mtp.mqtt;

import java.util.Optional;
import org.cpebridge.bytes.Bytes;

/**
 * What the MQTT MTP tells the agent. Called as a task of the MTP's serial executor, never concurrently: on one of its
 * workers, or, for a Record that arrives while the executor is idle, on the MQTT client's netty I/O loop.
 */
public interface MqttMtpListener {

    /**
     * A USP Record arrived; {@code replyTopic} is empty when the PUBLISH named none (usp-js 0.5.1). With {@code
     * onIoLoop} this call runs on the shared netty I/O loop, which every transport (Matter's UDP too) needs back at
     * once: whatever may take long or block (a large Get, a store write) must go on to the executor.
     */
    void onRecord(Bytes record, Optional<String> replyTopic, boolean onIoLoop);

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
