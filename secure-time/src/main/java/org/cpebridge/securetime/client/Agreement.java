package org.cpebridge.securetime.client;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which servers agree, pure. Each verified answer bounds the offset between true time and the local clock:
 * between {@code MIDP-RADI - received} and {@code MIDP+RADI - sent}. A server's bound is the intersection of its
 * answers' bounds; the largest set of servers whose bounds share a point (Marzullo's algorithm) agrees, and the
 * shared interval's middle is the offset. When that set reaches the quorum, the servers outside it are outvoted.
 */
public final class Agreement {

    /** The servers that agree, and what they agree on. */
    public record Consensus(long offsetMillis, long uncertaintyMillis, List<ServerSpec> agreeing) {
        public Consensus {
            agreeing = List.copyOf(agreeing);
        }
    }

    /** The outcome of one round of queries. */
    public record Outcome(Optional<Consensus> consensus, List<ServerSpec> answered, List<ServerSpec> outvoted) {
        public Outcome {
            answered = List.copyOf(answered);
            outvoted = List.copyOf(outvoted);
        }
    }

    private record Bound(long low, long high) {
    }

    private Agreement() {
    }

    /** Decides from the chain's verified links; a consensus needs at least {@code quorum} servers. */
    public static Outcome decide(List<ChainLink> links, int quorum) {
        Map<ServerSpec, Bound> bounds = new LinkedHashMap<>();
        List<ServerSpec> answered = new ArrayList<>();
        List<ServerSpec> selfInconsistent = new ArrayList<>();
        for (ChainLink link : links) {
            if (!link.verified()) {
                continue;
            }
            VerifiedAnswer answer = link.answer().orElseThrow();
            Bound bound = new Bound(answer.earliestMillis() - link.receivedAtMillis(),
                    answer.latestMillis() - link.sentAtMillis());
            if (!answered.contains(link.server())) {
                answered.add(link.server());
            }
            bounds.merge(link.server(), bound, (a, b) -> new Bound(Math.max(a.low, b.low), Math.min(a.high, b.high)));
        }
        bounds.forEach((server, bound) -> {
            if (bound.low > bound.high) {
                selfInconsistent.add(server);
            }
        });
        selfInconsistent.forEach(bounds::remove);

        // Marzullo: sweep the interval ends; the point covered by most bounds wins (ties: the first found).
        List<long[]> edges = new ArrayList<>();
        bounds.values().forEach(b -> {
            edges.add(new long[] {b.low, -1});
            edges.add(new long[] {b.high, +1});
        });
        // At equal positions, starts (-1) before ends (+1), so touching bounds count as agreeing.
        edges.sort((x, y) -> x[0] != y[0] ? Long.compare(x[0], y[0]) : Long.compare(x[1], y[1]));
        int best = 0;
        int count = 0;
        long bestLow = 0;
        long bestHigh = 0;
        for (int i = 0; i < edges.size(); i++) {
            long[] edge = edges.get(i);
            if (edge[1] < 0) {
                count++;
                if (count > best) {
                    best = count;
                    bestLow = edge[0];
                    bestHigh = edges.get(i + 1)[0];
                }
            } else {
                count--;
            }
        }
        List<ServerSpec> agreeing = new ArrayList<>();
        for (Map.Entry<ServerSpec, Bound> entry : bounds.entrySet()) {
            if (entry.getValue().low <= bestLow && bestHigh <= entry.getValue().high) {
                agreeing.add(entry.getKey());
            }
        }
        List<ServerSpec> outvoted = new ArrayList<>(answered);
        outvoted.removeAll(agreeing);
        if (agreeing.size() < quorum) {
            // Without a quorum nobody is outvoted: a minority of two cannot accuse a third.
            return new Outcome(Optional.empty(), answered, List.of());
        }
        long offset = bestLow + (bestHigh - bestLow) / 2;
        return new Outcome(Optional.of(new Consensus(offset, (bestHigh - bestLow + 1) / 2, agreeing)), answered,
                outvoted);
    }
}
