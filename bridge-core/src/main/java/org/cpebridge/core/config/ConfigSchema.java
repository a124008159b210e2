package org.cpebridge.core.config;

import java.util.Collection;
import java.util.Collections;
import java.util.Optional;
import java.util.TreeMap;

/** Every configuration key the running service knows, from the core, the faces and the enabled adapters. */
public final class ConfigSchema {

    private final TreeMap<String, ConfigKey<?>> keys = new TreeMap<>();

    public ConfigSchema add(ConfigKey<?> key) {
        ConfigKey<?> previous = keys.putIfAbsent(key.name(), key);
        if (previous != null && previous != key) {
            throw new IllegalStateException("config key declared twice: " + key.name());
        }
        return this;
    }

    public ConfigSchema addAll(Collection<? extends ConfigKey<?>> more) {
        more.forEach(this::add);
        return this;
    }

    public Optional<ConfigKey<?>> key(String name) {
        return Optional.ofNullable(keys.get(name));
    }

    /** All keys, sorted by name. */
    public Collection<ConfigKey<?>> keys() {
        return Collections.unmodifiableCollection(keys.values());
    }

    /** The help text: one block per key with type, default and description. */
    public String describe() {
        return describe(Config.defaults(this));
    }

    /**
     * The help text with the values in effect under {@code config} (for the service: its embedded defaults) in
     * place of the keys' own defaults.
     */
    public String describe(Config config) {
        StringBuilder text = new StringBuilder();
        for (ConfigKey<?> key : keys.values()) {
            Object value = config.get(key);
            Object shown = key.isSecret() ? "(hidden)" : value == null ? "(unset)" : value;
            text.append("  ").append(key.name()).append(" = ").append(format(shown))
                    .append("    [").append(key.type()).append("]\n")
                    .append("      ").append(key.description()).append('\n');
        }
        return text.toString();
    }

    private static String format(Object value) {
        if (value instanceof java.util.List<?> list) {
            return String.join(",", list.stream().map(String::valueOf).toList());
        }
        if (value instanceof Enum<?> constant) {
            return constant.name().toLowerCase(java.util.Locale.ROOT);
        }
        if (value instanceof java.time.Duration duration) {
            return formatDuration(duration);
        }
        if (value instanceof java.net.InetSocketAddress address) {
            String host = address.getHostString();
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
        }
        return String.valueOf(value);
    }

    /** The shortest of the forms {@link ConfigKey#duration} accepts: {@code 250ms}, {@code 30s}, {@code 15m}, ... */
    static String formatDuration(java.time.Duration duration) {
        long millis = duration.toMillis();
        long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1_000L};
        String[] units = {"d", "h", "m", "s"};
        for (int i = 0; i < sizes.length; i++) {
            if (millis != 0 && millis % sizes[i] == 0) {
                return millis / sizes[i] + units[i];
            }
        }
        return millis + "ms";
    }
}
