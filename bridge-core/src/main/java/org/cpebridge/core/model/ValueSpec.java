package org.cpebridge.core.model;

import java.util.List;
import java.util.Objects;

/**
 * The shape of a value: its type, unit and allowed range or choices. {@link #check} turns a value that does not fit
 * into an {@link ErrorKind#INVALID_VALUE} error, so faces answer bad input with their protocol's status.
 *
 * @param unit    a UCUM-like unit ("Cel", "%", "W", "kWh", "mired", "V", "A", "hPa", "lx", "dBm"), or "" for none
 * @param min     lowest allowed number, or null for no bound
 * @param max     highest allowed number, or null for no bound
 * @param choices for {@link ValueType#ENUM}, the allowed values; empty otherwise
 */
public record ValueSpec(ValueType type, String unit, Double min, Double max, List<String> choices) {

    public ValueSpec {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(unit, "unit");
        choices = List.copyOf(choices);
        if (type == ValueType.ENUM && choices.isEmpty()) {
            throw new IllegalArgumentException("an ENUM spec needs choices");
        }
        if (type != ValueType.ENUM && !choices.isEmpty()) {
            throw new IllegalArgumentException("only ENUM specs have choices");
        }
        if (min != null && max != null && min > max) {
            throw new IllegalArgumentException("min " + min + " > max " + max);
        }
        if ((min != null || max != null) && type != ValueType.INTEGER && type != ValueType.DECIMAL) {
            throw new IllegalArgumentException("only numbers have a range");
        }
    }

    public static ValueSpec bool() {
        return new ValueSpec(ValueType.BOOLEAN, "", null, null, List.of());
    }

    public static ValueSpec text() {
        return new ValueSpec(ValueType.TEXT, "", null, null, List.of());
    }

    public static ValueSpec integer(String unit, double min, double max) {
        return new ValueSpec(ValueType.INTEGER, unit, min, max, List.of());
    }

    public static ValueSpec decimal(String unit, Double min, Double max) {
        return new ValueSpec(ValueType.DECIMAL, unit, min, max, List.of());
    }

    public static ValueSpec oneOf(String... choices) {
        return new ValueSpec(ValueType.ENUM, "", null, null, List.of(choices));
    }

    /** The same spec with another range, for a device whose range is narrower than the capability's. */
    public ValueSpec withRange(Double newMin, Double newMax) {
        return new ValueSpec(type, unit, newMin, newMax, choices);
    }

    /**
     * Checks a value against this spec and returns it in canonical form (an integer given for a decimal becomes a
     * decimal; a whole decimal given for an integer becomes an integer).
     *
     * @throws DeviceException {@link ErrorKind#INVALID_VALUE} naming {@code what} when the value does not fit
     */
    public Value check(String what, Value value) {
        Objects.requireNonNull(value, "value");
        Value canonical = switch (type) {
            case BOOLEAN -> value instanceof Value.Bool ? value : null;
            case INTEGER -> {
                if (value instanceof Value.Int) {
                    yield value;
                }
                if (value instanceof Value.Decimal d && d.value() == Math.rint(d.value())) {
                    yield Value.of((long) d.value());
                }
                yield null;
            }
            case DECIMAL -> value instanceof Value.Decimal ? value
                    : value instanceof Value.Int i ? Value.of((double) i.value()) : null;
            case TEXT -> value instanceof Value.Text ? value : null;
            case ENUM -> value instanceof Value.Text t && choices.contains(t.value()) ? value : null;
        };
        if (canonical == null) {
            throw new DeviceException(ErrorKind.INVALID_VALUE,
                    what + ": expected " + describe() + ", got " + value.type() + " " + value);
        }
        if (canonical instanceof Value.Int || canonical instanceof Value.Decimal) {
            double number = canonical.asDouble();
            if ((min != null && number < min) || (max != null && number > max)) {
                throw new DeviceException(ErrorKind.INVALID_VALUE,
                        what + ": " + canonical + " is outside " + describe());
            }
        }
        return canonical;
    }

    private String describe() {
        return switch (type) {
            case ENUM -> "one of " + choices;
            case INTEGER, DECIMAL -> type.name().toLowerCase() + (min == null && max == null ? ""
                    : " in [" + (min == null ? "" : trim(min)) + ", " + (max == null ? "" : trim(max)) + "]")
                    + (unit.isEmpty() ? "" : " " + unit);
            default -> type.name().toLowerCase();
        };
    }

    private static String trim(double bound) {
        return bound == Math.rint(bound) ? Long.toString((long) bound) : Double.toString(bound);
    }
}
