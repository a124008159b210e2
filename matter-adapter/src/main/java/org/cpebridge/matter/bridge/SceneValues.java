package org.cpebridge.matter.bridge;

import static org.cpebridge.matter.bridge.BridgedClusters.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.IntFunction;
import org.cpebridge.matter.im.ImException;
import org.cpebridge.matter.im.ImStatus;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvTag;

/**
 * The scene-able attributes (quality S) of the clusters the bridge shows, and what Scenes Management does with them:
 * AddScene's ExtensionFieldSets checked and clamped, an endpoint's values read through its bound clusters (so from
 * the core's state store), a scene sent back to the device through the bound clusters' own commands, and the field
 * sets a ViewScene answers with. {@link ScenesServer} keeps the table and answers the commands.
 *
 * <p>Owned by the node loop, like the bound clusters it reads and invokes; it keeps no state of its own.
 */
final class SceneValues {

    /** AttributeValuePairStruct value fields (Matter 1.4): 1 ValueUnsigned8, 3 ValueUnsigned16. */
    private static final int VALUE_UNSIGNED8 = 1;
    private static final int VALUE_UNSIGNED16 = 3;

    /** One scene-able attribute: its value field in an AttributeValuePairStruct and its range. */
    private record Sceneable(long cluster, long attribute, int valueField, long min, long max, boolean nullable) {
    }

    private static final List<Sceneable> SCENEABLE = List.of(
            new Sceneable(ON_OFF, ON_OFF_ON_OFF, VALUE_UNSIGNED8, 0, 1, false),
            new Sceneable(LEVEL_CONTROL, LEVEL_CURRENT_LEVEL, VALUE_UNSIGNED8, 1, 254, true),
            new Sceneable(COLOR_CONTROL, COLOR_CURRENT_X, VALUE_UNSIGNED16, 0, 0xFEFF, false),
            new Sceneable(COLOR_CONTROL, COLOR_CURRENT_Y, VALUE_UNSIGNED16, 0, 0xFEFF, false),
            new Sceneable(COLOR_CONTROL, COLOR_TEMPERATURE_MIREDS, VALUE_UNSIGNED16, 0, 0xFEFF, false),
            new Sceneable(COLOR_CONTROL, COLOR_ENHANCED_COLOR_MODE, VALUE_UNSIGNED8, 0, 3, false));

    /** What FabricSceneInfo says of one fabric besides the counts. */
    private final IntFunction<List<BoundCluster>> endpoints;

    /** @param endpoints the bound clusters of a mounted endpoint, empty for one not mounted */
    SceneValues(IntFunction<List<BoundCluster>> endpoints) {
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
    }

    /** Whether a cluster has scene-able attributes this bridge keeps in scenes. */
    static boolean isSceneable(long clusterId) {
        return SCENEABLE.stream().anyMatch(s -> s.cluster() == clusterId);
    }

    /** A scene's values as ViewScene's ExtensionFieldSetStructs. */
    static List<TlvElement> encode(Map<Long, Map<Long, Long>> values) {
        List<TlvElement> fieldSets = new ArrayList<>();
        values.forEach((clusterId, attributes) -> {
            List<TlvElement> pairs = new ArrayList<>();
            attributes.forEach((attribute, value) -> sceneable(clusterId, attribute).ifPresent(s ->
                    pairs.add(Tlv.struct(Tlv.field(0, Tlv.uint(attribute)), Tlv.field(s.valueField(),
                            Tlv.uint(value))))));
            fieldSets.add(Tlv.struct(Tlv.field(0, Tlv.uint(clusterId)),
                    Tlv.field(1, new TlvElement.Array(TlvTag.anonymous(), pairs))));
        });
        return fieldSets;
    }


    private static Optional<Sceneable> sceneable(long cluster, long attribute) {
        return SCENEABLE.stream().filter(s -> s.cluster() == cluster && s.attribute() == attribute).findFirst();
    }

