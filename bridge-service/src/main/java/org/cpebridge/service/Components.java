package org.cpebridge.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Function;
import org.cpebridge.core.config.Config;
import org.cpebridge.core.config.ConfigKey;
import org.cpebridge.core.config.ConfigSchema;
import org.cpebridge.core.spi.AdapterFactory;
import org.cpebridge.core.spi.FaceFactory;

/**
 * The adapters and faces on the class path, found with {@link ServiceLoader} and keyed by id (a duplicate id is an
 * error), each with its generated {@code <id>.enabled} key.
 */
final class Components {

    final Map<String, AdapterFactory> adapters;
    final Map<String, FaceFactory> faces;
    private final Map<String, ConfigKey<Boolean>> enabledKeys = new LinkedHashMap<>();

    private Components(Map<String, AdapterFactory> adapters, Map<String, FaceFactory> faces) {
        this.adapters = adapters;
        this.faces = faces;
        adapters.values().forEach(f -> enabledKeys.put(f.id(), enabledKey(f.id(), "adapter", f.enabledByDefault())));
        faces.values().forEach(f -> enabledKeys.put(f.id(), enabledKey(f.id(), "face", f.enabledByDefault())));
    }

    /** Given components, in start order (tests of the start and stop sequence). */
    static Components of(Map<String, AdapterFactory> adapters, Map<String, FaceFactory> faces) {
        return new Components(new LinkedHashMap<>(adapters), new LinkedHashMap<>(faces));
    }

    static Components discover(ClassLoader loader) {
        Map<String, AdapterFactory> adapters = byId(ServiceLoader.load(AdapterFactory.class, loader),
                AdapterFactory::id);
        Map<String, FaceFactory> faces = byId(ServiceLoader.load(FaceFactory.class, loader), FaceFactory::id);
        for (String id : adapters.keySet()) {
            if (faces.containsKey(id)) {
                throw new IllegalStateException("an adapter and a face share the id '" + id + "'");
            }
        }
        return new Components(adapters, faces);
    }

    private static <T> Map<String, T> byId(ServiceLoader<T> loader, Function<T, String> id) {
        Map<String, T> found = new LinkedHashMap<>();
        for (T factory : loader) {
            T previous = found.put(id.apply(factory), factory);
            if (previous != null) {
                throw new IllegalStateException("two components with id '" + id.apply(factory) + "': "
                        + previous.getClass().getName() + " and " + factory.getClass().getName());
            }
        }
        return found;
    }

    private static ConfigKey<Boolean> enabledKey(String id, String kind, boolean byDefault) {
        return ConfigKey.bool(id + ".enabled", byDefault, "Whether the " + id + " " + kind + " runs.");
    }

    /** Every key: the service's own, the simulators' it wires, each component's and each component's enabled switch. */
    ConfigSchema schema() {
        ConfigSchema schema = new ConfigSchema().addAll(CoreKeys.all()).addAll(Simulators.keys());
        enabledKeys.values().forEach(schema::add);
        List<ConfigKey<?>> componentKeys = new ArrayList<>();
        adapters.values().forEach(f -> componentKeys.addAll(checkPrefix(f.id(), f.configKeys())));
        faces.values().forEach(f -> componentKeys.addAll(checkPrefix(f.id(), f.configKeys())));
        return schema.addAll(componentKeys);
    }

    private static List<ConfigKey<?>> checkPrefix(String id, List<ConfigKey<?>> keys) {
        for (ConfigKey<?> key : keys) {
            if (!key.name().startsWith(id + ".")) {
                throw new IllegalStateException("component " + id + " declares key " + key.name()
                        + " outside its prefix");
            }
        }
        return keys;
    }

    boolean enabled(Config config, String id) {
        return config.get(enabledKeys.get(id));
    }
}
