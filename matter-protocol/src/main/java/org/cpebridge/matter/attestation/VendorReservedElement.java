package org.cpebridge.matter.attestation;

import java.util.Comparator;
import java.util.Objects;

import org.cpebridge.bytes.Bytes;

/**
 * A vendor-reserved member of the attestation elements (Matter core spec 11.18.4.7): an octet string under a
 * fully-qualified profile tag. Elements are written sorted by vendor id, profile number and tag number, as
 * connectedhomeip's {@code DeviceAttestationVendorReservedConstructor} orders them.
 */
public record VendorReservedElement(int vendorId, int profileNumber, int tagNumber, Bytes data) {

    /** The order in which vendor-reserved elements are encoded. */
    public static final Comparator<VendorReservedElement> ENCODING_ORDER = Comparator
            .comparingInt(VendorReservedElement::vendorId)
            .thenComparingInt(VendorReservedElement::profileNumber)
            .thenComparingInt(VendorReservedElement::tagNumber);

    public VendorReservedElement {
        if (vendorId < 0 || vendorId > 0xFFFF) {
            throw new IllegalArgumentException("vendor id out of range 0..0xFFFF: " + vendorId);
        }
        if (profileNumber < 0 || profileNumber > 0xFFFF) {
            throw new IllegalArgumentException("profile number out of range 0..0xFFFF: " + profileNumber);
        }
        if (tagNumber < 0 || tagNumber > 0xFFFF) {
            throw new IllegalArgumentException("tag number out of range 0..0xFFFF: " + tagNumber);
        }
        Objects.requireNonNull(data, "data");
    }
}
