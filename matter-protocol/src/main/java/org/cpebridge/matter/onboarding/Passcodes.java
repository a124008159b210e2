package org.cpebridge.matter.onboarding;

import java.util.Set;

/**
 * Setup passcode rules (Matter core spec 5.1.7 "Setup Passcode"): 1..99999998, and none of the trivial values
 * 00000000, 11111111, ..., 99999999, 12345678, 87654321.
 */
public final class Passcodes {

    /** Largest valid passcode. */
    public static final long MAX = 99_999_998L;

    private static final Set<Long> TRIVIAL = Set.of(0L, 11_111_111L, 22_222_222L, 33_333_333L, 44_444_444L,
            55_555_555L, 66_666_666L, 77_777_777L, 88_888_888L, 99_999_999L, 12_345_678L, 87_654_321L);

    private Passcodes() {
    }

    /** True if a device may use {@code passcode}. */
    public static boolean isValid(long passcode) {
        return passcode >= 1 && passcode <= MAX && !TRIVIAL.contains(passcode);
    }

    /**
     * Returns {@code passcode} if valid.
     *
     * @throws IllegalArgumentException otherwise (the message does not repeat the value)
     */
    public static long requireValid(long passcode) {
        if (!isValid(passcode)) {
            throw new IllegalArgumentException("setup passcode is out of range or trivial");
        }
        return passcode;
    }
}
