package org.cpebridge.securetime.client;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.cpebridge.core.store.DurableStore;
import org.cpebridge.core.time.TimeServerStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One synchronisation: ask every configured server twice over in one chain (so that a server off in either direction
 * is followed by, or follows, honest answers, and its lie can be proven), let the agreeing majority decide, secure
 * the clock when at least {@code quorum} servers agree, and write a proof for every outvoted server caught
 * contradicting the chain. Runs on the secure-time client thread.
 */
public final class SecureTimeSync {

    /** Chain every server twice: a liar's answer then lies both before and after honest ones. */
    static final int ROUNDS = 2;

    private static final Logger LOG = LoggerFactory.getLogger(SecureTimeSync.class);

    /** What the last synchronisation found; for logs and for the faces that show it. */
    public record Report(Instant at, boolean secured, List<ServerSpec> agreeing, List<ServerSpec> outvoted,
                         List<String> failures, List<String> proofRecords) {
        public Report {
            agreeing = List.copyOf(agreeing);
            outvoted = List.copyOf(outvoted);
            failures = List.copyOf(failures);
            proofRecords = List.copyOf(proofRecords);
        }
    }

    private final List<ServerSpec> servers;
    private final int quorum;
    private final RoughtimeClient client;
    private final SecureClock clock;
    private final DurableStore store;
    private final Clock localClock;
    private volatile Report lastReport;

    public SecureTimeSync(List<ServerSpec> servers, int quorum, RoughtimeClient client, SecureClock clock,
                          DurableStore store, Clock localClock) {
        if (quorum < 1) {
            throw new IllegalArgumentException("quorum " + quorum);
        }
        this.servers = List.copyOf(servers);
        this.quorum = quorum;
        this.client = client;
        this.clock = clock;
        this.store = store;
        this.localClock = localClock;
    }

    public Report run() {
        List<ChainLink> chain = client.chain(servers, ROUNDS);
        Agreement.Outcome outcome = Agreement.decide(chain, quorum);
        List<String> failures = new ArrayList<>();
        for (ChainLink link : chain) {
            link.failure().ifPresent(why -> failures.add(link.server().name() + ": " + why));
        }
        List<String> proofRecords = new ArrayList<>();
        for (ServerSpec liar : outcome.outvoted()) {
            Optional<LieProof> proof = LieProof.find(chain, List.of(liar));
            if (proof.isPresent()) {
                String record = proof.get().recordName(localClock.instant().getEpochSecond());
                store.write(record, LieProof.FORMAT, proof.get().payload());
                proofRecords.add(record);
                List<ChainLink> links = proof.get().links();
                ServerSpec other = links.get(0).server().equals(liar) ? links.get(links.size() - 1).server()
                        : links.get(0).server();
                LOG.warn("[time {}] proven to lie: its signed time contradicts that of {}, chained with it; proof "
                        + "written to {} in the data directory", liar.name(), other.name(), record);
            } else {
                LOG.warn("[time {}] outvoted by the other servers (no contradiction in this chain to prove it)",
                        liar.name());
            }
        }
        Report report;
        if (outcome.consensus().isPresent()) {
            Agreement.Consensus consensus = outcome.consensus().get();
            clock.secure(consensus);
            LOG.info("[time] secured by {} agreeing servers: offset {} ms from the local clock, uncertainty {} ms",
                    consensus.agreeing().size(), consensus.offsetMillis(), consensus.uncertaintyMillis());
            report = new Report(localClock.instant(), true, consensus.agreeing(), outcome.outvoted(), failures,
                    proofRecords);
        } else {
            LOG.warn("[time] not secured: {} of {} servers answered and no {} agree; {}", outcome.answered().size(),
                    servers.size(), quorum, clock.isSecured() ? "keeping the time secured earlier"
                            : "using the last known good time " + clock.lastKnownGood().map(Instant::toString)
                            .orElse("(none yet: the unverified system clock)"));
            report = new Report(localClock.instant(), false, List.of(), outcome.outvoted(), failures, proofRecords);
        }
        lastReport = report;
        clock.serversChecked(statuses(chain, outcome, report.at()));
        return report;
    }

    /** The configured servers, none asked yet: what a face shows before the first synchronisation ends. */
    public static List<TimeServerStatus> notAsked(List<ServerSpec> servers) {
        return servers.stream().map(server -> new TimeServerStatus(server.name(), server.publicKey().toBase64(),
                TimeServerStatus.Result.NOT_ASKED, Optional.empty(), "")).toList();
    }

    /** Per server: agreed, outvoted (verified but not among the agreeing), or failed with its last failure. */
    private List<TimeServerStatus> statuses(List<ChainLink> chain, Agreement.Outcome outcome, Instant at) {
        List<ServerSpec> agreeing = outcome.consensus().map(Agreement.Consensus::agreeing).orElse(List.of());
        List<TimeServerStatus> statuses = new ArrayList<>();
        for (ServerSpec server : servers) {
            TimeServerStatus.Result result;
            String detail = "";
            if (agreeing.contains(server)) {
                result = TimeServerStatus.Result.AGREED;
            } else if (chain.stream().anyMatch(link -> link.server().equals(server) && link.verified())) {
                result = TimeServerStatus.Result.OUTVOTED;
                detail = outcome.outvoted().contains(server) ? "its time disagrees with the agreeing servers"
                        : "fewer than " + quorum + " servers agreed";
            } else {
                result = TimeServerStatus.Result.FAILED;
                detail = chain.stream().filter(link -> link.server().equals(server))
                        .map(link -> link.failure().orElse("")).reduce((first, last) -> last).orElse("not asked");
            }
            statuses.add(new TimeServerStatus(server.name(), server.publicKey().toBase64(), result, Optional.of(at),
                    detail));
        }
        return statuses;
    }

    public Optional<Report> lastReport() {
        return Optional.ofNullable(lastReport);
    }
}
