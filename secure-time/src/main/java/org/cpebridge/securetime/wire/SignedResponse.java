package org.cpebridge.securetime.wire;

import java.util.List;
import org.cpebridge.bytes.Bytes;

/**
 * SREP, what the online key signs: the chosen version, the radius and midpoint of the server's time, the versions it
 * supports (downgrade protection) and the Merkle root over the batch of requests answered together.
 *
 * @param version           VER, the version chosen
 * @param radiusSeconds     RADI, u32; 0xFFFFFFFF means the server's clock is not synchronised
 * @param midpointSeconds   MIDP, Unix seconds
 * @param supportedVersions VERS, strictly ascending
 * @param root              ROOT, 32 bytes
 * @param encoded           the message bytes the online key signed
 */
public record SignedResponse(long version, long radiusSeconds, long midpointSeconds, List<Long> supportedVersions,
                             Bytes root, Bytes encoded) {

    /** The RADI a server sends when it does not know the time. */
    public static final long UNSYNCHRONISED_RADIUS = 0xFFFFFFFFL;

    public SignedResponse {
        supportedVersions = List.copyOf(supportedVersions);
    }

    public static SignedResponse create(long version, long radiusSeconds, long midpointSeconds,
                                        List<Long> supportedVersions, Bytes root) {
        RtMessage message = RtMessage.builder().putU32(Tag.VER, version).putU32(Tag.RADI, radiusSeconds)
                .putU64(Tag.MIDP, midpointSeconds).putU32List(Tag.VERS, supportedVersions).put(Tag.ROOT, root)
                .build();
        return new SignedResponse(version, radiusSeconds, midpointSeconds, supportedVersions, root,
                Bytes.of(message.encode()));
    }

    static SignedResponse decode(Bytes encoded) throws MalformedMessageException {
        RtMessage message = RtMessage.decode(encoded.asByteBuffer());
        List<Long> supported = message.requireU32List(Tag.VERS);
        for (int i = 1; i < supported.size(); i++) {
            if (supported.get(i) <= supported.get(i - 1)) {
                throw new MalformedMessageException("VERS list is not strictly ascending");
            }
        }
        return new SignedResponse(message.requireU32(Tag.VER), message.requireU32(Tag.RADI),
                message.requireU64(Tag.MIDP), supported, message.requireLength(Tag.ROOT, 32), encoded);
    }
}
