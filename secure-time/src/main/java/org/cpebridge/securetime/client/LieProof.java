package org.cpebridge.securetime.client;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cpebridge.core.json.Json;
import org.cpebridge.securetime.crypto.RoughtimeHash;
import org.cpebridge.bytes.Bytes;
import org.cpebridge.securetime.wire.MalformedMessageException;
import org.cpebridge.securetime.wire.Request;

/**
 * Proof that a server lied, checkable by anyone with the servers' public keys. The links are consecutive verified
 * answers of one chain: each request's nonce is the hash of the previous answer and a blind, so each answer was
 * signed after the one before it. If the first answer's earliest time is later than the last answer's latest time,
 * time ran backwards between two signatures: one of the two servers lied, and the one the others outvoted is
 * accused. Pure; the JSON form is what the client writes to the data directory.
 *
 * @param accused  the outvoted server
 * @param links    the chain from the first contradicting answer to the second, inclusive
 */
public record LieProof(ServerSpec accused, List<ChainLink> links) {

    public static final int FORMAT = 1;

    public LieProof {
        links = List.copyOf(links);
    }

    /**
     * Finds, in a chain, a contradiction involving an outvoted server: a pair of verified answers, the earlier
     * (in chain order) allowing no time as early as the later one allows. Returns the shortest such stretch.
     */
    public static Optional<LieProof> find(List<ChainLink> chain, List<ServerSpec> outvoted) {
        List<ChainLink> verified = chain.stream().filter(ChainLink::verified).toList();
        LieProof shortest = null;
        for (int i = 0; i < verified.size(); i++) {
            for (int j = i + 1; j < verified.size(); j++) {
                ChainLink first = verified.get(i);
                ChainLink last = verified.get(j);
                boolean contradiction = first.answer().orElseThrow().earliestMillis()
                        > last.answer().orElseThrow().latestMillis();
                if (!contradiction) {
                    continue;
                }
                ServerSpec accused = outvoted.contains(first.server()) ? first.server()
                        : outvoted.contains(last.server()) ? last.server() : null;
                if (accused != null && (shortest == null || j - i + 1 < shortest.links.size())) {
                    shortest = new LieProof(accused, verified.subList(i, j + 1));
                }
            }
        }
        return Optional.ofNullable(shortest);
    }

    /** The proof as JSON: every packet in base64, so it can be re-verified without this code. */
    public String toJson() {
        List<Object> linkList = new ArrayList<>();
        for (ChainLink link : links) {
            VerifiedAnswer answer = link.answer().orElseThrow();
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("server", link.server().name());
            entry.put("publicKey", link.server().publicKey().toBase64());
            entry.put("blind", link.blind().toBase64());
            entry.put("request", link.request().packet().toBase64());
            entry.put("response", answer.response().packet().toBase64());
            entry.put("midpoint", answer.midpointSeconds());
            entry.put("radius", answer.radiusSeconds());
            linkList.add(entry);
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("format", FORMAT);
        document.put("accused", accused.name());
        document.put("claim", "the answer of " + links.get(0).server().name() + " allows no time earlier than "
                + links.get(0).answer().orElseThrow().earliestMillis() / 1000 + " s, yet "
                + links.get(links.size() - 1).server().name()
                + ", asked after it (its nonce chained from that answer), allows no time later than "
                + links.get(links.size() - 1).answer().orElseThrow().latestMillis() / 1000 + " s");
        document.put("nonceRule", "request i's NONC = first 32 bytes of SHA-512(response i-1 || blind i)");
        document.put("links", linkList);
        return Json.write(document);
    }

    /**
     * Checks a proof written by {@link #toJson}: every answer verifies under its key, every nonce is chained from
     * the previous answer, and the first and last answers contradict. Returns the accused server's name.
     *
     * @throws VerificationException when the proof does not hold
     */
    public static String check(String json) throws VerificationException {
        try {
            return checkDocument(Json.parseObject(json));
        } catch (RuntimeException e) {
            // Not JSON, a field of the wrong type, bad base64: not a proof, whatever else it is.
            throw new VerificationException(VerificationException.Reason.MALFORMED, "not a proof: " + e);
        }
    }

    private static String checkDocument(Map<String, Object> document) throws VerificationException {
        List<Object> links = Json.asArray(document.get("links")).orElse(null);
        if (links == null || links.size() < 2) {
            throw new VerificationException(VerificationException.Reason.MALFORMED, "a proof needs two links");
        }
        VerifiedAnswer first = null;
        VerifiedAnswer previous = null;
        for (Object item : links) {
            Map<String, Object> link = Json.requireObject(item, "link");
            Bytes key = Bytes.fromBase64((String) link.get("publicKey"));
            Bytes blind = Bytes.fromBase64((String) link.get("blind"));
            Request request;
            try {
                request = Request.parse(Bytes.fromBase64((String) link.get("request")).asByteBuffer());
            } catch (MalformedMessageException e) {
                throw new VerificationException(VerificationException.Reason.MALFORMED, e.getMessage());
            }
            if (previous != null && !request.nonce().equals(
                    RoughtimeHash.chainedNonce(previous.response().packet(), blind))) {
                throw new VerificationException(VerificationException.Reason.NONCE_MISMATCH,
                        "a nonce is not chained from the previous answer");
            }
            VerifiedAnswer answer = ResponseVerifier.verify(key, request,
                    Bytes.fromBase64((String) link.get("response")).asByteBuffer());
            if (first == null) {
                first = answer;
            }
            previous = answer;
        }
        if (first.earliestMillis() <= previous.latestMillis()) {
            throw new VerificationException(VerificationException.Reason.MALFORMED, "the answers do not contradict");
        }
        return (String) document.get("accused");
    }

    /** The proof's record name in the durable store. */
    public String recordName(long detectedAtSeconds) {
        String safe = accused.name().toLowerCase().replaceAll("[^a-z0-9.-]", "-");
        return "time/proofs/" + detectedAtSeconds + "-" + safe;
    }

    public byte[] payload() {
        return toJson().getBytes(StandardCharsets.UTF_8);
    }
}
