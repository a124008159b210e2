package org.cpebridge.securetime.wire;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import org.cpebridge.bytes.Bytes;

/**
 * A Roughtime request (draft-ietf-ntp-roughtime-19 section 6.1): the versions the client speaks, its nonce, TYPE 0,
 * optionally the id of the server key it wants, padded with ZZZZ to at least 1024 bytes. The whole packet is kept:
 * the Merkle leaf that proves the answer covers this request is the hash of every byte of it.
 *
 * @param versions the VER list, strictly ascending
 * @param nonce    NONC, 32 bytes
 * @param serverId SRV, 32 bytes, when present
 * @param packet   the framed packet as sent or received
 */
public record Request(List<Long> versions, Bytes nonce, Optional<Bytes> serverId, Bytes packet) {

    public static final int NONCE_LENGTH = 32;
    public static final int SERVER_ID_LENGTH = 32;
    /** Requests are padded to this size, and a server ignores shorter ones, so its answer can never amplify. */
    public static final int MIN_PACKET_LENGTH = 1024;
    public static final long TYPE_REQUEST = 0;

    public Request {
        versions = List.copyOf(versions);
        if (nonce.length() != NONCE_LENGTH) {
            throw new IllegalArgumentException("nonce of " + nonce.length() + " bytes");
        }
        serverId.ifPresent(id -> {
            if (id.length() != SERVER_ID_LENGTH) {
                throw new IllegalArgumentException("SRV of " + id.length() + " bytes");
            }
        });
    }

    /** Builds a request offering {@code versions}, padded so the packet is exactly {@link #MIN_PACKET_LENGTH}. */
    public static Request create(List<Long> versions, Bytes nonce, Optional<Bytes> serverId) {
        RtMessage.Builder builder = RtMessage.builder().putU32List(Tag.VER, versions).put(Tag.NONC, nonce)
                .putU32(Tag.TYPE, TYPE_REQUEST);
        serverId.ifPresent(id -> builder.put(Tag.SRV, id));
        int unpadded = Packet.HEADER_LENGTH + builder.put(Tag.ZZZZ, Bytes.EMPTY).build().encodedLength();
        builder.put(Tag.ZZZZ, new byte[Math.max(0, MIN_PACKET_LENGTH - unpadded)]);
        Bytes packet = Bytes.of(Packet.frame(builder.build()));
        return new Request(versions, nonce, serverId, packet);
    }

    /** Parses a request packet, enforcing the minimum size, TYPE 0, a sorted non-empty VER list and field sizes. */
    public static Request parse(ByteBuffer packet) throws MalformedMessageException {
        if (packet.remaining() < MIN_PACKET_LENGTH) {
            throw new MalformedMessageException("request of " + packet.remaining() + " bytes is shorter than "
                    + MIN_PACKET_LENGTH);
        }
        RtMessage message = Packet.unframe(packet);
        List<Long> versions = message.requireU32List(Tag.VER);
        for (int i = 1; i < versions.size(); i++) {
            if (versions.get(i) <= versions.get(i - 1)) {
                throw new MalformedMessageException("VER list is not strictly ascending");
            }
        }
        if (message.requireU32(Tag.TYPE) != TYPE_REQUEST) {
            throw new MalformedMessageException("TYPE is not 0 (request)");
        }
        Bytes nonce = message.requireLength(Tag.NONC, NONCE_LENGTH);
        Optional<Bytes> serverId = Optional.empty();
        if (message.get(Tag.SRV).isPresent()) {
            serverId = Optional.of(message.requireLength(Tag.SRV, SERVER_ID_LENGTH));
        }
        return new Request(versions, nonce, serverId, Bytes.of(packet));
    }
}
