package org.cpebridge.zigbee.z2m;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of a Zigbee2MQTT definition's {@code exposes} (or a feature of a composite one): what the device
 * publishes in its state and accepts on {@code /set} and {@code /get}.
 *
 * @param type     {@code binary}, {@code numeric}, {@code enum}, {@code text}, {@code composite}, {@code list}, or a
 *                 specific type ({@code light}, {@code switch}, {@code climate}, {@code cover}, {@code lock},
 *                 {@code fan})
 * @param property the key in the state JSON ("" for specific types, whose features carry the keys)
 * @param access   bit 0 published in state, bit 1 settable with {@code /set}, bit 2 readable with {@code /get}
 * @param endpoint the endpoint name of a multi-endpoint device, or ""
 * @param valueOn  for binaries, the JSON value that means "on" (a String, Boolean or Number), else null
 * @param values   for enums, the allowed JSON values
 */
public record Expose(String type, String name, String property, int access, String unit, Double min, Double max,
                     Double step, Object valueOn, Object valueOff, Object valueToggle, List<Object> values,
                     String endpoint, String category, List<Expose> features) {

    public static final int ACCESS_STATE = 1;
    public static final int ACCESS_SET = 2;
    public static final int ACCESS_GET = 4;

    public Expose {
        Objects.requireNonNull(type, "type");
        name = Objects.requireNonNullElse(name, "");
        property = Objects.requireNonNullElse(property, "");
        unit = Objects.requireNonNullElse(unit, "");
        endpoint = Objects.requireNonNullElse(endpoint, "");
        category = Objects.requireNonNullElse(category, "");
        values = values == null ? List.of() : List.copyOf(values);
        features = features == null ? List.of() : List.copyOf(features);
        if (access < 0 || access > 7) {
            throw new IllegalArgumentException("access must be 0..7: " + access);
        }
    }

    public boolean isPublished() {
        return (access & ACCESS_STATE) != 0;
    }

    public boolean isSettable() {
        return (access & ACCESS_SET) != 0;
    }

    public boolean isGettable() {
        return (access & ACCESS_GET) != 0;
    }

    /** A feature of this composite or specific expose, by name. */
    public java.util.Optional<Expose> feature(String featureName) {
        return features.stream().filter(f -> f.name.equals(featureName)).findFirst();
    }

    /** A short description for the "not mapped" log line. */
    public String describe() {
        String label = property.isEmpty() ? type : property;
        return endpoint.isEmpty() || label.endsWith("_" + endpoint) ? label : label + "@" + endpoint;
    }

    static Expose fromJson(Object json, String what) {
        Map<String, Object> object = Fields.object(json, what);
        Object typeValue = object.get("type");
        if (!(typeValue instanceof String type)) {
            throw new Z2mFormatException(what + ": expose without a type");
        }
        Object accessValue = object.get("access");
        int access = accessValue instanceof Number n ? n.intValue() : 0;
        if (access < 0 || access > 7) {
            throw new Z2mFormatException(what + ": access " + access + " is not 0..7");
        }
        List<Object> values = object.get("values") instanceof List<?> list ? new ArrayList<>(list) : List.of();
        List<Expose> features = new ArrayList<>();
        if (object.get("features") instanceof List<?> list) {
            for (Object feature : list) {
                features.add(fromJson(feature, what + "." + Fields.optString(object, "name")));
            }
        }
        return new Expose(type, Fields.optString(object, "name"), Fields.optString(object, "property"), access,
                Fields.optString(object, "unit"), Fields.optNumber(object, "value_min"),
                Fields.optNumber(object, "value_max"), Fields.optNumber(object, "value_step"),
                object.get("value_on"), object.get("value_off"), object.get("value_toggle"), values,
                Fields.optString(object, "endpoint"), Fields.optString(object, "category"), features);
    }
}