    /**
     * The values of AddScene's ExtensionFieldSetStructs, as matter.js and connectedhomeip read them: a set for a
     * cluster the endpoint does not have is skipped, a later set for the same cluster replaces an earlier one; an
     * attribute that is not scene-able on the endpoint, or a pair without exactly one value of the attribute's
     * type, makes the whole command INVALID_COMMAND (empty). A value outside the attribute's range is brought to
     * its nearest bound (a nullable attribute's out-of-range value means null: not part of the scene).
     */
    Optional<Map<Long, Map<Long, Long>>> decode(int endpoint, TlvElement.Array fieldSets) {
        Map<Long, BoundCluster> clusters = new HashMap<>();
        for (BoundCluster bound : endpoints.apply(endpoint)) {
            clusters.put(bound.spec().id(), bound);
        }
        Map<Long, Map<Long, Long>> values = new TreeMap<>();
        for (TlvElement element : fieldSets.members()) {
            if (!(element instanceof TlvElement.Structure set)
                    || !(set.member(0).orElse(null) instanceof TlvElement.UnsignedInt clusterId)
                    || !(set.member(1).orElse(null) instanceof TlvElement.Array pairs)) {
                return Optional.empty();
            }
            BoundCluster bound = clusters.get(clusterId.value());
            if (bound == null || SCENEABLE.stream().noneMatch(s -> s.cluster() == clusterId.value())) {
                continue;
            }
            Map<Long, Long> attributes = new TreeMap<>();
            for (TlvElement pairElement : pairs.members()) {
                if (!(pairElement instanceof TlvElement.Structure pair)
                        || !(pair.member(0).orElse(null) instanceof TlvElement.UnsignedInt attributeId)
                        || pair.members().size() != 2) {
                    return Optional.empty();
                }
                Optional<Sceneable> sceneable = sceneable(clusterId.value(), attributeId.value())
                        .filter(s -> bound.spec().attribute(s.attribute()).isPresent());
                if (sceneable.isEmpty()) {
                    return Optional.empty();
                }
                Sceneable s = sceneable.get();
                if (!(pair.member(s.valueField()).orElse(null) instanceof TlvElement.UnsignedInt value)) {
                    return Optional.empty();
                }
                long raw = value.value();
                boolean inRange = Long.compareUnsigned(raw, s.min()) >= 0 && Long.compareUnsigned(raw, s.max()) <= 0;
                if (inRange) {
                    attributes.put(s.attribute(), raw);
                } else if (s.attribute() == ON_OFF_ON_OFF && s.cluster() == ON_OFF) {
                    // matter.js: a boolean's value other than 0 and 1 is false.
                    attributes.put(s.attribute(), 0L);
                } else if (!s.nullable()) {
                    attributes.put(s.attribute(), Long.compareUnsigned(raw, s.min()) < 0 ? s.min() : s.max());
                }
            }
            values.put(clusterId.value(), attributes);
        }
        values.values().removeIf(Map::isEmpty);
        return Optional.of(values);
    }

    /** The scene-able values of an endpoint now, read through its bound clusters (so from the core). */
    Map<Long, Map<Long, Long>> capture(int endpoint) {
        Map<Long, Map<Long, Long>> values = new TreeMap<>();
        for (BoundCluster bound : endpoints.apply(endpoint)) {
            for (Sceneable s : SCENEABLE) {
                if (s.cluster() != bound.spec().id() || bound.spec().attribute(s.attribute()).isEmpty()) {
                    continue;
                }
                Optional<TlvElement> value = bound.get(s.attribute());
                Long number = null;
                if (value.isPresent() && value.get() instanceof TlvElement.Bool bool) {
                    number = bool.value() ? 1L : 0L;
                } else if (value.isPresent() && value.get() instanceof TlvElement.UnsignedInt unsigned) {
                    number = unsigned.value();
                }
                if (number != null) {
                    values.computeIfAbsent(s.cluster(), c -> new TreeMap<>()).put(s.attribute(), number);
                }
            }
        }
        return values;
    }

