package org.cpebridge.zigbee.z2m;

/** What a topic under the Zigbee2MQTT base topic carries. Friendly names may contain '/'. */
public sealed interface Z2mTopic {

    record BridgeState() implements Z2mTopic {
    }

    record BridgeDevices() implements Z2mTopic {
    }

    record BridgeEventTopic() implements Z2mTopic {
    }

    record BridgeInfoTopic() implements Z2mTopic {
    }

    record BridgeResponse(String request) implements Z2mTopic {
    }

    /** bridge/groups, bridge/logging, bridge/definitions, requests: nothing the adapter needs. */
    record BridgeOther(String rest) implements Z2mTopic {
    }

    record DeviceState(String friendlyName) implements Z2mTopic {
    }

    record DeviceAvailability(String friendlyName) implements Z2mTopic {
    }

    /** {@code <fn>/set}, {@code <fn>/get} and their per-property forms: requests, ours or another client's. */
    record DeviceRequest(String friendlyName) implements Z2mTopic {
    }

    /** Not under the base topic. */
    record Foreign() implements Z2mTopic {
    }

    /** Classifies a topic received under {@code baseTopic}. */
    static Z2mTopic classify(String baseTopic, String topic) {
        if (!topic.startsWith(baseTopic + "/") || topic.length() == baseTopic.length() + 1) {
            return new Foreign();
        }
        String rest = topic.substring(baseTopic.length() + 1);
        if (rest.startsWith("bridge/")) {
            String bridge = rest.substring("bridge/".length());
            return switch (bridge) {
                case "state" -> new BridgeState();
                case "devices" -> new BridgeDevices();
                case "event" -> new BridgeEventTopic();
                case "info" -> new BridgeInfoTopic();
                default -> bridge.startsWith("response/") ? new BridgeResponse(bridge.substring("response/".length()))
                        : new BridgeOther(bridge);
            };
        }
        if (rest.endsWith("/availability")) {
            return new DeviceAvailability(rest.substring(0, rest.length() - "/availability".length()));
        }
        if (rest.endsWith("/set") || rest.endsWith("/get")) {
            return new DeviceRequest(rest.substring(0, rest.length() - "/set".length()));
        }
        int setProperty = Math.max(rest.indexOf("/set/"), rest.indexOf("/get/"));
        if (setProperty > 0 && rest.indexOf('/', setProperty + 5) < 0) {
            return new DeviceRequest(rest.substring(0, setProperty));
        }
        return new DeviceState(rest);
    }
}
