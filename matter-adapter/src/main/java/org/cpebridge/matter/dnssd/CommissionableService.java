package org.cpebridge.matter.dnssd;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a commissionable node advertises as {@code _matterc._udp} (Matter Core, "Commissionable Node Discovery").
 *
 * @param instanceName       the DNS-SD instance name: 16 upper-case hex digits of a random 64-bit value, chosen anew
 *                           at each boot and kept while the node is commissionable
 * @param port               the UDP port of the Matter transport
 * @param longDiscriminator  the 12-bit discriminator of the onboarding payload (D key, {@code _L} subtype)
 * @param vendorId           16-bit vendor id (VP key, {@code _V} subtype)
 * @param productId          16-bit product id (VP key)
 * @param mode               the CM key and whether {@code _CM} is advertised
 * @param deviceType         the DT key and {@code _T} subtype, if advertised
 * @param deviceName         the DN key (at most 32 bytes of UTF-8), if advertised
 * @param pairingHint        the PH bitmap; 0 omits the key
 * @param pairingInstruction the PI key (at most 128 bytes of UTF-8), if advertised
 * @param mrp                the SII/SAI/SAT keys
 */
public record CommissionableService(String instanceName, int port, int longDiscriminator, int vendorId,
                                    int productId, CommissioningMode mode, OptionalLong deviceType,
                                    Optional<String> deviceName, int pairingHint,
                                    Optional<String> pairingInstruction, MrpParameters mrp) {

    /** Matter Core: DN is at most 32 bytes. */
    public static final int MAX_DEVICE_NAME_BYTES = 32;
    /** Matter Core: PI is at most 128 bytes. */
    public static final int MAX_PAIRING_INSTRUCTION_BYTES = 128;
    /** Power cycle (bit 0) and "see the device manual" (bit 5): the hint matter.js sends by default, PH=33. */
    public static final int DEFAULT_PAIRING_HINT = 0x21;

    public CommissionableService {
        DnsSdNames.checkInstanceName(instanceName);
        DnsSdNames.checkPort(port);
        if (longDiscriminator < 0 || longDiscriminator > 0xFFF) {
            throw new IllegalArgumentException("discriminator is 12 bits: " + longDiscriminator);
        }
        if (vendorId < 0 || vendorId > 0xFFFF) {
            throw new IllegalArgumentException("vendor id is 16 bits: " + vendorId);
        }
        if (productId < 0 || productId > 0xFFFF) {
            throw new IllegalArgumentException("product id is 16 bits: " + productId);
        }
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(deviceType, "deviceType");
        if (deviceType.isPresent() && (deviceType.getAsLong() < 0 || deviceType.getAsLong() > 0xFFFF_FFFFL)) {
            throw new IllegalArgumentException("device type is 32 bits: " + deviceType.getAsLong());
        }
        Objects.requireNonNull(deviceName, "deviceName");
        deviceName.ifPresent(name -> checkText("DN", name, MAX_DEVICE_NAME_BYTES));
        if (pairingHint < 0 || pairingHint > 0x3FFFF) {
            throw new IllegalArgumentException("pairing hint is an 18-bit bitmap: " + pairingHint);
        }
        Objects.requireNonNull(pairingInstruction, "pairingInstruction");
        pairingInstruction.ifPresent(text -> checkText("PI", text, MAX_PAIRING_INSTRUCTION_BYTES));
        Objects.requireNonNull(mrp, "mrp");
    }

    /**
     * A service with the fields a bridge normally sets; device type, name and pairing instruction absent, the
     * default pairing hint and MRP timing.
     */
    public static CommissionableService of(String instanceName, int port, int longDiscriminator, int vendorId,
                                           int productId, CommissioningMode mode) {
        return new CommissionableService(instanceName, port, longDiscriminator, vendorId, productId, mode,
                OptionalLong.empty(), Optional.empty(), DEFAULT_PAIRING_HINT, Optional.empty(),
                MrpParameters.DEFAULTS);
    }

    /** The 4-bit short discriminator of the manual pairing code: the upper 4 bits of the long one. */
    public int shortDiscriminator() {
        return (longDiscriminator >> 8) & 0xF;
    }

    /** The same service in another commissioning mode, e.g. when the window closes. */
    public CommissionableService withMode(CommissioningMode newMode) {
        return new CommissionableService(instanceName, port, longDiscriminator, vendorId, productId, newMode,
                deviceType, deviceName, pairingHint, pairingInstruction, mrp);
    }

    /** The same service with a device name (DN). */
    public CommissionableService withDeviceName(String name) {
        return new CommissionableService(instanceName, port, longDiscriminator, vendorId, productId, mode,
                deviceType, Optional.of(name), pairingHint, pairingInstruction, mrp);
    }

    /** The same service with a device type (DT, {@code _T}). */
    public CommissionableService withDeviceType(long type) {
        return new CommissionableService(instanceName, port, longDiscriminator, vendorId, productId, mode,
                OptionalLong.of(type), deviceName, pairingHint, pairingInstruction, mrp);
    }

    /** The same service with other MRP timing. */
    public CommissionableService withMrp(MrpParameters parameters) {
        return new CommissionableService(instanceName, port, longDiscriminator, vendorId, productId, mode,
                deviceType, deviceName, pairingHint, pairingInstruction, parameters);
    }

    private static void checkText(String key, String value, int maxBytes) {
        int length = value.getBytes(StandardCharsets.UTF_8).length;
        if (length > maxBytes) {
            throw new IllegalArgumentException(key + " is at most " + maxBytes + " bytes of UTF-8, got " + length);
        }
    }
}
