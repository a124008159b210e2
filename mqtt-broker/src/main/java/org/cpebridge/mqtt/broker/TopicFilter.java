package org.cpebridge.mqtt.broker;

/**
 * MQTT topic-name and topic-filter rules (MQTT 3.1.1 section 4.7, MQTT 5 section 4.7): validation and matching with
 * the single-level {@code +} and multi-level {@code #} wildcards. Topics starting with {@code $} are not matched by
 * a filter that starts with a wildcard.
 */
public final class TopicFilter {

    private TopicFilter() {
    }

    /** A topic name to publish to: non-empty, no wildcards, no NUL, at most 65,535 UTF-8 bytes. */
    public static boolean isValidTopicName(String topic) {
        return topic != null && !topic.isEmpty() && topic.indexOf('+') < 0 && topic.indexOf('#') < 0
                && topic.indexOf('\u0000') < 0 && utf8Length(topic) <= 65_535;
    }

    /** A filter to subscribe to: {@code +} only as a whole level, {@code #} only as the whole last level. */
    public static boolean isValidFilter(String filter) {
        if (filter == null || filter.isEmpty() || filter.indexOf('\u0000') >= 0 || utf8Length(filter) > 65_535) {
            return false;
        }
        String[] levels = filter.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if (level.contains("#") && (!level.equals("#") || i != levels.length - 1)) {
                return false;
            }
            if (level.contains("+") && !level.equals("+")) {
                return false;
            }
        }
        return true;
    }

    /** Whether a valid topic name matches a valid filter. */
    public static boolean matches(String filter, String topic) {
        if (topic.startsWith("$") && (filter.startsWith("+") || filter.startsWith("#"))) {
            return false;
        }
        String[] filterLevels = filter.split("/", -1);
        String[] topicLevels = topic.split("/", -1);
        for (int i = 0; i < filterLevels.length; i++) {
            String level = filterLevels[i];
            if (level.equals("#")) {
                // "a/#" also matches "a" itself.
                return true;
            }
            if (i >= topicLevels.length) {
                return false;
            }
            if (!level.equals("+") && !level.equals(topicLevels[i])) {
                return false;
            }
        }
        return filterLevels.length == topicLevels.length;
    }

    /**
     * Whether every topic that {@code requested} matches is also matched by {@code allowed} (both valid filters):
     * {@code usp/agent/#} covers {@code usp/agent/+/status} and {@code usp/agent/x}, but not {@code #} or
     * {@code usp/+}. This is how a subscription is checked against a user's allowed filters.
     */
    public static boolean covers(String allowed, String requested) {
        String[] allowedLevels = allowed.split("/", -1);
        String[] requestedLevels = requested.split("/", -1);
        if (requested.startsWith("+") || requested.startsWith("#")) {
            // A wildcard first level would reach '$' topics only if allowed starts with a wildcard too.
            if (!(allowed.startsWith("+") || allowed.startsWith("#"))) {
                return false;
            }
        }
        for (int i = 0; i < allowedLevels.length; i++) {
            String level = allowedLevels[i];
            if (level.equals("#")) {
                return true;
            }
            if (i >= requestedLevels.length) {
                return false;
            }
            String wanted = requestedLevels[i];
            if (wanted.equals("#")) {
                return false;
            }
            if (!level.equals("+") && (wanted.equals("+") || !level.equals(wanted))) {
                return false;
            }
        }
        return allowedLevels.length == requestedLevels.length;
    }

    private static int utf8Length(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }
}
