package org.cpebridge.core.model;

import java.util.Objects;

/** An attribute or parameter value. Immutable; compares by value. */
public sealed interface Value {

    ValueType type();

    record Bool(boolean value) implements Value {
        public static final Bool TRUE = new Bool(true);
        public static final Bool FALSE = new Bool(false);

        @Override
        public ValueType type() {
            return ValueType.BOOLEAN;
        }

        @Override
        public String toString() {
            return Boolean.toString(value);
        }
    }

    record Int(long value) implements Value {
        @Override
        public ValueType type() {
            return ValueType.INTEGER;
        }

        @Override
        public String toString() {
            return Long.toString(value);
        }
    }

    record Decimal(double value) implements Value {
        public Decimal {
            if (Double.isNaN(value) || Double.isInfinite(value)) {
                throw new IllegalArgumentException("decimal value must be finite: " + value);
            }
        }

        @Override
        public ValueType type() {
            return ValueType.DECIMAL;
        }

        @Override
        public String toString() {
            return Double.toString(value);
        }
    }

    /** Free text or, for {@link ValueType#ENUM} attributes, one of the listed choices. */
    record Text(String value) implements Value {
        public Text {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public ValueType type() {
            return ValueType.TEXT;
        }

        @Override
        public String toString() {
            return value;
        }
    }

    static Value of(boolean value) {
        return value ? Bool.TRUE : Bool.FALSE;
    }

    static Value of(long value) {
        return new Int(value);
    }

    static Value of(double value) {
        return new Decimal(value);
    }

    static Value of(String value) {
        return new Text(value);
    }

    /** Boolean content; throws if this is not a {@link Bool}. */
    default boolean asBoolean() {
        if (this instanceof Bool b) {
            return b.value();
        }
        throw new IllegalStateException("not a boolean: " + this);
    }

    /** Numeric content as a double, for integers and decimals. */
    default double asDouble() {
        if (this instanceof Int i) {
            return i.value();
        }
        if (this instanceof Decimal d) {
            return d.value();
        }
        throw new IllegalStateException("not a number: " + this);
    }

    /** Integer content; decimals are rounded half-up. */
    default long asLong() {
        if (this instanceof Int i) {
            return i.value();
        }
        if (this instanceof Decimal d) {
            return Math.round(d.value());
        }
        throw new IllegalStateException("not a number: " + this);
    }

    default String asText() {
        if (this instanceof Text t) {
            return t.value();
        }
        throw new IllegalStateException("not text: " + this);
    }
}
