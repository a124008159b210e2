package org.cpebridge.zigbee.z2m;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Parsers for the bridge's own topics: state, availability, events and request responses. Pure. */
public final class BridgeMessages {

    private BridgeMessages() {
    }

    /** Classifies a topic received under {@code baseTopic}. */
    public static Z2mTopic classify(String baseTopic, String topic) {
        return Z2mTopic.classify(baseTopic, topic);
    }

    /**
     * Parses {@code bridge/state} or {@code <fn>/availability}: {@code {"state":"online"}} in 2.x, the bare word in
     * 1.x. An empty payload is a cleared retained message (Zigbee2MQTT clears the old topic on rename).
     *
     * @return empty for a cleared topic
     * @throws Z2mFormatException for anything else
     */
    public static Optional<Boolean> parseOnline(String payload) {
        String trimmed = payload.strip();
        if (trimmed.isEmpty()) {
            return Optional.empty();
        }
        if (trimmed.equals("online") || trimmed.equals("offline")) {
            return Optional.of(trimmed.equals("online"));
        }
        Map<String, Object> object = Fields.parseObject(trimmed, "availability");
        Object state = object.get("state");
        if ("online".equals(state)) {
            return Optional.of(true);
        }
        if ("offline".equals(state)) {
            return Optional.of(false);
        }
        throw new Z2mFormatException("availability: state must be online or offline");
    }

    /** A {@code bridge/event} message. */
    public sealed interface BridgeEvent {
        record DeviceJoined(String ieeeAddress, String friendlyName) implements BridgeEvent {
        }

        record DeviceAnnounce(String ieeeAddress, String friendlyName) implements BridgeEvent {
        }

        /** @param status started, successful or failed */
        record DeviceInterview(String ieeeAddress, String friendlyName, String status) implements BridgeEvent {
        }

        record DeviceLeave(String ieeeAddress, String friendlyName) implements BridgeEvent {
        }

        /** An event type this adapter does not act on; kept so it can be logged. */
        record Other(String type) implements BridgeEvent {
        }
    }

    /** @throws Z2mFormatException when the payload is not an event object */
    public static BridgeEvent parseEvent(String payload) {
        Map<String, Object> object = Fields.parseObject(payload, "bridge/event");
        String type = Fields.string(object, "type", "bridge/event");
        Map<String, Object> data = Fields.object(object.get("data"), "bridge/event.data");
        return switch (type) {
            case "device_joined" -> new BridgeEvent.DeviceJoined(ieee(data), Fields.optString(data, "friendly_name"));
            case "device_announce" -> new BridgeEvent.DeviceAnnounce(ieee(data),
                    Fields.optString(data, "friendly_name"));
            case "device_interview" -> new BridgeEvent.DeviceInterview(ieee(data),
                    Fields.optString(data, "friendly_name"), Fields.string(data, "status", "device_interview"));
            case "device_leave" -> new BridgeEvent.DeviceLeave(ieee(data), Fields.optString(data, "friendly_name"));
            default -> new BridgeEvent.Other(type);
        };
    }

    private static String ieee(Map<String, Object> data) {
        String ieee = Fields.string(data, "ieee_address", "bridge/event.data");
        if (!ieee.matches("0x[0-9a-fA-F]{16}")) {
            throw new Z2mFormatException("bridge/event: bad ieee_address '" + ieee + "'");
        }
        return ieee.toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * A {@code bridge/response/<request>} message.
     *
     * @param transaction the request's transaction as given (Zigbee2MQTT echoes any JSON value), or null
     */
    public record Response(boolean ok, String error, Object transaction, Map<String, Object> data) {
        public Response {
            error = Objects.requireNonNullElse(error, "");
            data = data == null ? Map.of() : data;
        }
    }

    /** @throws Z2mFormatException when the payload is not a response object */
    public static Response parseResponse(String payload) {
        Map<String, Object> object = Fields.parseObject(payload, "bridge/response");
        String status = Fields.string(object, "status", "bridge/response");
        Object data = object.get("data");
        return new Response("ok".equals(status), Fields.optString(object, "error"), object.get("transaction"),
                data == null ? Map.of() : Fields.object(data, "bridge/response.data"));
    }
}
