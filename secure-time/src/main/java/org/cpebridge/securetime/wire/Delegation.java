package org.cpebridge.securetime.wire;

import org.cpebridge.bytes.Bytes;

/**
 * DELE: the long-term key delegates to an online key for a window of Unix seconds.
 *
 * @param publicKey PUBK, the online Ed25519 key, 32 bytes
 * @param minTime   MINT, seconds
 * @param maxTime   MAXT, seconds
 * @param encoded   the message bytes the long-term key signed
 */
public record Delegation(Bytes publicKey, long minTime, long maxTime, Bytes encoded) {

    public static Delegation create(Bytes publicKey, long minTime, long maxTime) {
        RtMessage message = RtMessage.builder().put(Tag.PUBK, publicKey).putU64(Tag.MINT, minTime)
                .putU64(Tag.MAXT, maxTime).build();
        return new Delegation(publicKey, minTime, maxTime, Bytes.of(message.encode()));
    }

    static Delegation decode(Bytes encoded) throws MalformedMessageException {
        RtMessage message = RtMessage.decode(encoded.asByteBuffer());
        return new Delegation(message.requireLength(Tag.PUBK, 32), message.requireU64(Tag.MINT),
                message.requireU64(Tag.MAXT), encoded);
    }
}
