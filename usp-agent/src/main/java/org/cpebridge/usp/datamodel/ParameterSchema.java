package org.cpebridge.usp.datamodel;

import java.util.List;
import java.util.Objects;

/**
 * A parameter in the Supported Data Model.
 *
 * @param reference   the value holds Path Names that Reference Following ({@code +}) may follow
 * @param list        the value is a comma-separated list (enables {@code ~=} and {@code #n+})
 * @param enumeration allowed values of a string parameter; empty for any value
 * @param defaultValue value a new instance gets when an Add does not set it
 * @param valueChangeAllowed whether ValueChange notifications can be subscribed for it
 */
public record ParameterSchema(String name, ParamType type, ParamAccess access, boolean reference, boolean list,
        List<String> enumeration, String defaultValue, boolean valueChangeAllowed) {

    public ParameterSchema {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(access, "access");
        enumeration = List.copyOf(enumeration);
        Objects.requireNonNull(defaultValue, "defaultValue");
        if (name.isEmpty() || !Character.isLetter(name.charAt(0)) && name.charAt(0) != '_') {
            throw new IllegalArgumentException("bad parameter name " + name);
        }
    }

    /** A read-only parameter. */
    public static ParameterSchema readOnly(String name, ParamType type) {
        return new ParameterSchema(name, type, ParamAccess.READ_ONLY, false, false, List.of(), defaultFor(type), true);
    }

    /** A read-write parameter. */
    public static ParameterSchema readWrite(String name, ParamType type) {
        return new ParameterSchema(name, type, ParamAccess.READ_WRITE, false, false, List.of(), defaultFor(type), true);
    }

    /** A copy that holds a reference (or a list of references). */
    public ParameterSchema asReference(boolean isList) {
        return new ParameterSchema(name, type, access, true, isList, enumeration, defaultValue, valueChangeAllowed);
    }

    /** A copy restricted to the given values. */
    public ParameterSchema withEnumeration(String... values) {
        return new ParameterSchema(name, type, access, reference, list, List.of(values), defaultValue,
                valueChangeAllowed);
    }

    /** A copy with another default value. */
    public ParameterSchema withDefault(String value) {
        return new ParameterSchema(name, type, access, reference, list, enumeration, value, valueChangeAllowed);
    }

    /** True if {@code value} has the right type and, if enumerated, is one of the allowed values. */
    public boolean accepts(String value) {
        if (!type.isValid(value)) {
            return false;
        }
        if (enumeration.isEmpty()) {
            return true;
        }
        if (!list) {
            return enumeration.contains(value);
        }
        for (String item : value.split(",", -1)) {
            if (!item.isBlank() && !enumeration.contains(item.strip())) {
                return false;
            }
        }
        return true;
    }

    private static String defaultFor(ParamType type) {
        switch (type) {
            case BOOLEAN:
                return "false";
            case INT:
            case LONG:
            case UNSIGNED_INT:
            case UNSIGNED_LONG:
            case DECIMAL:
                return "0";
            case DATE_TIME:
                return "0001-01-01T00:00:00Z";
            default:
                return "";
        }
    }
}
