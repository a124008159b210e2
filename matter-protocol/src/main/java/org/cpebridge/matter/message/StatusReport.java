package org.cpebridge.matter.message;

import java.util.Objects;
import java.util.OptionalInt;
import org.cpebridge.bytes.Bytes;

/**
 * A StatusReport message (Core spec Appendix D; Secure Channel opcode 0x40): general code (2 octets LE), protocol id
 * (4 octets LE, vendor id in the upper half), protocol code (2 octets LE) and optional protocol data to the end.
 *
 * @param generalCode the general status
 * @param protocolVendorId vendor of the protocol the code belongs to (0 for Matter standard protocols)
 * @param protocolId the protocol the code belongs to
 * @param protocolCode protocol-specific code, kept as a raw 16-bit value
 * @param protocolData protocol-specific data (e.g. the Busy wait time), possibly empty
 */
public record StatusReport(GeneralCode generalCode, int protocolVendorId, int protocolId, int protocolCode,
        Bytes protocolData) {

    /** Octets before the protocol data. */
    public static final int FIXED_LENGTH = 8;

    public StatusReport {
        Objects.requireNonNull(generalCode, "generalCode");
        checkU16("protocol vendor id", protocolVendorId);
        checkU16("protocol id", protocolId);
        checkU16("protocol code", protocolCode);
        Objects.requireNonNull(protocolData, "protocolData");
    }

    /** A Secure Channel status report without data. */
    public static StatusReport secureChannel(GeneralCode generalCode, SecureChannelStatus status) {
        return new StatusReport(generalCode, 0, ProtocolId.SECURE_CHANNEL, status.code(), Bytes.EMPTY);
    }

    /**
     * The Busy report a responder sends when it cannot take a new session now (Core spec 4.11.1.5): general code BUSY,
     * protocol code BUSY, data = minimum wait time in milliseconds (2 octets LE).
     */
    public static StatusReport busy(int minimumWaitMillis) {
        checkU16("minimum wait time", minimumWaitMillis);
        return new StatusReport(GeneralCode.BUSY, 0, ProtocolId.SECURE_CHANNEL, SecureChannelStatus.BUSY.code(),
                Bytes.of(new WireWriter().u16(minimumWaitMillis).toByteArray()));
    }

    /** The protocol code read as a Secure Channel status, if the protocol is Secure Channel. */
    public java.util.Optional<SecureChannelStatus> secureChannelStatus() {
        return isSecureChannel() ? java.util.Optional.of(new SecureChannelStatus(protocolCode))
                : java.util.Optional.empty();
    }

    /** The Busy wait time, if this is a Secure Channel Busy report carrying one. */
    public OptionalInt busyWaitMillis() {
        if (!isSecureChannel() || protocolCode != SecureChannelStatus.BUSY.code() || protocolData.length() < 2) {
            return OptionalInt.empty();
        }
        return OptionalInt.of((protocolData.get(0) & 0xFF) | (protocolData.get(1) & 0xFF) << 8);
    }

    /** Encodes the report as a message payload. */
    public byte[] encode() {
        return new WireWriter().u16(generalCode.code()).u16(protocolId).u16(protocolVendorId).u16(protocolCode)
                .bytes(protocolData).toByteArray();
    }

    /**
     * Decodes a report from a message payload.
     *
     * @throws MessageException if fewer than 8 octets are given
     */
    public static StatusReport decode(byte[] payload) throws MessageException {
        WireReader in = new WireReader(payload, 0, "status report");
        int general = in.u16();
        int protocol = in.u16();
        int vendor = in.u16();
        int code = in.u16();
        return new StatusReport(new GeneralCode(general), vendor, protocol, code, in.rest());
    }

    private boolean isSecureChannel() {
        return protocolVendorId == 0 && protocolId == ProtocolId.SECURE_CHANNEL;
    }

    private static void checkU16(String what, int value) {
        if (value < 0 || value > 0xFFFF) {
            throw new IllegalArgumentException(what + " out of range 0..0xFFFF: " + value);
        }
    }
}
