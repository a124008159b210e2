package org.cpebridge.usp.mtp.mqtt;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Topic rules of the USP MQTT binding (TR-369 "MQTT Binding"): the 3.1.1 {@code /reply-to=} suffix (R-MQTT.24/25),
 * the Content Types that mean a USP Record (R-MQTT.27/27a), the SUBSCRIBE list after CONNACK (R-MQTT.15/16) and MQTT
 * topic filter matching. Pure functions; no client library.
 */
public final class MqttTopics {
    /** Content Type of every PUBLISH carrying a USP Record (R-MQTT.27). */
    public static final String CONTENT_TYPE = "usp.msg";
    /** Registered MIME type that also means a USP Record (R-MQTT.27a). */
    public static final String CONTENT_TYPE_MIME = "application/vnd.bbf.usp.msg";
    /** CONNECT User Property carrying the Endpoint ID (R-MQTT.13). */
    public static final String ENDPOINT_ID_PROPERTY = "usp-endpoint-id";
    /** CONNACK User Property naming topics to subscribe to (R-MQTT.15). */
    public static final String SUBSCRIBE_TOPIC_PROPERTY = "subscribe-topic";

    private static final String REPLY_TO = "/reply-to=";

    private MqttTopics() {
    }

    /** The 3.1.1 PUBLISH topic: {@code topic} + {@code /reply-to=} + reply topic with '/' as %2F (R-MQTT.24). */
    public static String withReplyTo(String topic, String replyTopic) {
        return topic + REPLY_TO + replyTopic.replace("/", "%2F");
    }

    /** The reply topic in a 3.1.1 PUBLISH topic, after the last {@code /reply-to=} (R-MQTT.25). */
    public static Optional<String> replyToOf(String publishTopic) {
        int at = publishTopic.lastIndexOf(REPLY_TO);
        if (at < 0) {
            return Optional.empty();
        }
        String reply = publishTopic.substring(at + REPLY_TO.length()).strip().replace("%2F", "/");
        return reply.isEmpty() ? Optional.empty() : Optional.of(reply);
    }

    /** True if a 5.0 PUBLISH Content Type says the payload is a USP Record (R-MQTT.27a). */
    public static boolean isUspRecord(String contentType) {
        return CONTENT_TYPE.equals(contentType) || CONTENT_TYPE_MIME.equals(contentType);
    }

    /**
     * Where to answer a received PUBLISH: the 5.0 Response Topic (R-MQTT.26), the 3.1.1 reply-to suffix (R-MQTT.25),
     * or else the Controller's configured {@code Controller.{i}.MTP.{i}.MQTT.Topic}, since usp-js 0.5.1 sends neither.
     */
    public static Optional<String> replyTopic(MqttVersion version, String publishTopic,
            Optional<String> responseTopicProperty, Optional<String> configuredControllerTopic) {
        Optional<String> fromPacket = version == MqttVersion.V5
                ? responseTopicProperty.filter(t -> !t.isEmpty())
                : replyToOf(publishTopic);
        return fromPacket.isPresent() ? fromPacket : configuredControllerTopic.filter(t -> !t.isEmpty());
    }

    /**
     * The Topic Filters to SUBSCRIBE to after CONNACK (R-MQTT.15): configured filters, CONNACK {@code subscribe-topic}
     * values, then the Response Information topic, or else {@code ResponseTopicConfigured} (as {@code topic/#} on
     * 3.1.1, where PUBLISH topics carry a reply-to suffix), each added only if no filter so far covers it. Empty means
     * the agent must DISCONNECT and treat the MTP as disabled (R-MQTT.16, R-MQTT.17).
     */
    public static List<String> subscriptions(MqttVersion version, List<String> configuredFilters,
            List<String> connackSubscribeTopics, Optional<String> responseInformation,
            Optional<String> responseTopicConfigured) {
        Set<String> filters = new LinkedHashSet<>();
        configuredFilters.stream().filter(f -> !f.isEmpty()).forEach(filters::add);
        if (version == MqttVersion.V5) {
            connackSubscribeTopics.stream().filter(f -> !f.isEmpty()).forEach(filters::add);
        }
        if (filters.isEmpty()) {
            return List.of();
        }
        Optional<String> ownTopic = version == MqttVersion.V5 && responseInformation.filter(t -> !t.isEmpty())
                .isPresent() ? responseInformation : responseTopicConfigured.filter(t -> !t.isEmpty());
        ownTopic.ifPresent(topic -> {
            String wanted = version == MqttVersion.V5 ? topic : topic + "/#";
            String probe = version == MqttVersion.V5 ? topic : topic + REPLY_TO + "x";
            if (filters.stream().noneMatch(f -> matches(f, probe))) {
                filters.add(wanted);
            }
        });
        return new ArrayList<>(filters);
    }

    /** MQTT topic filter matching: {@code +} is one level, a final {@code #} is any number of levels. */
    public static boolean matches(String filter, String topic) {
        String[] f = filter.split("/", -1);
        String[] t = topic.split("/", -1);
        for (int i = 0; i < f.length; i++) {
            if (f[i].equals("#")) {
                return i == f.length - 1;
            }
            if (i >= t.length) {
                return false;
            }
            if (!f[i].equals("+") && !f[i].equals(t[i])) {
                return false;
            }
        }
        return f.length == t.length;
    }

    /**
     * The CONNECT Client Identifier (R-MQTT.8): the configured or previously assigned one; else empty on 5.0 (the
     * server assigns one, to be saved per R-MQTT.9) and the Endpoint ID on 3.1.1.
     */
    public static String clientId(MqttVersion version, Optional<String> configured, String endpointId) {
        Optional<String> id = configured.filter(c -> !c.isEmpty());
        if (id.isPresent()) {
            return id.get();
        }
        return version == MqttVersion.V5 ? "" : endpointId;
    }
}