    /** Whether the device still holds a scene's values of one cluster. */
    static boolean holds(Map<Long, Long> scene, Map<Long, Long> now, long clusterId) {
        for (Map.Entry<Long, Long> entry : scene.entrySet()) {
            Long value = now.get(entry.getKey());
            if (value == null) {
                return false;
            }
            if (clusterId == COLOR_CONTROL && entry.getKey() == COLOR_ENHANCED_COLOR_MODE) {
                // Derived by the bridge from which colour the device reported last, not state of its own.
                continue;
            }
            // The core keeps level in whole percent: 1..254 comes back within one step.
            long tolerance = clusterId == LEVEL_CONTROL ? 1 : 0;
            if (Math.abs(value - entry.getValue()) > tolerance) {
                return false;
            }
        }
        return true;
    }

    /**
     * Sends a scene's values to the device through the bound clusters' commands: level and colour first, then
     * On/Off. The first failure stops it and is the answer.
     */
    ImStatus apply(int endpoint, Map<Long, Map<Long, Long>> values, long transitionMs) throws ImException {
        Map<Long, BoundCluster> clusters = new LinkedHashMap<>();
        for (BoundCluster bound : endpoints.apply(endpoint)) {
            clusters.put(bound.spec().id(), bound);
        }
        // Level Control and Color Control count transitions in tenths of a second (uint16).
        long tenths = Math.min(0xFFFE, (transitionMs + 50) / 100);
        Map<Long, Long> level = values.getOrDefault(LEVEL_CONTROL, Map.of());
        if (level.containsKey(LEVEL_CURRENT_LEVEL) && clusters.containsKey(LEVEL_CONTROL)) {
            ImStatus status = run(clusters.get(LEVEL_CONTROL), CMD_MOVE_TO_LEVEL,
                    fields(level.get(LEVEL_CURRENT_LEVEL), tenths, 0, 0));
            if (!status.isSuccess()) {
                return status;
            }
        }
        Map<Long, Long> color = values.getOrDefault(COLOR_CONTROL, Map.of());
        BoundCluster colorCluster = clusters.get(COLOR_CONTROL);
        if (colorCluster != null && !color.isEmpty()) {
            long mode = color.getOrDefault(COLOR_ENHANCED_COLOR_MODE, -1L);
            boolean xy = color.containsKey(COLOR_CURRENT_X) && color.containsKey(COLOR_CURRENT_Y)
                    && colorCluster.command(CMD_MOVE_TO_COLOR).isPresent() && mode != 2;
            boolean temperature = color.containsKey(COLOR_TEMPERATURE_MIREDS)
                    && colorCluster.command(CMD_MOVE_TO_COLOR_TEMPERATURE).isPresent() && mode != 1;
            if (xy) {
                ImStatus status = run(colorCluster, CMD_MOVE_TO_COLOR, fields(color.get(COLOR_CURRENT_X),
                        color.get(COLOR_CURRENT_Y), tenths, 0, 0));
                if (!status.isSuccess()) {
                    return status;
                }
            }
            if (temperature) {
                ImStatus status = run(colorCluster, CMD_MOVE_TO_COLOR_TEMPERATURE,
                        fields(color.get(COLOR_TEMPERATURE_MIREDS), tenths, 0, 0));
                if (!status.isSuccess()) {
                    return status;
                }
            }
        }
        Map<Long, Long> onOff = values.getOrDefault(ON_OFF, Map.of());
        if (onOff.containsKey(ON_OFF_ON_OFF) && clusters.containsKey(ON_OFF)) {
            return run(clusters.get(ON_OFF), onOff.get(ON_OFF_ON_OFF) == 1 ? CMD_ON : CMD_OFF, fields());
        }
        return ImStatus.SUCCESS;
    }

    private static ImStatus run(BoundCluster bound, long commandId, TlvElement.Structure fields) throws ImException {
        Optional<BoundCluster.Command> command = bound.command(commandId);
        return command.isPresent() ? command.get().invoke(fields) : ImStatus.UNSUPPORTED_COMMAND;
    }

    private static TlvElement.Structure fields(long... values) {
        List<TlvElement> members = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            members.add(Tlv.field(i, Tlv.uint(values[i])));
        }
        return new TlvElement.Structure(TlvTag.anonymous(), members);
    }
}
