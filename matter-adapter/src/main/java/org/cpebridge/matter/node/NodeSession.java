package org.cpebridge.matter.node;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.cpebridge.matter.message.SecureSessionCodec;
import org.cpebridge.matter.mrp.SessionContext;
import org.cpebridge.bytes.Bytes;

/**
 * A session as the node keeps it: where the peer is, what the exchange layer sends with, and, for a secure
 * session, the codec holding its keys. Owned by the node's serial executor.
 *
 * @param localSessionId our session id (0 for an unsecured session)
 * @param codec          empty for an unsecured session
 * @param kind           how the session was established
 * @param fabricIndex    the CASE session's fabric, 0 otherwise
 * @param peerNodeId     the CASE peer's operational node id, 0 otherwise
 * @param attestationChallenge the secure session's attestation challenge (empty for an unsecured session)
 * @param peerCats       the CASE peer's CASE Authenticated Tags (from its NOC), empty otherwise
 */
record NodeSession(int localSessionId, SessionContext context, InetSocketAddress peer,
                   Optional<SecureSessionCodec> codec, Kind kind, int fabricIndex, long peerNodeId,
                   Bytes attestationChallenge, List<Long> peerCats) {

    enum Kind {
        UNSECURED,
        PASE,
        CASE
    }

    NodeSession {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(kind, "kind");
        peerCats = List.copyOf(peerCats);
    }

    boolean isSecure() {
        return codec.isPresent();
    }
}
