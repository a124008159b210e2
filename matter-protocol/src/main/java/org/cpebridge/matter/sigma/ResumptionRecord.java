package org.cpebridge.matter.sigma;

import java.util.List;
import java.util.Objects;

import org.cpebridge.bytes.Bytes;

/**
 * What a responder keeps after a CASE session so that the same peer can resume it with Sigma1 + Sigma2_Resume
 * (Matter core spec 4.14.2.2.1): the resumption id last issued, the ECDH shared secret, and whom it was with. The
 * compressed fabric id and our node id pin the record to the fabric as it was, so a record never resumes into a
 * fabric that was removed and whose index was reused. {@link #toString()} hides the secret.
 */
public record ResumptionRecord(Bytes resumptionId, Bytes sharedSecret, int fabricIndex, Bytes compressedFabricId,
        long localNodeId, long peerNodeId, List<Long> peerCats) {

    /** Checks lengths. */
    public ResumptionRecord {
        if (Objects.requireNonNull(resumptionId, "resumptionId").length() != SigmaMessage.RESUMPTION_ID_LENGTH) {
            throw new IllegalArgumentException("resumption id must be 16 bytes");
        }
        if (Objects.requireNonNull(sharedSecret, "sharedSecret").length() != 32) {
            throw new IllegalArgumentException("shared secret must be 32 bytes");
        }
        if (fabricIndex < 1 || fabricIndex > 254) {
            throw new IllegalArgumentException("fabric index out of range 1..254: " + fabricIndex);
        }
        if (Objects.requireNonNull(compressedFabricId, "compressedFabricId").length() != 8) {
            throw new IllegalArgumentException("compressed fabric id must be 8 bytes");
        }
        peerCats = List.copyOf(peerCats);
    }

    /** The same record under a newly issued resumption id. */
    ResumptionRecord withResumptionId(Bytes newId) {
        return new ResumptionRecord(newId, sharedSecret, fabricIndex, compressedFabricId, localNodeId, peerNodeId,
                peerCats);
    }

    @Override
    public String toString() {
        return "ResumptionRecord[fabric=" + fabricIndex + ", peerNode=" + Long.toHexString(peerNodeId)
                + ", secret=<redacted>]";
    }
}
