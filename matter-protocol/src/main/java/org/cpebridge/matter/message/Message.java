package org.cpebridge.matter.message;

import java.util.Objects;
import org.cpebridge.bytes.Bytes;

/**
 * A whole message in clear: the message header, the protocol header and the application payload.
 *
 * @param header the unencrypted message header
 * @param protocolHeader the protocol header (encrypted on the wire for secure sessions)
 * @param payload the application payload after the protocol header
 */
public record Message(MessageHeader header, ProtocolHeader protocolHeader, Bytes payload) {

    public Message {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(protocolHeader, "protocolHeader");
        Objects.requireNonNull(payload, "payload");
    }
}
