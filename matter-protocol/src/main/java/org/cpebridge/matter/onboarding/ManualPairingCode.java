package org.cpebridge.matter.onboarding;

import java.util.OptionalInt;

/**
 * The manual pairing code (Matter core spec 5.1.4): 11 digits, or 21 when the commissioning flow is not standard
 * (then vendor and product id follow). Digit 1 = vid/pid-present flag (bit 2) | short discriminator bits 3..2;
 * digits 2-6 = short discriminator bits 1..0 (as bits 15..14) | passcode bits 13..0; digits 7-10 = passcode bits
 * 26..14; [digits 11-15 vendor id, 16-20 product id]; last digit = Verhoeff check.
 */
public final class ManualPairingCode {

    /** What a manual code carries: only 4 bits of the discriminator. */
    public record Contents(int shortDiscriminator, long passcode, OptionalInt vendorId, OptionalInt productId) {

        @Override
        public String toString() {
            return "ManualPairingCode.Contents[shortDiscriminator=" + shortDiscriminator + ", passcode=<redacted>]";
        }
    }

    private ManualPairingCode() {
    }

    /**
     * Encodes a payload a device may advertise.
     *
     * @throws IllegalArgumentException if {@link SetupPayload#requireCommissionable()} fails
     */
    public static String encode(SetupPayload payload) {
        return encodeUnchecked(payload.requireCommissionable());
    }

    static String encodeUnchecked(SetupPayload payload) {
        boolean withIds = payload.flow() != CommissioningFlow.STANDARD;
        int shortDiscriminator = payload.shortDiscriminator();
        long passcode = payload.passcode();
        StringBuilder digits = new StringBuilder(21);
        digits.append((withIds ? 1 << 2 : 0) | (shortDiscriminator >> 2));
        digits.append(String.format("%05d", ((shortDiscriminator & 0x3) << 14) | (passcode & 0x3FFF)));
        digits.append(String.format("%04d", passcode >> 14));
        if (withIds) {
            digits.append(String.format("%05d%05d", payload.vendorId(), payload.productId()));
        }
        return digits.append(Verhoeff.checkDigit(digits.toString())).toString();
    }

    /**
     * Decodes a manual pairing code; dashes and spaces, as printed on labels, are ignored.
     *
     * @throws OnboardingPayloadException on a wrong length or character, a failed check digit, a length that
     *     contradicts the vid/pid flag, a chunk out of range or a zero passcode
     */
    public static Contents decode(String code) throws OnboardingPayloadException {
        if (code == null) {
            throw new OnboardingPayloadException("manual pairing code is null");
        }
        String digits = code.replace("-", "").replace(" ", "");
        if (digits.length() != 11 && digits.length() != 21) {
            throw new OnboardingPayloadException("manual pairing code must have 11 or 21 digits");
        }
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                throw new OnboardingPayloadException("manual pairing code has a non-digit at " + i);
            }
        }
        if (!Verhoeff.isValid(digits)) {
            throw new OnboardingPayloadException("manual pairing code check digit does not match");
        }
        int first = digits.charAt(0) - '0';
        boolean withIds = (first & 0x4) != 0;
        if (first > 7 || withIds != (digits.length() == 21)) {
            throw new OnboardingPayloadException("manual pairing code length contradicts its first digit");
        }
        int chunk2 = Integer.parseInt(digits.substring(1, 6));
        int chunk3 = Integer.parseInt(digits.substring(6, 10));
        if (chunk2 >= 1 << 16 || chunk3 >= 1 << 13) {
            throw new OnboardingPayloadException("manual pairing code chunk out of range");
        }
        long passcode = ((long) chunk3 << 14) | (chunk2 & 0x3FFF);
        if (passcode == 0) {
            throw new OnboardingPayloadException("manual pairing code holds passcode 0");
        }
        int shortDiscriminator = ((first & 0x3) << 2) | (chunk2 >> 14);
        if (!withIds) {
            return new Contents(shortDiscriminator, passcode, OptionalInt.empty(), OptionalInt.empty());
        }
        int vendorId = Integer.parseInt(digits.substring(10, 15));
        int productId = Integer.parseInt(digits.substring(15, 20));
        if (vendorId > 0xFFFF || productId > 0xFFFF) {
            throw new OnboardingPayloadException("manual pairing code vendor or product id out of range");
        }
        return new Contents(shortDiscriminator, passcode, OptionalInt.of(vendorId), OptionalInt.of(productId));
    }
}
