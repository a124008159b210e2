package org.cpebridge.core.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The checked configuration: every value given (in the config file or with {@code --set}) parsed against its
 * {@link ConfigKey}. Construction fails on the first unknown key or bad value, naming it. Immutable.
 */
public final class Config {

    private final ConfigSchema schema;
    private final Map<String, Object> values;
    private final Map<String, String> sources;

    private Config(ConfigSchema schema, Map<String, Object> values, Map<String, String> sources) {
        this.schema = schema;
        this.values = values;
        this.sources = sources;
    }

    /** A configuration of defaults only. */
    public static Config defaults(ConfigSchema schema) {
        return new Builder(schema).build();
    }

    public static Builder builder(ConfigSchema schema) {
        return new Builder(schema);
    }

    /** The value given for the key, or its default. */
    @SuppressWarnings("unchecked")
    public <T> T get(ConfigKey<T> key) {
        requireKnown(key);
        Object value = values.get(key.name());
        return value != null ? (T) value : key.defaultValue();
    }

    /** For keys whose default is "not set": the value, if one was given or defaulted. */
    public <T> Optional<T> find(ConfigKey<T> key) {
        return Optional.ofNullable(get(key));
    }

    /** Whether the value came from the file or the command line rather than the default. */
    public boolean isSet(ConfigKey<?> key) {
        requireKnown(key);
        return values.containsKey(key.name());
    }

    /** Where a given value came from ("config.properties:12", "--set"), for messages. */
    public Optional<String> sourceOf(ConfigKey<?> key) {
        return Optional.ofNullable(sources.get(key.name()));
    }

    /**
     * A copy with more values, parsed as if given last by {@code source}: the service fills in values it derives
     * at start (the embedded broker's generated credentials) for keys nobody set. Secret values stay hidden.
     *
     * @throws ConfigException when a key is unknown or a value does not parse
     */
    public Config withValues(String source, Map<ConfigKey<?>, String> more) {
        Map<String, Object> merged = new HashMap<>(values);
        Map<String, String> mergedSources = new HashMap<>(sources);
        for (Map.Entry<ConfigKey<?>, String> entry : more.entrySet()) {
            ConfigKey<?> key = entry.getKey();
            requireKnown(key);
            merged.put(key.name(), key.parse(entry.getValue()));
            mergedSources.put(key.name(), source);
        }
        return new Config(schema, Map.copyOf(merged), Map.copyOf(mergedSources));
    }

    public ConfigSchema schema() {
        return schema;
    }

    /** The given values by key name, for logging (secret values hidden). */
    public Map<String, String> describeGiven() {
        Map<String, String> shown = new LinkedHashMap<>();
        for (String name : values.keySet()) {
            ConfigKey<?> key = schema.key(name).orElseThrow();
            shown.put(name, key.isSecret() ? "(hidden)" : String.valueOf(values.get(name)));
        }
        return Collections.unmodifiableMap(shown);
    }

    private void requireKnown(ConfigKey<?> key) {
        if (schema.key(key.name()).orElse(null) != key) {
            throw new IllegalArgumentException("config key not in the schema: " + key.name());
        }
    }

    /** Collects values from files and overrides; later values win. */
    public static final class Builder {
        private final ConfigSchema schema;
        private final Map<String, Object> values = new HashMap<>();
        private final Map<String, String> sources = new HashMap<>();

        private Builder(ConfigSchema schema) {
            this.schema = schema;
        }

        /** Reads a config file of {@code key = value} lines; {@code #} starts a comment line. */
        public Builder file(Path file) {
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new ConfigException("cannot read config file " + file + ": " + e);
            }
            return lines(file.getFileName().toString(), lines);
        }

        /**
         * Reads {@code key = value} lines from a named source (a file, or defaults shipped with the service); a key
         * given twice in one source is an error, since one of the two would be silently ignored.
         */
        public Builder lines(String sourceName, List<String> lines) {
            Map<String, Integer> seen = new HashMap<>();
            for (int index = 0; index < lines.size(); index++) {
                String line = lines.get(index).strip();
                String where = sourceName + ":" + (index + 1);
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int equals = line.indexOf('=');
                if (equals <= 0) {
                    throw new ConfigException(where + ": expected 'key = value', got '" + line + "'");
                }
                String name = line.substring(0, equals).strip();
                Integer earlier = seen.put(name, index + 1);
                if (earlier != null) {
                    throw new ConfigException(where + ": key '" + name + "' is already set on line " + earlier);
                }
                set(name, line.substring(equals + 1), where);
            }
            return this;
        }

        /** A {@code --set key=value} override. */
        public Builder set(String assignment) {
            int equals = assignment.indexOf('=');
            if (equals <= 0) {
                throw new ConfigException("--set expects key=value, got '" + assignment + "'");
            }
            return set(assignment.substring(0, equals).strip(), assignment.substring(equals + 1), "--set");
        }

        public Builder set(String name, String text, String source) {
            ConfigKey<?> key = schema.key(name).orElseThrow(() -> new ConfigException(
                    source + ": unknown key '" + name + "' (--help lists the keys)"));
            try {
                values.put(name, key.parse(text));
            } catch (ConfigException e) {
                throw new ConfigException(source + ": " + e.getMessage());
            }
            sources.put(name, source);
            return this;
        }

        public Config build() {
            return new Config(schema, Map.copyOf(values), Map.copyOf(sources));
        }
    }
}
