package org.cpebridge.matter.im;

import java.util.OptionalInt;
import java.util.OptionalLong;

/** Range checks for compact constructors. */
final class Ranges {

    private Ranges() {
    }

    static void check(String name, long value, long max) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(name + " out of range 0.." + max + ": " + value);
        }
    }

    static void check(String name, OptionalLong value, long max) {
        if (value.isPresent()) {
            check(name, value.getAsLong(), max);
        }
    }

    static void check(String name, OptionalInt value, long max) {
        if (value.isPresent()) {
            check(name, value.getAsInt(), max);
        }
    }
}
