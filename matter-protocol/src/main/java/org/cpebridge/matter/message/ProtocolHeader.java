package org.cpebridge.matter.message;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.cpebridge.bytes.Bytes;

/**
 * The protocol header at the start of the (possibly encrypted) message payload (Core spec 4.4.3): exchange flags,
 * opcode, exchange id, protocol vendor id and protocol id, acknowledged message counter and secured extensions.
 *
 * @param initiator I flag: sent by the exchange initiator
 * @param ackedCounter A flag with the acknowledged message counter, if present
 * @param reliable R flag: the sender wants an MRP acknowledgement
 * @param opcode protocol opcode 0..255
 * @param exchangeId exchange id 0..0xFFFF
 * @param vendorId V flag with the protocol vendor id; absent means the Matter standard vendor (0)
 * @param protocolId protocol id 0..0xFFFF within the vendor
 * @param securedExtensions SX flag with opaque secured extensions, if present; skipped by the receiver
 */
public record ProtocolHeader(boolean initiator, OptionalLong ackedCounter, boolean reliable, int opcode,
        int exchangeId, OptionalInt vendorId, int protocolId, Optional<Bytes> securedExtensions) {

    public ProtocolHeader {
        Objects.requireNonNull(ackedCounter, "ackedCounter");
        if (ackedCounter.isPresent() && (ackedCounter.getAsLong() < 0 || ackedCounter.getAsLong() > 0xFFFF_FFFFL)) {
            throw new IllegalArgumentException("acknowledged counter out of range: " + ackedCounter.getAsLong());
        }
        checkRange("opcode", opcode, 0xFF);
        checkRange("exchange id", exchangeId, 0xFFFF);
        Objects.requireNonNull(vendorId, "vendorId");
        if (vendorId.isPresent()) {
            checkRange("vendor id", vendorId.getAsInt(), 0xFFFF);
        }
        checkRange("protocol id", protocolId, 0xFFFF);
        Objects.requireNonNull(securedExtensions, "securedExtensions");
        if (securedExtensions.isPresent() && securedExtensions.get().length() > 0xFFFF) {
            throw new IllegalArgumentException("secured extensions longer than 65535 bytes");
        }
    }

    /** A header of the standard vendor with no ack and no extensions. */
    public static ProtocolHeader of(boolean initiator, boolean reliable, int protocolId, int opcode, int exchangeId) {
        return new ProtocolHeader(initiator, OptionalLong.empty(), reliable, opcode, exchangeId, OptionalInt.empty(),
                protocolId, Optional.empty());
    }

    /** The exchange flags octet as encoded. */
    public int exchangeFlags() {
        return (initiator ? 0x01 : 0) | (ackedCounter.isPresent() ? 0x02 : 0) | (reliable ? 0x04 : 0)
                | (securedExtensions.isPresent() ? 0x08 : 0) | (vendorId.isPresent() ? 0x10 : 0);
    }

    /** The same header with a piggy-backed acknowledgement of {@code counter}. */
    public ProtocolHeader withAck(long counter) {
        return new ProtocolHeader(initiator, OptionalLong.of(counter), reliable, opcode, exchangeId, vendorId,
                protocolId, securedExtensions);
    }

    /** The protocol's vendor id: the V field, or 0 (the Matter standard vendor). */
    public int effectiveVendorId() {
        return vendorId.orElse(0);
    }

    private static void checkRange(String what, int value, int max) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(what + " out of range 0.." + max + ": " + value);
        }
    }
}
