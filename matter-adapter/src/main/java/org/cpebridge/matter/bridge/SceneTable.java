package org.cpebridge.matter.bridge;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.cpebridge.core.json.Json;
import org.cpebridge.core.store.DurableStore;
import org.cpebridge.core.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Scenes Management scene table of every bridged endpoint, all fabrics, kept in the core's durable store: one
 * record per endpoint that has scenes, {@value #PREFIX}{@code <endpoint number>}, format 1, JSON
 * {@code {"scenes": [{"fabric": 1, "group": 0, "scene": 1, "name": "", "transitionMs": 0,
 * "values": {"6": {"0": 1}, "8": {"0": 254}}}]}} (values by cluster id, then attribute id). Endpoint numbers are
 * stable per device (see {@link EndpointNumbers}), so a scene follows its device across restarts.
 *
 * <p>Every change is written (atomically, by the store) before the table in memory changes: a change whose write
 * fails throws {@link StoreException} and leaves the table as it was, so what a command answered is what is on disk.
 * A record that cannot be read at start is logged and ignored (the controllers can store their scenes again; the
 * bridge must not stay down for it), and replaced at the endpoint's next change.
 *
 * <p>Capacity (Matter 1.4 application clusters 1.4.7.1): {@value #TABLE_SIZE} scenes an endpoint (the spec's
 * minimum SceneTableSize), of which one fabric may hold at most half less one, {@value #PER_FABRIC}.
 *
 * <p>Owned by the node loop.
 */
final class SceneTable {

    /** One scene: what AddScene or StoreScene left, with the scene-able values by cluster and attribute id. */
    record Scene(int fabric, int group, int sceneId, String name, long transitionMs,
                 Map<Long, Map<Long, Long>> values) {
        Scene {
            Objects.requireNonNull(name, "name");
            // Sorted by id, so that ViewScene and the record list clusters and attributes in a stable order.
            Map<Long, Map<Long, Long>> copy = new TreeMap<>();
            values.forEach((cluster, attributes) -> copy.put(cluster,
                    Collections.unmodifiableMap(new TreeMap<>(attributes))));
            values = Collections.unmodifiableMap(copy);
        }

        boolean is(int fabricIndex, int groupId, int id) {
            return fabric == fabricIndex && group == groupId && sceneId == id;
        }
    }

    static final String PREFIX = "matter/scenes/";
    static final int FORMAT_VERSION = 1;
    static final int TABLE_SIZE = 16;
    static final int PER_FABRIC = (TABLE_SIZE - 1) / 2;

    private static final Logger LOG = LoggerFactory.getLogger(SceneTable.class);

    private final DurableStore store;
    private final Map<Integer, List<Scene>> byEndpoint = new HashMap<>();

    private SceneTable(DurableStore store) {
        this.store = store;
    }

    /** Loads every endpoint's scenes. */
    static SceneTable load(DurableStore store) {
        SceneTable table = new SceneTable(Objects.requireNonNull(store, "store"));
        for (String name : store.list(PREFIX)) {
            try {
                int endpoint = Integer.parseInt(name.substring(PREFIX.length()));
                store.read(name).ifPresent(record -> {
                    List<Scene> scenes = parse(record.textOfFormat(FORMAT_VERSION));
                    if (!scenes.isEmpty()) {
                        table.byEndpoint.put(endpoint, scenes);
                    }
                });
            } catch (RuntimeException e) {
                // Damaged or of another format: the scenes of one endpoint are lost, not the bridge.
                LOG.warn("[matter] scene record {} is unreadable, its scenes are ignored: {}", name, e.toString());
            }
        }
        return table;
    }

    /** The scenes of an endpoint, every fabric's, in the order they were added. */
    List<Scene> scenes(int endpoint) {
        return byEndpoint.getOrDefault(endpoint, List.of());
    }

    /** The endpoints that have scenes. */
    Set<Integer> endpoints() {
        return Set.copyOf(byEndpoint.keySet());
    }

    Optional<Scene> find(int endpoint, int fabric, int group, int sceneId) {
        return scenes(endpoint).stream().filter(s -> s.is(fabric, group, sceneId)).findFirst();
    }

    /** How many scenes a fabric has on an endpoint. */
    int count(int endpoint, int fabric) {
        return (int) scenes(endpoint).stream().filter(s -> s.fabric() == fabric).count();
    }

    /** How many more scenes a fabric may add on an endpoint: its own share, and what the endpoint has left. */
    int remainingCapacity(int endpoint, int fabric) {
        int own = PER_FABRIC - count(endpoint, fabric);
        int shared = TABLE_SIZE - scenes(endpoint).size();
        return Math.max(0, Math.min(own, shared));
    }

    /**
     * Adds a scene, or replaces the one with the same fabric, group and id in its place.
     *
     * @throws StoreException when it cannot be stored (the table is unchanged)
     */
    void put(int endpoint, Scene scene) {
        List<Scene> next = new ArrayList<>(scenes(endpoint));
        int at = indexOf(next, scene.fabric(), scene.group(), scene.sceneId());
        if (at >= 0) {
            next.set(at, scene);
        } else {
            next.add(scene);
        }
        replace(endpoint, next);
    }

    /** Removes one scene; false when there was none. */
    boolean remove(int endpoint, int fabric, int group, int sceneId) {
        return removeIf(endpoint, s -> s.is(fabric, group, sceneId)) > 0;
    }

    /** Removes a fabric's scenes of one group on an endpoint; how many there were. */
    int removeGroup(int endpoint, int fabric, int group) {
        return removeIf(endpoint, s -> s.fabric() == fabric && s.group() == group);
    }

    /** Removes a fabric's scenes on every endpoint (the fabric has left); the endpoints that had some. */
    List<Integer> removeFabric(int fabric) {
        List<Integer> changed = new ArrayList<>();
        for (int endpoint : List.copyOf(byEndpoint.keySet())) {
            if (removeIf(endpoint, s -> s.fabric() == fabric) > 0) {
                changed.add(endpoint);
            }
        }
        return changed;
    }

    /** Forgets an endpoint's scenes (its device is gone from Matter). */
    void removeEndpoint(int endpoint) {
        if (byEndpoint.containsKey(endpoint)) {
            replace(endpoint, List.of());
        }
    }

    /** Forgets the scenes of every endpoint not in {@code mounted} (devices removed while the bridge was down). */
    void retainEndpoints(Collection<Integer> mounted) {
        for (int endpoint : List.copyOf(byEndpoint.keySet())) {
            if (!mounted.contains(endpoint)) {
                removeEndpoint(endpoint);
            }
        }
    }

    private int removeIf(int endpoint, Predicate<Scene> which) {
        List<Scene> next = new ArrayList<>(scenes(endpoint));
        int before = next.size();
        next.removeIf(which);
        if (next.size() != before) {
            replace(endpoint, next);
        }
        return before - next.size();
    }

    private static int indexOf(List<Scene> scenes, int fabric, int group, int sceneId) {
        for (int i = 0; i < scenes.size(); i++) {
            if (scenes.get(i).is(fabric, group, sceneId)) {
                return i;
            }
        }
        return -1;
    }

    /** Writes first, then takes the new list: a failed write leaves memory as the disk is. */
    private void replace(int endpoint, List<Scene> next) {
        String name = PREFIX + endpoint;
        if (next.isEmpty()) {
            store.delete(name);
            byEndpoint.remove(endpoint);
        } else {
            store.write(name, FORMAT_VERSION, format(next).getBytes(StandardCharsets.UTF_8));
            byEndpoint.put(endpoint, List.copyOf(next));
        }
    }

    // ---- the record ----

    static String format(List<Scene> scenes) {
        List<Object> list = new ArrayList<>();
        for (Scene scene : scenes) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("fabric", (long) scene.fabric());
            json.put("group", (long) scene.group());
            json.put("scene", (long) scene.sceneId());
            json.put("name", scene.name());
            json.put("transitionMs", scene.transitionMs());
            Map<String, Object> values = new LinkedHashMap<>();
            scene.values().forEach((cluster, attributes) -> {
                Map<String, Object> byAttribute = new LinkedHashMap<>();
                new TreeMap<>(attributes).forEach((attribute, value) -> byAttribute.put(Long.toString(attribute),
                        value));
                values.put(Long.toString(cluster), byAttribute);
            });
            json.put("values", values);
            list.add(json);
        }
        return Json.write(Map.of("scenes", list));
    }

    static List<Scene> parse(String text) {
        Map<String, Object> json = Json.parseObject(text);
        List<Scene> scenes = new ArrayList<>();
        for (Object entry : Json.requireArray(json.get("scenes"), "scenes")) {
            Map<String, Object> scene = Json.requireObject(entry, "scene");
            Map<Long, Map<Long, Long>> values = new TreeMap<>();
            Json.requireObject(scene.get("values"), "values").forEach((cluster, attributes) -> {
                Map<Long, Long> byAttribute = new TreeMap<>();
                Json.requireObject(attributes, "attributes").forEach((attribute, value) ->
                        byAttribute.put(Long.parseLong(attribute), number(value, Long.MIN_VALUE, Long.MAX_VALUE)));
                values.put(Long.parseLong(cluster), byAttribute);
            });
            Object name = scene.get("name");
            if (!(name instanceof String text2)) {
                throw new IllegalArgumentException("scene name is not a string");
            }
            scenes.add(new Scene((int) number(scene.get("fabric"), 1, 254), (int) number(scene.get("group"), 0,
                    0xFFFF), (int) number(scene.get("scene"), 0, 254), text2,
                    number(scene.get("transitionMs"), 0, ScenesServer.MAX_TRANSITION_MS), values));
        }
        return scenes;
    }

    private static long number(Object value, long min, long max) {
        if (!(value instanceof Long number) || number < min || number > max) {
            throw new IllegalArgumentException("not a number in " + min + ".." + max + ": " + value);
        }
        return number;
    }
}
