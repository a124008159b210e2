package org.cpebridge.matter.onboarding;

import java.io.ByteArrayOutputStream;

/**
 * Base-38 as used by the Matter QR payload (Matter core spec 5.1.3.2): alphabet {@code 0-9 A-Z - .}; every 3 bytes,
 * read as a little-endian integer, become 5 characters, least significant digit first; a final 2 bytes become 4
 * characters and a final single byte 2.
 */
public final class Base38 {

    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-.";
    private static final int RADIX = 38;

    private Base38() {
    }

    /** Encodes {@code data}. */
    public static String encode(byte[] data) {
        StringBuilder out = new StringBuilder((data.length + 2) / 3 * 5);
        for (int offset = 0; offset < data.length; offset += 3) {
            int chunk = Math.min(3, data.length - offset);
            int value = 0;
            for (int i = chunk - 1; i >= 0; i--) {
                value = (value << 8) | (data[offset + i] & 0xFF);
            }
            int digits = charsFor(chunk);
            for (int i = 0; i < digits; i++) {
                out.append(ALPHABET.charAt(value % RADIX));
                value /= RADIX;
            }
        }
        return out.toString();
    }

    /**
     * Decodes base-38 text.
     *
     * @throws OnboardingPayloadException on a character outside the alphabet, a length that is not a whole number
     *     of chunks, or a chunk whose value does not fit its byte count
     */
    public static byte[] decode(String text) throws OnboardingPayloadException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() / 5 * 3 + 2);
        for (int offset = 0; offset < text.length(); offset += 5) {
            int digits = Math.min(5, text.length() - offset);
            int bytes = switch (digits) {
                case 5 -> 3;
                case 4 -> 2;
                case 2 -> 1;
                default -> throw new OnboardingPayloadException("base-38 text has a trailing chunk of " + digits);
            };
            long value = 0;
            for (int i = digits - 1; i >= 0; i--) {
                int digit = ALPHABET.indexOf(text.charAt(offset + i));
                if (digit < 0) {
                    throw new OnboardingPayloadException("character outside the base-38 alphabet at " + (offset + i));
                }
                value = value * RADIX + digit;
            }
            if (value >= 1L << (8 * bytes)) {
                throw new OnboardingPayloadException("base-38 chunk at " + offset + " exceeds " + bytes + " bytes");
            }
            for (int i = 0; i < bytes; i++) {
                out.write((int) (value >> (8 * i)) & 0xFF);
            }
        }
        return out.toByteArray();
    }

    private static int charsFor(int bytes) {
        return switch (bytes) {
            case 3 -> 5;
            case 2 -> 4;
            default -> 2;
        };
    }
}
