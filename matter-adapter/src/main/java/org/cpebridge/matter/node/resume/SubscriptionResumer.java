package org.cpebridge.matter.node.resume;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import org.cpebridge.core.time.Scheduler;
import org.cpebridge.matter.cluster.AuthMode;
import org.cpebridge.matter.cluster.InteractionServer;
import org.cpebridge.matter.cluster.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every subscription a CASE peer establishes in the {@link SubscriptionStore}, forgets it when it ends, and
 * after a restart resumes each stored one by itself (Matter core 8.5 "subscription resumption"): opens CASE to the
 * subscriber at its last known address, and at the same time resolves its operational DNS-SD instance (Matter core
 * 4.3.2); when the resolve names other addresses (a controller whose SLAAC privacy address, DHCPv6 lease or reboot
 * moved it), it dials the first of them too. Once a session stands, has the IM server re-install the subscription
 * under its old id, whose first report is a full report of its paths; then it reports and keeps alive as before.
 * The controller sees reports continue on the subscription it holds, without subscribing again.
 *
 * <p>A subscriber that does not answer is tried again after 1 s, 2 s, 4 s ... (at most {@link #MAX_BACKOFF}) until
 * the subscription's max interval has passed since the restart (by then the subscriber has given it up itself); the
 * subscription and its record are then dropped. A subscriber that answers a resumed report with
 * INVALID_SUBSCRIPTION (or anything but success) ends it through the server, and the record goes with it. A new
 * subscription of the same subscriber with KeepSubscriptions false, or its fabric's removal, cancels a resumption
 * still under way. A subscriber reached at a resolved address is stored with it, so the next restart tries it first.
 *
 * <p>Owned by the node loop: every method runs there; timer callbacks hop onto it through {@code loop}. Time comes
 * from the injected clock and scheduler.
 */
public final class SubscriptionResumer implements InteractionServer.SubscriptionListener {

    /** The first wait before a subscriber that did not answer is tried again; it doubles each time. */
    public static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    /** The longest wait between two tries. */
    public static final Duration MAX_BACKOFF = Duration.ofSeconds(32);

    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionResumer.class);

    /** Opens CASE to a peer; {@code done} gets true once the session stands. Runs on the node loop. */
    public interface CaseDialer {
        void open(int fabricIndex, long peerNodeId, InetSocketAddress address, Consumer<Boolean> done);
    }

    /**
     * Resolves a peer's operational instance; {@code done} gets its addresses (possibly none) on the node loop.
     */
    public interface Resolver {
        void resolve(int fabricIndex, long peerNodeId, Consumer<List<InetSocketAddress>> done);
    }

    /** Where the newest CASE session with a peer talks to it. */
    public interface PeerAddresses {
        Optional<InetSocketAddress> of(int fabricIndex, long peerNodeId);
    }

    /** What happened to one stored subscription at start; for logs and tests. */
    public enum Outcome {
        /** CASE stands and the subscription is back in the server. */
        RESUMED,
        /** Its max interval passed without the subscriber answering; dropped. */
        GAVE_UP,
        /** A new subscription or a fabric removal made it moot; dropped. */
        CANCELLED
    }

    private final SubscriptionStore store;
    private final CaseDialer dialer;
    private final Resolver resolver;
    private final PeerAddresses addresses;
    private final Consumer<Subscription> resume;
    private final Scheduler scheduler;
    private final Clock clock;
    private final Executor loop;
    private final Map<Long, Attempt> pending = new LinkedHashMap<>();
    private final Map<Long, Outcome> outcomes = new LinkedHashMap<>();
    private boolean stopped;

    /** One stored subscription being resumed. */
    private final class Attempt {
        private final StoredSubscription stored;
        private final Instant deadline;
        private Duration backoff = FIRST_BACKOFF;
        private int tries;
        private Scheduler.Cancellable retry;
        private boolean over;
        /** Where the next try dials first: the last address, or the newest one the resolve gave. */
        private InetSocketAddress address;
        /** Dials and the resolve of the current try still to answer; at 0 with no session, the try failed. */
        private int open;

        Attempt(StoredSubscription stored, Instant deadline) {
            this.stored = stored;
            this.deadline = deadline;
            this.address = stored.lastAddress();
        }

        void dial() {
            tries++;
            int round = tries;
            InetSocketAddress first = address;
            open = 2;
            dialAt(first, round);
            resolver.resolve(stored.fabricIndex(), stored.subscriberNodeId(), resolved -> {
                // Logged even when a session already stands: whether a subscriber advertises is worth knowing.
                if (resolved.isEmpty()) {
                    LOG.info("[matter] {}: its operational instance does not resolve", stored);
                } else if (resolved.contains(first) || over) {
                    LOG.info("[matter] {}: its operational instance resolves to {}", stored, resolved);
                }
                if (over || round != tries) {
                    return;
                }
                Optional<InetSocketAddress> moved = resolved.contains(first) ? Optional.empty()
                        : resolved.stream().findFirst();
                if (moved.isPresent()) {
                    LOG.info("[matter] {}: its operational instance resolves to {}, not the last address", stored,
                            resolved);
                    address = moved.get();
                    open++;
                    dialAt(moved.get(), round);
                }
                answered();
            });
        }

        private void dialAt(InetSocketAddress at, int round) {
            Instant dialled = clock.instant();
            dialer.open(stored.fabricIndex(), stored.subscriberNodeId(), at, established -> {
                if (over) {
                    return;
                }
                if (established) {
                    finish(Outcome.RESUMED);
                    LOG.info("[matter] {} resumed after {} tr{}, reached at {}, CASE in {} ms", stored, tries,
                            tries == 1 ? "y" : "ies", at, Duration.between(dialled, clock.instant()).toMillis());
                    if (!at.equals(stored.lastAddress())) {
                        store.put(new StoredSubscription(stored.subscription(), at));
                    }
                    resume.accept(stored.subscription());
                    return;
                }
                if (round == tries) {
                    answered();
                }
            });
        }

        /** One dial or the resolve of this try came back without a session. */
        private void answered() {
            if (--open > 0) {
                return;
            }
            Subscription subscription = stored.subscription();
            Instant now = clock.instant();
            if (!now.isBefore(deadline)) {
                finish(Outcome.GAVE_UP);
                LOG.info("[matter] {} not resumed: no answer in {} tries within its max interval of {} s",
                        stored, tries, subscription.maxIntervalSeconds());
                store.remove(stored.id());
                return;
            }
            Duration wait = backoff;
            Duration left = Duration.between(now, deadline);
            if (wait.compareTo(left) > 0) {
                wait = left;
            }
            backoff = backoff.multipliedBy(2);
            if (backoff.compareTo(MAX_BACKOFF) > 0) {
                backoff = MAX_BACKOFF;
            }
            LOG.debug("[matter] {} did not answer; trying again in {} ms", stored, wait.toMillis());
            retry = scheduler.schedule(wait, () -> loop.execute(() -> {
                if (!over) {
                    dial();
                }
            }));
        }

        void cancel() {
            if (retry != null) {
                retry.cancel();
            }
            finish(Outcome.CANCELLED);
            store.remove(stored.id());
        }

        private void finish(Outcome outcome) {
            over = true;
            pending.remove(stored.id());
            outcomes.put(stored.id(), outcome);
        }
    }

    /**
     * @param store where subscriptions are kept
     * @param dialer opens CASE to a subscriber
     * @param resolver finds a subscriber's current addresses by DNS-SD
     * @param addresses the address of a subscriber's CASE session, when it subscribes
     * @param resume re-installs a subscription in the IM server and sends its first report (on the node loop)
     * @param loop the node loop, where retries run
     */
    public SubscriptionResumer(SubscriptionStore store, CaseDialer dialer, Resolver resolver,
                               PeerAddresses addresses, Consumer<Subscription> resume, Scheduler scheduler,
                               Clock clock, Executor loop) {
        this.store = Objects.requireNonNull(store, "store");
        this.dialer = Objects.requireNonNull(dialer, "dialer");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.addresses = Objects.requireNonNull(addresses, "addresses");
        this.resume = Objects.requireNonNull(resume, "resume");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.loop = Objects.requireNonNull(loop, "loop");
    }

    /** Starts resuming every stored subscription. Call once, on the node loop, when the node answers. */
    public void start() {
        Instant now = clock.instant();
        List<StoredSubscription> stored = store.all();
        if (!stored.isEmpty()) {
            LOG.info("[matter] resuming {} subscription(s)", stored.size());
        }
        for (StoredSubscription subscription : stored) {
            Attempt attempt = new Attempt(subscription,
                    now.plusSeconds(subscription.subscription().maxIntervalSeconds()));
            pending.put(subscription.id(), attempt);
        }
        for (Attempt attempt : new ArrayList<>(pending.values())) {
            attempt.dial();
        }
    }

    /**
     * The bridge is stopping: from now on nothing is stored or forgotten (the reports that fail while the node shuts
     * down must not erase what the next start resumes), and resumptions under way stop.
     */
    public void stop() {
        stopped = true;
        for (Attempt attempt : new ArrayList<>(pending.values())) {
            if (attempt.retry != null) {
                attempt.retry.cancel();
            }
            attempt.over = true;
        }
        pending.clear();
    }

    /** The subscriptions still being resumed (ids). */
    public List<Long> pending() {
        return List.copyOf(pending.keySet());
    }

    /** What became of each stored subscription since {@link #start()}, by id. */
    public Map<Long, Outcome> outcomes() {
        return Map.copyOf(outcomes);
    }

    @Override
    public void established(Subscription subscription) {
        if (stopped) {
            return;
        }
        if (subscription.subscriber().authMode() != AuthMode.CASE) {
            // A commissioner's PASE session cannot be opened again by the bridge: nothing to resume it with.
            return;
        }
        int fabricIndex = subscription.subscriber().fabricIndex();
        long nodeId = subscription.subscriber().subject();
        if (!subscription.keepSubscriptions()) {
            for (Attempt attempt : new ArrayList<>(pending.values())) {
                if (attempt.stored.fabricIndex() == fabricIndex && attempt.stored.subscriberNodeId() == nodeId) {
                    attempt.cancel();
                }
            }
        }
        Optional<InetSocketAddress> address = addresses.of(fabricIndex, nodeId);
        if (address.isEmpty()) {
            LOG.debug("[matter] subscription {}: no session address; not kept for a restart",
                    Long.toHexString(subscription.id()));
            return;
        }
        StoredSubscription stored = new StoredSubscription(subscription, address.get());
        store.put(stored);
        LOG.info("[matter] {} established; kept for restarts", stored);
    }

    @Override
    public void ended(long subscriptionId) {
        if (!stopped) {
            store.remove(subscriptionId);
        }
    }

    /** A fabric was removed: its subscriptions are neither resumed nor kept. */
    public void fabricRemoved(int fabricIndex) {
        if (stopped) {
            return;
        }
        for (Attempt attempt : new ArrayList<>(pending.values())) {
            if (attempt.stored.fabricIndex() == fabricIndex) {
                attempt.cancel();
            }
        }
        store.removeIf(s -> s.fabricIndex() == fabricIndex);
    }
}
