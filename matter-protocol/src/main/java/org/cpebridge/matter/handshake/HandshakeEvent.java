package org.cpebridge.matter.handshake;

import java.util.Objects;

import org.cpebridge.matter.message.SecureChannelOpcode;
import org.cpebridge.bytes.Bytes;

/** What can happen to a session-establishment responder (PASE or CASE). */
public sealed interface HandshakeEvent {

    /** A Secure Channel message arrived on the handshake's exchange. */
    record MessageReceived(SecureChannelOpcode opcode, Bytes payload) implements HandshakeEvent {
        /** Checks the arguments. */
        public MessageReceived {
            Objects.requireNonNull(opcode, "opcode");
            Objects.requireNonNull(payload, "payload");
        }
    }

    /** The handshake timer armed by an earlier step expired. */
    record TimedOut() implements HandshakeEvent {
    }
}
