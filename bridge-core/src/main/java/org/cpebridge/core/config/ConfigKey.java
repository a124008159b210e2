package org.cpebridge.core.config;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One typed, documented configuration key with its default. Modules declare their keys as constants and hand them
 * to the {@link ConfigSchema}; the service checks every given value against its key at startup, so a bad value stops
 * the process with a message naming the key instead of surfacing later.
 *
 * @param <T> the parsed type
 */
public final class ConfigKey<T> {

    private static final Pattern NAME = Pattern.compile("[a-z][a-zA-Z0-9]*(\\.[a-z][a-zA-Z0-9]*)+");
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");
    private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9a-fA-F:.]+]|[^:\\[\\]]+):(\\d{1,5})");

    private final String name;
    private final String type;
    private final T defaultValue;
    private final String description;
    private final Function<String, T> parser;
    private final boolean secret;

    private ConfigKey(String name, String type, T defaultValue, String description, Function<String, T> parser,
                      boolean secret) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("config key must be dotted lowerCamelCase: " + name);
        }
        this.name = name;
        this.type = type;
        this.defaultValue = defaultValue;
        this.description = Objects.requireNonNull(description, "description");
        this.parser = parser;
        this.secret = secret;
    }

    /** A key whose default may be null (meaning "not set"); use {@link Config#find} for those. */
    public static <T> ConfigKey<T> of(String name, String type, T defaultValue, String description,
                                      Function<String, T> parser) {
        return new ConfigKey<>(name, type, defaultValue, description, parser, false);
    }

    public static ConfigKey<String> string(String name, String defaultValue, String description) {
        return of(name, "text", defaultValue, description, Function.identity());
    }

    public static ConfigKey<Boolean> bool(String name, boolean defaultValue, String description) {
        return of(name, "true|false", defaultValue, description, text -> switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new IllegalArgumentException("expected true or false");
        });
    }

    public static ConfigKey<Integer> integer(String name, int defaultValue, int min, int max, String description) {
        return of(name, "integer " + min + ".." + max, defaultValue, description, text -> {
            long value;
            try {
                value = Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected an integer");
            }
            if (value < min || value > max) {
                throw new IllegalArgumentException("must be between " + min + " and " + max);
            }
            return (int) value;
        });
    }

    /** A duration written as {@code 250ms}, {@code 30s}, {@code 15m}, {@code 2h}, {@code 1d} or ISO-8601. */
    public static ConfigKey<Duration> duration(String name, Duration defaultValue, Duration min, Duration max,
                                               String description) {
        return of(name, "duration (e.g. 30s, 15m)", defaultValue, description, text -> {
            Duration value = parseDuration(text);
            if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
                throw new IllegalArgumentException("must be between " + min + " and " + max);
            }
            return value;
        });
    }

    public static <E extends Enum<E>> ConfigKey<E> enumeration(String name, Class<E> type, E defaultValue,
                                                               String description) {
        String choices = String.join("|", Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT)).toList());
        return of(name, choices, defaultValue, description, text -> {
            for (E constant : type.getEnumConstants()) {
                if (constant.name().equalsIgnoreCase(text.replace('-', '_'))) {
                    return constant;
                }
            }
            throw new IllegalArgumentException("expected one of " + choices);
        });
    }

    /** {@code host:port} or {@code [ipv6]:port}; the host is not resolved. */
    public static ConfigKey<InetSocketAddress> hostPort(String name, String defaultValue, String description) {
        Function<String, InetSocketAddress> parser = ConfigKey::parseHostPort;
        return of(name, "host:port", defaultValue == null ? null : parser.apply(defaultValue), description, parser);
    }

    /** A comma-separated list; blanks around items are trimmed and empty items ignored. */
    public static ConfigKey<List<String>> list(String name, List<String> defaultValue, String description) {
        return of(name, "comma-separated list", List.copyOf(defaultValue), description,
                text -> Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList());
    }

    /** The same key whose value is never printed (passwords, passcodes). */
    public ConfigKey<T> secret() {
        return new ConfigKey<>(name, type, defaultValue, description, parser, true);
    }

    static Duration parseDuration(String text) {
        Matcher matcher = DURATION.matcher(text.trim());
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            return switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }
        try {
            return Duration.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("expected a duration such as 30s, 15m or PT1H");
        }
    }

    static InetSocketAddress parseHostPort(String text) {
        Matcher matcher = HOST_PORT.matcher(text.trim());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("expected host:port or [ipv6]:port");
        }
        String host = matcher.group(1);
        if (host.startsWith("[")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = Integer.parseInt(matcher.group(2));
        if (port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535");
        }
        return InetSocketAddress.createUnresolved(host, port);
    }

    public String name() {
        return name;
    }

    public String type() {
        return type;
    }

    public T defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    public boolean isSecret() {
        return secret;
    }

    /**
     * Parses a value for this key.
     *
     * @throws ConfigException naming the key
     */
    public T parse(String text) {
        try {
            return parser.apply(text.trim());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("bad value for key '" + name + "': "
                    + (secret ? "(hidden)" : "'" + text.trim() + "'") + ": " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
