package org.cpebridge.matter.onboarding;

import java.util.Objects;

/**
 * The fixed fields of a Matter onboarding payload (Matter core spec 5.1.3.1). The constructor checks field widths
 * only, so that a parser can return what a code holds; {@link #requireCommissionable()} applies the rules a device
 * must follow before it prints a code.
 *
 * @param version 3 bits, 0 in Matter 1.x
 * @param vendorId 16 bits
 * @param productId 16 bits
 * @param flow commissioning flow
 * @param discoveryCapabilities 8-bit mask: bit 0 SoftAP, bit 1 BLE, bit 2 on IP network, bit 3 Wi-Fi PAF, bit 4 NFC
 * @param discriminator 12 bits
 * @param passcode 27 bits
 */
public record SetupPayload(int version, int vendorId, int productId, CommissioningFlow flow,
        int discoveryCapabilities, int discriminator, long passcode) {

    /** Discovery capability bit: Soft-AP. */
    public static final int DISCOVERY_SOFT_AP = 1;
    /** Discovery capability bit: BLE. */
    public static final int DISCOVERY_BLE = 1 << 1;
    /** Discovery capability bit: already on the IP network (a bridge on Ethernet). */
    public static final int DISCOVERY_ON_NETWORK = 1 << 2;

    /** Checks each field against its bit width. */
    public SetupPayload {
        checkBits(version, 3, "version");
        checkBits(vendorId, 16, "vendorId");
        checkBits(productId, 16, "productId");
        Objects.requireNonNull(flow, "flow");
        checkBits(discoveryCapabilities, 8, "discoveryCapabilities");
        checkBits(discriminator, 12, "discriminator");
        if (passcode < 0 || passcode >= 1L << 27) {
            throw new IllegalArgumentException("passcode does not fit 27 bits");
        }
    }

    /**
     * Returns this payload if a device may advertise it: version 0, a valid passcode, at least one discovery
     * capability.
     *
     * @throws IllegalArgumentException otherwise
     */
    public SetupPayload requireCommissionable() {
        if (version != 0) {
            throw new IllegalArgumentException("only payload version 0 is defined");
        }
        Passcodes.requireValid(passcode);
        if (discoveryCapabilities == 0) {
            throw new IllegalArgumentException("no discovery capability set");
        }
        return this;
    }

    /** The upper 4 bits of the discriminator, the part a manual pairing code carries. */
    public int shortDiscriminator() {
        return discriminator >> 8;
    }

    @Override
    public String toString() {
        return "SetupPayload[vendorId=" + vendorId + ", productId=" + productId + ", flow=" + flow
                + ", discovery=" + discoveryCapabilities + ", discriminator=" + discriminator
                + ", passcode=<redacted>]";
    }

    private static void checkBits(int value, int bits, String name) {
        if (value < 0 || value >= 1 << bits) {
            throw new IllegalArgumentException(name + " does not fit " + bits + " bits: " + value);
        }
    }
}
