package org.cpebridge.securetime.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cpebridge.securetime.crypto.Ed25519;
import org.cpebridge.securetime.crypto.MerkleTree;
import org.cpebridge.securetime.crypto.RoughtimeHash;
import org.cpebridge.bytes.Bytes;
import org.cpebridge.securetime.wire.Request;
import org.cpebridge.securetime.wire.Response;
import org.cpebridge.securetime.wire.SignedResponse;
import org.cpebridge.securetime.wire.Versions;

/**
 * Answers a batch of parsed requests with one signature per chosen version, pure: the requests' leaves go into a
 * Merkle tree, SREP carries its root, the online key signs SREP once, and each answer carries its own path and
 * index. Requests for another key (SRV) or offering no version we speak get no answer.
 */
public final class Responder {

    private final Bytes serverId;

    /** @param longTermPublicKey this server's long-term key, whose SRV id requests may name */
    public Responder(Bytes longTermPublicKey) {
        this.serverId = RoughtimeHash.serverId(longTermPublicKey);
    }

    /** A request and the answer to it. */
    public record Answered(Request request, Response response) {
    }

    /** The version we answer a request in: the RFC's if offered, else the drafts'; -1 if neither. */
    static long chooseVersion(Request request) {
        if (request.versions().contains(Versions.RFC)) {
            return Versions.RFC;
        }
        return request.versions().contains(Versions.DRAFT_12_TO_19) ? Versions.DRAFT_12_TO_19 : -1;
    }

    /** Whether we may answer this request at all. */
    public boolean accepts(Request request) {
        return chooseVersion(request) >= 0 && request.serverId().map(serverId::equals).orElse(true);
    }

    /** Answers the acceptable requests of the batch; returns how many signatures that took with the answers. */
    public Batch answer(List<Request> batch, ServerTime time, OnlineKey key) {
        Map<Long, List<Request>> byVersion = new LinkedHashMap<>();
        for (Request request : batch) {
            if (accepts(request)) {
                byVersion.computeIfAbsent(chooseVersion(request), v -> new ArrayList<>()).add(request);
            }
        }
        List<Answered> answers = new ArrayList<>();
        for (Map.Entry<Long, List<Request>> group : byVersion.entrySet()) {
            List<Request> requests = group.getValue();
            List<Bytes> leaves = requests.stream().map(r -> RoughtimeHash.leaf(r.packet())).toList();
            MerkleTree tree = new MerkleTree(leaves);
            SignedResponse signed = SignedResponse.create(group.getKey(), time.radiusSeconds(),
                    time.midpointSeconds(), Versions.OFFERED, tree.root());
            Bytes signature = Ed25519.sign(key.key(), Versions.responseContext(group.getKey()), signed.encoded());
            for (int i = 0; i < requests.size(); i++) {
                Request request = requests.get(i);
                answers.add(new Answered(request, Response.create(signature, request.nonce(), tree.path(i), signed,
                        key.certificate(), i)));
            }
        }
        return new Batch(answers, byVersion.size());
    }

    /** The answers to one batch and the number of signatures made. */
    public record Batch(List<Answered> answers, int signatures) {
        public Batch {
            answers = List.copyOf(answers);
        }
    }
}
