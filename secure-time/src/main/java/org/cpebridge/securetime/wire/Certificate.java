package org.cpebridge.securetime.wire;

import org.cpebridge.bytes.Bytes;

/**
 * CERT: a delegation and the long-term key's signature over it.
 *
 * @param signature  SIG, 64 bytes
 * @param delegation DELE
 */
public record Certificate(Bytes signature, Delegation delegation) {

    RtMessage toMessage() {
        return RtMessage.builder().put(Tag.SIG, signature).put(Tag.DELE, delegation.encoded()).build();
    }

    static Certificate decode(Bytes encoded) throws MalformedMessageException {
        RtMessage message = RtMessage.decode(encoded.asByteBuffer());
        return new Certificate(message.requireLength(Tag.SIG, 64), Delegation.decode(message.require(Tag.DELE)));
    }
}
