package org.cpebridge.matter.pase;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The payload of a Secure Channel StatusReport (Matter core spec 4.11.1.x "Status Report", Appendix D):
 * GeneralCode (u16) || ProtocolId (u32, vendor id in the upper half) || ProtocolCode (u16), all little-endian.
 * Unknown codes are kept as numbers. Optional protocol data is not used by PASE and is not modelled.
 */
public record SecureChannelStatus(int generalCode, long protocolId, int protocolCode) {

    /** Message type of StatusReport in the Secure Channel protocol. */
    public static final int OPCODE = 0x40;
    /** Protocol id of the Secure Channel protocol (vendor 0x0000, protocol 0x0000). */
    public static final long SECURE_CHANNEL_PROTOCOL_ID = 0x0000_0000L;

    /** General code SUCCESS. */
    public static final int GENERAL_SUCCESS = 0;
    /** General code FAILURE. */
    public static final int GENERAL_FAILURE = 1;
    /** General code UNEXPECTED: the message is not valid in the current state. */
    public static final int GENERAL_UNEXPECTED = 6;

    /** Secure channel protocol code SESSION_ESTABLISHMENT_SUCCESS. */
    public static final int SESSION_ESTABLISHMENT_SUCCESS = 0x0000;
    /** Secure channel protocol code NO_SHARED_TRUST_ROOTS. */
    public static final int NO_SHARED_TRUST_ROOTS = 0x0001;
    /** Secure channel protocol code INVALID_PARAMETER. */
    public static final int INVALID_PARAMETER = 0x0002;
    /** Secure channel protocol code CLOSE_SESSION. */
    public static final int CLOSE_SESSION = 0x0003;
    /** Secure channel protocol code BUSY. */
    public static final int BUSY = 0x0004;

    private static final int LENGTH = 8;

    /** Checks the field widths. */
    public SecureChannelStatus {
        if (generalCode < 0 || generalCode > 0xFFFF) {
            throw new IllegalArgumentException("general code out of range: " + generalCode);
        }
        if (protocolId < 0 || protocolId > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("protocol id out of range: " + protocolId);
        }
        if (protocolCode < 0 || protocolCode > 0xFFFF) {
            throw new IllegalArgumentException("protocol code out of range: " + protocolCode);
        }
    }

    /** SUCCESS / SESSION_ESTABLISHMENT_SUCCESS: the handshake completed. */
    public static SecureChannelStatus sessionEstablished() {
        return new SecureChannelStatus(GENERAL_SUCCESS, SECURE_CHANNEL_PROTOCOL_ID, SESSION_ESTABLISHMENT_SUCCESS);
    }

    /** FAILURE / INVALID_PARAMETER: a bad field, or a confirmation value that does not match. */
    public static SecureChannelStatus invalidParameter() {
        return new SecureChannelStatus(GENERAL_FAILURE, SECURE_CHANNEL_PROTOCOL_ID, INVALID_PARAMETER);
    }

    /** UNEXPECTED / INVALID_PARAMETER: a message out of sequence. */
    public static SecureChannelStatus unexpected() {
        return new SecureChannelStatus(GENERAL_UNEXPECTED, SECURE_CHANNEL_PROTOCOL_ID, INVALID_PARAMETER);
    }

    /** Encodes the 8-byte status report payload. */
    public byte[] encode() {
        return ByteBuffer.allocate(LENGTH).order(ByteOrder.LITTLE_ENDIAN)
                .putShort((short) generalCode).putInt((int) protocolId).putShort((short) protocolCode).array();
    }

    /**
     * Decodes a status report payload; bytes after the first 8 (protocol data) are ignored.
     *
     * @throws PaseMessageException if fewer than 8 bytes are given
     */
    public static SecureChannelStatus decode(byte[] payload) throws PaseMessageException {
        if (payload.length < LENGTH) {
            throw new PaseMessageException("status report shorter than 8 bytes: " + payload.length);
        }
        ByteBuffer in = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
        return new SecureChannelStatus(Short.toUnsignedInt(in.getShort()), Integer.toUnsignedLong(in.getInt()),
                Short.toUnsignedInt(in.getShort()));
    }

    /** True for SUCCESS / SESSION_ESTABLISHMENT_SUCCESS in the Secure Channel protocol. */
    public boolean isSessionEstablished() {
        return generalCode == GENERAL_SUCCESS && protocolId == SECURE_CHANNEL_PROTOCOL_ID
                && protocolCode == SESSION_ESTABLISHMENT_SUCCESS;
    }
}
