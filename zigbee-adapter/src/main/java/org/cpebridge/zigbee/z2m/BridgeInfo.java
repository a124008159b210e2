package org.cpebridge.zigbee.z2m;

import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Zigbee2MQTT's retained {@code bridge/info}, reduced to the network facts the bridge shows: the coordinator's IEEE
 * address and stack type, the channel, PAN ID and extended PAN ID, and Zigbee2MQTT's version. Members that are
 * missing or of an unexpected type are left empty rather than failing the whole message, since Zigbee2MQTT has
 * changed their types between releases (the extended PAN ID was a number in 1.x and is a string in 2.x).
 *
 * @param coordinatorIeee {@code 0x} and 16 lower-case hex digits, or empty
 * @param panId           4 lower-case hex digits, or empty
 * @param extendedPanId   16 lower-case hex digits, or empty
 */
public record BridgeInfo(String coordinatorIeee, String coordinatorType, Optional<Integer> channel, String panId,
        String extendedPanId, String version) {

    /**
     * Parses {@code bridge/info}.
     *
     * @throws Z2mFormatException when the payload is not a JSON object
     */
    public static BridgeInfo parse(String payload) {
        Map<String, Object> info = Fields.parseObject(payload, "bridge/info");
        Map<String, Object> coordinator = info.get("coordinator") instanceof Map<?, ?> ? Fields.object(
                info.get("coordinator"), "bridge/info.coordinator") : Map.of();
        Map<String, Object> network = info.get("network") instanceof Map<?, ?> ? Fields.object(
                info.get("network"), "bridge/info.network") : Map.of();
        String ieee = Fields.optString(coordinator, "ieee_address").toLowerCase(Locale.ROOT);
        if (!ieee.matches("0x[0-9a-f]{16}")) {
            ieee = "";
        }
        Double channel = Fields.optNumber(network, "channel");
        Double pan = Fields.optNumber(network, "pan_id");
        String panId = pan != null && pan >= 0 && pan <= 0xffff && pan == Math.floor(pan)
                ? HexFormat.of().toHexDigits(pan.intValue()).substring(4) : "";
        return new BridgeInfo(ieee, Fields.optString(coordinator, "type"),
                channel != null && channel >= 0 && channel <= 255 ? Optional.of(channel.intValue()) : Optional.empty(),
                panId, extendedPanId(network.get("extended_pan_id")), Fields.optString(info, "version"));
    }

    private static String extendedPanId(Object value) {
        if (value instanceof String text) {
            String digits = text.toLowerCase(Locale.ROOT).replaceFirst("^0x", "");
            return digits.matches("[0-9a-f]{16}") ? digits : "";
        }
        if (value instanceof Number number && number.doubleValue() >= 0) {
            // 1.x sent it as a JSON number, which loses precision above 2^53; keep what arrived.
            return HexFormat.of().toHexDigits(number.longValue());
        }
        return "";
    }
}
