package org.cpebridge.securetime.wire;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.cpebridge.bytes.Bytes;

/**
 * A Roughtime response (draft-ietf-ntp-roughtime-19 section 6.2): the online key's signature over SREP, the echoed
 * nonce, TYPE 1, the Merkle path from this request's leaf to SREP's root, SREP, the delegation certificate and the
 * leaf's index. Parsing checks only the wire rules; whether the answer is true is the client verifier's job.
 *
 * @param signature   SIG, 64 bytes, over SREP
 * @param nonce       NONC, 32 bytes
 * @param path        PATH, 32-byte sibling hashes from the leaf up
 * @param signed      SREP
 * @param certificate CERT
 * @param index       INDX, the leaf's position in the tree
 * @param packet      the framed packet as received or sent
 */
public record Response(Bytes signature, Bytes nonce, List<Bytes> path, SignedResponse signed,
                       Certificate certificate, long index, Bytes packet) {

    public static final long TYPE_RESPONSE = 1;
    public static final int HASH_LENGTH = 32;
    /** A PATH longer than 32 hashes would index more leaves than INDX (a u32) can name. */
    public static final int MAX_PATH_HASHES = 32;

    public Response {
        path = List.copyOf(path);
    }

    /** Builds and frames a response. */
    public static Response create(Bytes signature, Bytes nonce, List<Bytes> path, SignedResponse signed,
                                  Certificate certificate, long index) {
        ByteBuffer pathBytes = ByteBuffer.allocate(HASH_LENGTH * path.size());
        path.forEach(hash -> pathBytes.put(hash.toByteArray()));
        RtMessage message = RtMessage.builder().put(Tag.SIG, signature).put(Tag.NONC, nonce)
                .putU32(Tag.TYPE, TYPE_RESPONSE).put(Tag.PATH, pathBytes.array()).put(Tag.SREP, signed.encoded())
                .put(Tag.CERT, certificate.toMessage()).putU32(Tag.INDX, index).build();
        return new Response(signature, nonce, path, signed, certificate, index, Bytes.of(Packet.frame(message)));
    }

    public static Response parse(ByteBuffer packet) throws MalformedMessageException {
        RtMessage message = Packet.unframe(packet);
        if (message.requireU32(Tag.TYPE) != TYPE_RESPONSE) {
            throw new MalformedMessageException("TYPE is not 1 (response)");
        }
        Bytes pathBytes = message.require(Tag.PATH);
        if (pathBytes.length() % HASH_LENGTH != 0) {
            throw new MalformedMessageException("PATH of " + pathBytes.length() + " bytes is not a list of hashes");
        }
        if (pathBytes.length() / HASH_LENGTH > MAX_PATH_HASHES) {
            throw new MalformedMessageException("PATH of " + pathBytes.length() / HASH_LENGTH + " hashes");
        }
        List<Bytes> path = new ArrayList<>();
        for (int i = 0; i < pathBytes.length(); i += HASH_LENGTH) {
            path.add(pathBytes.slice(i, i + HASH_LENGTH));
        }
        return new Response(message.requireLength(Tag.SIG, 64), message.requireLength(Tag.NONC, 32), path,
                SignedResponse.decode(message.require(Tag.SREP)), Certificate.decode(message.require(Tag.CERT)),
                message.requireU32(Tag.INDX), Bytes.of(packet));
    }
}
