package org.cpebridge.securetime.client;

import java.util.Optional;
import org.cpebridge.bytes.Bytes;
import org.cpebridge.securetime.wire.Request;

/**
 * One query of a chain: the request (its nonce is the hash of the previous verified reply and {@code blind}, or
 * {@code blind} itself for the first), what came back, and when, on the local (unsecured) clock.
 *
 * @param server           who was asked
 * @param blind            32 random bytes mixed into the nonce
 * @param request          what was sent
 * @param answer           the verified answer, if one came and passed every check
 * @param failure          why there is no verified answer (timeout, or the failed check)
 * @param sentAtMillis     local clock when the request left
 * @param receivedAtMillis local clock when the answer arrived (or the wait ended)
 */
public record ChainLink(ServerSpec server, Bytes blind, Request request, Optional<VerifiedAnswer> answer,
                        Optional<String> failure, long sentAtMillis, long receivedAtMillis) {

    public boolean verified() {
        return answer.isPresent();
    }
}
