package org.cpebridge.securetime.wire;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The Roughtime wire versions this module speaks. Deployed servers (drafts 12 to 19) answer {@code 0x8000000c};
 * the RFC that draft-ietf-ntp-roughtime-19 becomes is version 1. Both use the same signature contexts and the same
 * SHA-512/32 Merkle hashing, so one code path serves both; older drafts (other contexts, other hashes) are not
 * offered and not accepted.
 */
public final class Versions {

    /** The RFC's version number. */
    public static final long RFC = 1L;
    /** Drafts 12 to 19, distinguished from 12 and 13 by the TYPE tag, which this module always sends. */
    public static final long DRAFT_12_TO_19 = 0x8000000cL;
    /** What a request offers, strictly ascending as the VER list must be. */
    public static final List<Long> OFFERED = List.of(RFC, DRAFT_12_TO_19);

    private static final byte[] DELEGATION_CONTEXT =
            "RoughTime v1 delegation signature\0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RESPONSE_CONTEXT =
            "RoughTime v1 response signature\0".getBytes(StandardCharsets.US_ASCII);

    private Versions() {
    }

    public static boolean supported(long version) {
        return OFFERED.contains(version);
    }

    /** The prefix the long-term key signs DELE under, for a supported version (34 bytes with its NUL). */
    public static byte[] delegationContext(long version) {
        requireSupported(version);
        return DELEGATION_CONTEXT.clone();
    }

    /** The prefix the online key signs SREP under, for a supported version (32 bytes with its NUL). */
    public static byte[] responseContext(long version) {
        requireSupported(version);
        return RESPONSE_CONTEXT.clone();
    }

    private static void requireSupported(long version) {
        if (!supported(version)) {
            throw new IllegalArgumentException(String.format("unsupported version 0x%08x", version));
        }
    }
}
