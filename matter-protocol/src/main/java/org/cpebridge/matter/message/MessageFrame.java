package org.cpebridge.matter.message;

import java.util.Objects;
import org.cpebridge.bytes.Bytes;

/**
 * A received datagram split at the end of its message header: the parsed header, the header octets exactly as
 * received (the AAD of message security) and the rest (protocol header and payload, encrypted and followed by the MIC
 * for secure sessions).
 *
 * @param header the parsed header
 * @param headerBytes the header as on the wire
 * @param body everything after the header
 */
public record MessageFrame(MessageHeader header, Bytes headerBytes, Bytes body) {

    public MessageFrame {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(headerBytes, "headerBytes");
        Objects.requireNonNull(body, "body");
    }
}
