package org.cpebridge.securetime.client;

import java.nio.ByteBuffer;
import java.security.PublicKey;
import org.cpebridge.securetime.crypto.Ed25519;
import org.cpebridge.securetime.crypto.RoughtimeHash;
import org.cpebridge.bytes.Bytes;
import org.cpebridge.securetime.wire.Delegation;
import org.cpebridge.securetime.wire.MalformedMessageException;
import org.cpebridge.securetime.wire.Request;
import org.cpebridge.securetime.wire.Response;
import org.cpebridge.securetime.wire.SignedResponse;
import org.cpebridge.securetime.wire.Versions;

/**
 * The client's checks on one answer (draft-ietf-ntp-roughtime-19 section 6.3), pure: the nonce is ours, the version
 * is one we offered and the server lists, the pinned long-term key signed the delegation, the delegated key signed
 * SREP, the Merkle path leads from our request to SREP's root, the midpoint lies inside the delegation window, and
 * the server claims to know the time (RADI is not 0xFFFFFFFF).
 */
public final class ResponseVerifier {

    private ResponseVerifier() {
    }

    public static VerifiedAnswer verify(Bytes pinnedPublicKey, Request sent, ByteBuffer packet)
            throws VerificationException {
        Response response;
        try {
            response = Response.parse(packet);
        } catch (MalformedMessageException e) {
            throw new VerificationException(VerificationException.Reason.MALFORMED, e.getMessage());
        }
        if (!response.nonce().constantTimeEquals(sent.nonce())) {
            throw new VerificationException(VerificationException.Reason.NONCE_MISMATCH, "NONC is not ours");
        }
        SignedResponse signed = response.signed();
        long version = signed.version();
        if (!sent.versions().contains(version) || !Versions.supported(version)
                || !signed.supportedVersions().contains(version)) {
            throw new VerificationException(VerificationException.Reason.VERSION_NOT_OFFERED,
                    String.format("VER 0x%08x not offered or not in VERS", version));
        }
        Delegation delegation = response.certificate().delegation();
        if (!Ed25519.verify(Ed25519.publicKey(pinnedPublicKey), response.certificate().signature(),
                Versions.delegationContext(version), delegation.encoded())) {
            throw new VerificationException(VerificationException.Reason.DELEGATION_SIGNATURE,
                    "CERT is not signed by the pinned key");
        }
        PublicKey online;
        try {
            online = Ed25519.publicKey(delegation.publicKey());
        } catch (IllegalArgumentException e) {
            throw new VerificationException(VerificationException.Reason.RESPONSE_SIGNATURE, "bad PUBK");
        }
        if (!Ed25519.verify(online, response.signature(), Versions.responseContext(version), signed.encoded())) {
            throw new VerificationException(VerificationException.Reason.RESPONSE_SIGNATURE,
                    "SREP is not signed by the delegated key");
        }
        Bytes root = RoughtimeHash.rootFromPath(RoughtimeHash.leaf(sent.packet()), response.path(), response.index());
        if (!root.constantTimeEquals(signed.root()) || (response.index() >>> response.path().size()) != 0) {
            throw new VerificationException(VerificationException.Reason.MERKLE_PATH,
                    "PATH and INDX do not lead from our request to ROOT");
        }
        long midpoint = signed.midpointSeconds();
        if (delegation.minTime() > midpoint || midpoint > delegation.maxTime()) {
            throw new VerificationException(VerificationException.Reason.OUTSIDE_DELEGATION,
                    "MIDP " + midpoint + " outside MINT " + delegation.minTime() + " .. MAXT " + delegation.maxTime());
        }
        if (signed.radiusSeconds() == SignedResponse.UNSYNCHRONISED_RADIUS) {
            throw new VerificationException(VerificationException.Reason.UNSYNCHRONISED,
                    "RADI 0xFFFFFFFF: the server does not know the time");
        }
        return new VerifiedAnswer(response, version, midpoint, signed.radiusSeconds());
    }
}
