package org.cpebridge.matter.onboarding;

/** The Verhoeff decimal check digit (dihedral group D5), used by the manual pairing code (core spec 5.1.4.1). */
public final class Verhoeff {

    private static final int[][] MULTIPLY = {
        {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 2, 3, 4, 0, 6, 7, 8, 9, 5}, {2, 3, 4, 0, 1, 7, 8, 9, 5, 6},
        {3, 4, 0, 1, 2, 8, 9, 5, 6, 7}, {4, 0, 1, 2, 3, 9, 5, 6, 7, 8}, {5, 9, 8, 7, 6, 0, 4, 3, 2, 1},
        {6, 5, 9, 8, 7, 1, 0, 4, 3, 2}, {7, 6, 5, 9, 8, 2, 1, 0, 4, 3}, {8, 7, 6, 5, 9, 3, 2, 1, 0, 4},
        {9, 8, 7, 6, 5, 4, 3, 2, 1, 0}};
    private static final int[][] PERMUTE = {
        {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 5, 7, 6, 2, 8, 3, 0, 9, 4}, {5, 8, 0, 3, 7, 9, 6, 1, 4, 2},
        {8, 9, 1, 6, 0, 4, 3, 5, 2, 7}, {9, 4, 5, 3, 1, 2, 6, 8, 7, 0}, {4, 2, 8, 6, 5, 7, 3, 9, 0, 1},
        {2, 7, 9, 3, 8, 0, 6, 4, 1, 5}, {7, 0, 4, 6, 9, 1, 3, 2, 5, 8}};
    private static final int[] INVERSE = {0, 4, 3, 2, 1, 5, 6, 7, 8, 9};

    private Verhoeff() {
    }

    /**
     * The check digit to append to {@code digits}.
     *
     * @throws IllegalArgumentException if {@code digits} holds a non-digit
     */
    public static char checkDigit(String digits) {
        int c = 0;
        for (int i = 0; i < digits.length(); i++) {
            c = MULTIPLY[c][PERMUTE[(i + 1) % 8][digit(digits, digits.length() - 1 - i)]];
        }
        return (char) ('0' + INVERSE[c]);
    }

    /** True if the last digit of {@code digitsWithCheck} is the right check digit for the rest. */
    public static boolean isValid(String digitsWithCheck) {
        int c = 0;
        for (int i = 0; i < digitsWithCheck.length(); i++) {
            c = MULTIPLY[c][PERMUTE[i % 8][digit(digitsWithCheck, digitsWithCheck.length() - 1 - i)]];
        }
        return c == 0;
    }

    private static int digit(String text, int index) {
        char ch = text.charAt(index);
        if (ch < '0' || ch > '9') {
            throw new IllegalArgumentException("not a decimal digit at " + index);
        }
        return ch - '0';
    }
}
