package org.cpebridge.matter.handshake;

import java.util.Objects;

import org.cpebridge.matter.message.SecureChannelOpcode;
import org.cpebridge.matter.message.StatusReport;
import org.cpebridge.bytes.Bytes;

/** A Secure Channel message a handshake step asks the caller to send on the exchange (reliably). */
public record HandshakeMessage(SecureChannelOpcode opcode, Bytes payload) {

    /** Checks the arguments. */
    public HandshakeMessage {
        Objects.requireNonNull(opcode, "opcode");
        Objects.requireNonNull(payload, "payload");
    }

    /** A StatusReport message. */
    public static HandshakeMessage status(StatusReport report) {
        return new HandshakeMessage(SecureChannelOpcode.STATUS_REPORT, Bytes.of(report.encode()));
    }

    /** True for a StatusReport: the message that ends a handshake, whichever way it ends. */
    public boolean isStatusReport() {
        return opcode.equals(SecureChannelOpcode.STATUS_REPORT);
    }
}
