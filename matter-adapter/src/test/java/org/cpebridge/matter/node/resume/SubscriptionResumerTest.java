package org.cpebridge.matter.node.resume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.cpebridge.core.store.FileDurableStore;
import org.cpebridge.core.testing.ManualClock;
import org.cpebridge.core.testing.ManualScheduler;
import org.cpebridge.matter.DurableRecordStore;
import org.cpebridge.matter.cluster.AccessSubject;
import org.cpebridge.matter.cluster.Subscription;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resumption with an injected clock: tries, back-off, giving up, and what cancels it. */
class SubscriptionResumerTest {

    private static final Instant START = Instant.parse("2026-12-07T12:00:00Z");

    @TempDir
    Path dataDir;

    private final ManualClock clock = new ManualClock(START);
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final List<Instant> dials = new ArrayList<>();
    private final List<Subscription> resumed = new ArrayList<>();
    private final List<Consumer<Boolean>> waiting = new ArrayList<>();
    private SubscriptionStore store;

    @BeforeEach
    void setUp() {
        store = SubscriptionStore.load(new DurableRecordStore(new FileDurableStore(dataDir)), 3);
    }

    /** A resumer whose CASE attempts wait for the test to answer them (as a peer that does or does not). */
    private SubscriptionResumer resumer() {
        return new SubscriptionResumer(store, (fabric, node, address, done) -> {
            assertEquals(TestSubscriptions.CONTROLLER, address);
            dials.add(clock.instant());
            waiting.add(done);
        }, (fabric, node, done) -> done.accept(List.of()), (fabric, node) -> Optional.of(new InetSocketAddress("fd00::2", 41000)), resumed::add, scheduler, clock,
                Runnable::run);
    }

    /**
     * A resumer whose resolves answer with {@code resolved} (the test's mDNS), recording each dial's address; its
     * dials wait for the test to answer them.
     */
    private SubscriptionResumer resolvingResumer(List<InetSocketAddress> resolved, List<InetSocketAddress> dialed) {
        return new SubscriptionResumer(store, (fabric, node, address, done) -> {
            dials.add(clock.instant());
            dialed.add(address);
            waiting.add(done);
        }, (fabric, node, done) -> done.accept(resolved), (fabric, node) -> Optional.empty(), resumed::add,
                scheduler, clock, Runnable::run);
    }

    private void answerLast(boolean established) {
        waiting.remove(waiting.size() - 1).accept(established);
    }

    private List<Long> storedIds() {
        return SubscriptionStore.load(new DurableRecordStore(new FileDurableStore(dataDir)), 3).all().stream()
                .map(StoredSubscription::id).toList();
    }

    @Test
    void aSilentSubscriberIsRetriedWithBackOffUntilItsMaxIntervalThenDropped() {
        store.put(new StoredSubscription(TestSubscriptions.wildcard(0x77, 1, 0x10, 20, false),
                TestSubscriptions.CONTROLLER));
        SubscriptionResumer resumer = resumer();

        resumer.start();
        // Each try fails at once (no answer): tries at 0, 1, 3, 7, 15 s, then the wait is cut to the 20 s deadline.
        for (int second = 0; second < 60; second++) {
            if (!waiting.isEmpty()) {
                answerLast(false);
            }
            scheduler.advance(Duration.ofSeconds(1));
        }

        assertEquals(List.of(0L, 1L, 3L, 7L, 15L, 20L),
                dials.stream().map(at -> Duration.between(START, at).toSeconds()).toList());
        assertEquals(Map.of(0x77L, SubscriptionResumer.Outcome.GAVE_UP), resumer.outcomes());
        assertEquals(List.of(), resumer.pending());
        assertEquals(List.of(), resumed);
        assertEquals(List.of(), storedIds(), "its record is gone");
        assertEquals(0, scheduler.pendingTasks());
    }

    @Test
    void aSubscriberThatAnswersLateGetsItsSubscriptionBackUnderItsId() {
        Subscription subscription = TestSubscriptions.wildcard(0x78, 1, 0x10, 60, false);
        store.put(new StoredSubscription(subscription, TestSubscriptions.CONTROLLER));
        SubscriptionResumer resumer = resumer();

        resumer.start();
        answerLast(false);
        scheduler.advance(Duration.ofSeconds(1));
        answerLast(false);
        scheduler.advance(Duration.ofSeconds(2));
        answerLast(true);

        assertEquals(3, dials.size());
        assertEquals(List.of(subscription), resumed);
        assertEquals(Map.of(0x78L, SubscriptionResumer.Outcome.RESUMED), resumer.outcomes());
        assertEquals(List.of(0x78L), storedIds(), "still kept: it lives on");
        scheduler.advance(Duration.ofMinutes(5));
        assertEquals(3, dials.size(), "no more tries");

        // The controller answers the resumed report with INVALID_SUBSCRIPTION: the server ends it.
        resumer.ended(0x78);
        assertEquals(List.of(), storedIds());
    }

