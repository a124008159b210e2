package org.cpebridge.usp.mtp.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** TR-369 MQTT binding topic rules (specification/mtp/mqtt/index.md) and the TP-469 section 11 cases they serve. */
class MqttTopicsTest {

    @Test
    void tp11_14_replyToSuffixOfMqtt311() {
        // R-MQTT.24 example: Controller reply topic under an Agent topic
        String topic = MqttTopics.withReplyTo("usp/agents/cid:3AA3F8:my-unique-usp-id-42",
                "usp/controllers/oui:00256D:my-unique-bbf-id-42");
        assertEquals("usp/agents/cid:3AA3F8:my-unique-usp-id-42/reply-to=usp%2Fcontrollers%2Foui:00256D:"
                + "my-unique-bbf-id-42", topic);
        assertEquals(Optional.of("usp/controllers/oui:00256D:my-unique-bbf-id-42"), MqttTopics.replyToOf(topic));
        // The spec's own example has a space after '='; R-MQTT.25 takes what follows the last "/reply-to=".
        assertEquals(Optional.of("usp/controllers/x"),
                MqttTopics.replyToOf("a/reply-to=b/reply-to= usp%2Fcontrollers%2Fx"));
        assertEquals(Optional.empty(), MqttTopics.replyToOf("usp/agents/a"));
        assertEquals(Optional.empty(), MqttTopics.replyToOf("usp/agents/a/reply-to="));
    }

    @Test
    void replyTopicChoice() {
        Optional<String> configured = Optional.of("/usp/controller");
        assertEquals(Optional.of("resp/topic"), MqttTopics.replyTopic(MqttVersion.V5, "/usp/endpoint",
                Optional.of("resp/topic"), configured), "R-MQTT.26");
        assertEquals(Optional.of("c/t"), MqttTopics.replyTopic(MqttVersion.V3_1_1, "a/reply-to=c%2Ft",
                Optional.empty(), configured), "R-MQTT.25");
        assertEquals(configured, MqttTopics.replyTopic(MqttVersion.V3_1_1, "/usp/endpoint", Optional.empty(),
                configured), "usp-js 0.5.1 sends no reply-to: the configured Controller topic");
        assertEquals(Optional.empty(), MqttTopics.replyTopic(MqttVersion.V5, "/usp/endpoint", Optional.of(""),
                Optional.empty()));
    }

    @Test
    void tp11_15_contentType() {
        assertTrue(MqttTopics.isUspRecord("usp.msg"));
        assertTrue(MqttTopics.isUspRecord("application/vnd.bbf.usp.msg"));
        assertFalse(MqttTopics.isUspRecord("usp.error"));
        assertFalse(MqttTopics.isUspRecord(null));
    }

    @Test
    void tp11_8_subscribeListAfterConnack() {
        assertEquals(List.of("usp/agent/+", "srv/topic", "usp/agent-reply"), MqttTopics.subscriptions(MqttVersion.V5,
                List.of("usp/agent/+"), List.of("srv/topic"), Optional.of("usp/agent-reply"), Optional.empty()));
        assertEquals(List.of("usp/agent/#"), MqttTopics.subscriptions(MqttVersion.V5, List.of("usp/agent/#"),
                List.of(), Optional.of("usp/agent/reply"), Optional.empty()), "already covered by a filter");
        assertEquals(List.of("cfg", "usp/agent/me"), MqttTopics.subscriptions(MqttVersion.V5, List.of("cfg"),
                List.of(), Optional.empty(), Optional.of("usp/agent/me")), "ResponseTopicConfigured");
        assertEquals(List.of("cfg", "usp/agent/me/#"), MqttTopics.subscriptions(MqttVersion.V3_1_1, List.of("cfg"),
                List.of("ignored on 3.1.1"), Optional.of("ignored"), Optional.of("usp/agent/me")),
                "3.1.1 subscribes to a wildcard so that reply-to suffixes still match");
    }

    @Test
    void tp11_10_noTopicsMeansDisconnect() {
        assertEquals(List.of(), MqttTopics.subscriptions(MqttVersion.V5, List.of(), List.of(), Optional.of("r"),
                Optional.of("usp/agent/me")), "R-MQTT.16");
    }

    @Test
    void topicFilterMatching() {
        assertTrue(MqttTopics.matches("a/+/c", "a/b/c"));
        assertFalse(MqttTopics.matches("a/+/c", "a/b/d"));
        assertTrue(MqttTopics.matches("a/#", "a/b/c"));
        assertTrue(MqttTopics.matches("a/#", "a"), "'#' includes the parent level");
        assertTrue(MqttTopics.matches("#", "x/y"));
        assertFalse(MqttTopics.matches("a/b", "a/b/c"));
        assertFalse(MqttTopics.matches("a/#/c", "a/b/c"), "'#' must be last");
    }

    @Test
    void tp11_4_clientIdentifier() {
        assertEquals("", MqttTopics.clientId(MqttVersion.V5, Optional.empty(), "os::agent"), "server assigns");
        assertEquals("os::agent", MqttTopics.clientId(MqttVersion.V3_1_1, Optional.of(""), "os::agent"));
        assertEquals("saved-42", MqttTopics.clientId(MqttVersion.V5, Optional.of("saved-42"), "os::agent"),
                "R-MQTT.9/11: the assigned id is reused");
    }
}
