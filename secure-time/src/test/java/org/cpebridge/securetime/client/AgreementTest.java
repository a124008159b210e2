package org.cpebridge.securetime.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.cpebridge.bytes.Bytes;
import org.cpebridge.securetime.wire.Request;
import org.cpebridge.securetime.wire.Versions;
import org.junit.jupiter.api.Test;

class AgreementTest {

    private static ServerSpec server(int n) {
        return new ServerSpec("127.0.0." + n, 2002, Bytes.of(new byte[32]));
    }

    /** A verified link: the server said MIDP (s) +- RADI; sent and received at local {@code localMillis}. */
    private static ChainLink link(int server, long midpoint, long radius, long localMillis) {
        Request request = Request.create(Versions.OFFERED, Bytes.of(new byte[32]), Optional.empty());
        VerifiedAnswer answer = new VerifiedAnswer(null, Versions.RFC, midpoint, radius);
        return new ChainLink(server(server), Bytes.of(new byte[32]), request, Optional.of(answer), Optional.empty(),
                localMillis, localMillis);
    }

    @Test
    void threeAgreeingServersSecureTheTimeAndTheLiarIsOutvoted() {
        long local = 1_000_000_000_000L; // local clock in ms
        List<ChainLink> chain = List.of(link(1, 1_000_000_100, 2, local), link(2, 1_000_000_101, 3, local),
                link(3, 1_000_000_099, 2, local), link(4, 1_000_003_700, 1, local));
        Agreement.Outcome outcome = Agreement.decide(chain, 3);
        Agreement.Consensus consensus = outcome.consensus().orElseThrow();
        assertEquals(List.of(server(1), server(2), server(3)), consensus.agreeing());
        assertEquals(List.of(server(4)), outcome.outvoted());
        // All three allow 1_000_000_098 .. 1_000_000_101 s: the offset is around +100 s.
        assertTrue(Math.abs(consensus.offsetMillis() - 100_000) <= 2_000, "offset " + consensus.offsetMillis());
        assertTrue(consensus.uncertaintyMillis() <= 2_000);
    }

    @Test
    void twoAgreeingServersAreNotEnough() {
        List<ChainLink> chain = List.of(link(1, 1000, 1, 1_000_000), link(2, 1000, 1, 1_000_000),
                link(3, 5000, 1, 1_000_000));
        Agreement.Outcome outcome = Agreement.decide(chain, 3);
        assertTrue(outcome.consensus().isEmpty());
        assertEquals(3, outcome.answered().size());
        assertEquals(List.of(), outcome.outvoted(), "two cannot outvote a third without a quorum");
    }

    @Test
    void aServerContradictingItselfCountsForNothing() {
        List<ChainLink> chain = new ArrayList<>(List.of(link(1, 1000, 1, 1_000_000), link(2, 1000, 1, 1_000_000),
                link(3, 1000, 1, 1_000_000), link(4, 1000, 1, 1_000_000)));
        chain.add(link(4, 9000, 1, 1_000_000)); // server 4 answers twice, 8000 s apart, at the same local time
        Agreement.Consensus consensus = Agreement.decide(chain, 3).consensus().orElseThrow();
        assertEquals(3, consensus.agreeing().size());
    }

    @Test
    void proofFindsTheContradictionInvolvingTheOutvotedServer() {
        List<ChainLink> chain = List.of(link(1, 1000, 1, 0), link(4, 4600, 1, 0), link(2, 1001, 1, 0),
                link(3, 1001, 1, 0));
        LieProof proof = LieProof.find(chain, List.of(server(4))).orElseThrow();
        assertEquals(server(4), proof.accused());
        assertEquals(2, proof.links().size(), "the liar's answer and the next honest one");
        assertTrue(LieProof.find(chain, List.of()).isEmpty(), "nobody outvoted, nobody accused");
    }
}