    @Test
    void aNewSubscriptionWithoutKeepSubscriptionsOrARemovedFabricCancelsResumption() {
        store.put(new StoredSubscription(TestSubscriptions.wildcard(0x01, 1, 0x10, 60, true),
                TestSubscriptions.CONTROLLER));
        store.put(new StoredSubscription(TestSubscriptions.wildcard(0x02, 2, 0x20, 60, true),
                TestSubscriptions.CONTROLLER));
        SubscriptionResumer resumer = resumer();
        resumer.start();
        answerLast(false);
        answerLast(false);

        Subscription fresh = new Subscription(0x03, AccessSubject.ofCase(1, 0x10, List.of()),
                TestSubscriptions.wildcard(0, 1, 0x10, 60, false).attributePaths(), List.of(), List.of(),
                List.of(), true, 1, 30, false);
        resumer.established(fresh);
        resumer.fabricRemoved(2);
        scheduler.advance(Duration.ofMinutes(2));

        assertEquals(2, dials.size(), "no retry of either");
        assertEquals(Map.of(0x01L, SubscriptionResumer.Outcome.CANCELLED, 0x02L,
                SubscriptionResumer.Outcome.CANCELLED), resumer.outcomes());
        List<StoredSubscription> kept = SubscriptionStore.load(new DurableRecordStore(new FileDurableStore(dataDir)),
                3).all();
        assertEquals(List.of(0x03L), kept.stream().map(StoredSubscription::id).toList());
        assertEquals(new InetSocketAddress("fd00::2", 41000), kept.get(0).lastAddress(),
                "the address of the subscriber's session");
        assertTrue(resumed.isEmpty());
    }

    @Test
    void whatEndsWhileTheBridgeStopsIsNotForgotten() {
        store.put(new StoredSubscription(TestSubscriptions.wildcard(0x05, 1, 0x10, 60, true),
                TestSubscriptions.CONTROLLER));
        SubscriptionResumer resumer = resumer();
        resumer.start();
        answerLast(false);
        resumer.stop();
        resumer.ended(0x05);
        resumer.fabricRemoved(1);
        scheduler.advance(Duration.ofMinutes(2));
        assertEquals(1, dials.size(), "no retry after stop");
        assertEquals(List.of(0x05L), storedIds());
    }

    @Test
    void aPaseSubscriptionIsNotKept() {
        resumer().established(new Subscription(0x04, AccessSubject.ofPase(1),
                TestSubscriptions.wildcard(0, 1, 0x10, 60, false).attributePaths(), List.of(), List.of(),
                List.of(), true, 1, 30, true));
        assertEquals(List.of(), storedIds());
    }

    @Test
    void aSubscriberThatMovedIsDialledAtTheAddressItsOperationalInstanceResolvesToAndKeptThere() {
        Subscription subscription = TestSubscriptions.wildcard(0x79, 1, 0x10, 60, false);
        store.put(new StoredSubscription(subscription, TestSubscriptions.CONTROLLER));
        InetSocketAddress moved = new InetSocketAddress("fd00::99", 5541);
        List<InetSocketAddress> dialed = new ArrayList<>();
        SubscriptionResumer resumer = resolvingResumer(List.of(moved, TestSubscriptions.CONTROLLER), dialed);
        // The resolve names the old address among others: the peer is still there, no second dial.
        resumer.start();
        assertEquals(List.of(TestSubscriptions.CONTROLLER), dialed);
        answerLast(false);

        SubscriptionResumer resolving = resolvingResumer(List.of(moved), dialed);
        dialed.clear();
        waiting.clear();
        resumer.stop();
        resolving.start();
        assertEquals(List.of(TestSubscriptions.CONTROLLER, moved), dialed,
                "the last address first, the resolved one at once, without waiting for the first to fail");
        answerLast(true);

        assertEquals(List.of(subscription), resumed);
        assertEquals(Map.of(0x79L, SubscriptionResumer.Outcome.RESUMED), resolving.outcomes());
        List<StoredSubscription> kept = SubscriptionStore.load(new DurableRecordStore(new FileDurableStore(dataDir)),
                3).all();
        assertEquals(List.of(moved), kept.stream().map(StoredSubscription::lastAddress).toList(),
                "the next restart dials the new address first");
        waiting.remove(0).accept(false);
        assertEquals(0, scheduler.pendingTasks(), "the old address's failure after the success retries nothing");
    }

    @Test
    void whenNeitherTheLastNorTheResolvedAddressAnswersTheBackOffStaysAndTheNextTryDialsTheResolvedOneFirst() {
        store.put(new StoredSubscription(TestSubscriptions.wildcard(0x7A, 1, 0x10, 60, false),
                TestSubscriptions.CONTROLLER));
        InetSocketAddress moved = new InetSocketAddress("fd00::99", 5541);
        List<InetSocketAddress> dialed = new ArrayList<>();
        SubscriptionResumer resumer = resolvingResumer(List.of(moved), dialed);

        resumer.start();
        answerLast(false);
        scheduler.advance(Duration.ofMillis(900));
        assertEquals(2, dials.size(), "one failed dial of two: no retry yet");
        answerLast(false);
        scheduler.advance(Duration.ofMillis(999));
        assertEquals(2, dials.size(), "the back-off counts from when the try failed");
        scheduler.advance(Duration.ofMillis(1));

        assertEquals(List.of(TestSubscriptions.CONTROLLER, moved, moved), dialed,
                "the second try dials the resolved address (and not twice)");
        assertEquals(List.of(0x7AL), resumer.pending());
    }
}
