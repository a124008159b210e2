package org.cpebridge.core.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.cpebridge.core.model.AttributeRef;
import org.cpebridge.core.model.DeviceId;
import org.cpebridge.core.model.PrivacyClass;
import org.cpebridge.core.model.Value;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventBusTest {

    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private static DeviceEvent.StateChanged change(DeviceId device, String attribute, long value) {
        return new DeviceEvent.StateChanged(new AttributeRef(device, "level", attribute), null, Value.of(value),
                PrivacyClass.STATE, Instant.EPOCH);
    }

    @Test
    void eachSubscriberSeesEveryEventInPublicationOrder() throws Exception {
        EventBus bus = new EventBus(pool);
        DeviceId device = DeviceId.of("test", "a");
        List<Long> first = Collections.synchronizedList(new ArrayList<>());
        List<Long> second = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(2);
        bus.subscribe("first", e -> record(first, e, done));
        bus.subscribe("second", e -> record(second, e, done));
        for (long i = 0; i < 500; i++) {
            bus.publish(change(device, "level", i));
        }
        assertTrue(done.await(20, TimeUnit.SECONDS));
        List<Long> expected = new ArrayList<>();
        for (long i = 0; i < 500; i++) {
            expected.add(i);
        }
        assertEquals(expected, first);
        assertEquals(expected, second);
    }

    private static void record(List<Long> seen, DeviceEvent event, CountDownLatch done) {
        long value = ((DeviceEvent.StateChanged) event).current().asLong();
        seen.add(value);
        if (value == 499) {
            done.countDown();
        }
    }

    @Test
    void aBlockedSubscriberNeitherBlocksThePublisherNorOtherSubscribers() throws Exception {
        EventBus bus = new EventBus(pool, 16, 64);
        DeviceId device = DeviceId.of("test", "a");
        CountDownLatch release = new CountDownLatch(1);
        Subscription slow = bus.subscribe("slow", e -> awaitQuietly(release));
        CountDownLatch fastSawLast = new CountDownLatch(1);
        bus.subscribe("fast", e -> {
            if (((DeviceEvent.StateChanged) e).current().asLong() == 9_999) {
                fastSawLast.countDown();
            }
        });
        // 10,000 events for 4 attributes while the slow subscriber is stuck: publish must return promptly, the
        // fast one must see the last event, and the slow one's queue stays bounded.
        for (long i = 0; i < 10_000; i++) {
            bus.publish(change(device, "a" + (i % 4), i));
        }
        assertTrue(fastSawLast.await(20, TimeUnit.SECONDS));
        assertTrue(slow.pending() <= 64, "queue bounded, was " + slow.pending());
        assertTrue(slow.coalesced() > 0);
        release.countDown();
    }

    @Test
    void coalescingKeepsTheLatestValueOfEachAttributeInOrder() throws Exception {
        EventBus bus = new EventBus(pool, 4, 1_000);
        DeviceId device = DeviceId.of("test", "a");
        CountDownLatch gate = new CountDownLatch(1);
        List<DeviceEvent> seen = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch sawFinal = new CountDownLatch(1);
        bus.subscribe("slow", e -> {
            awaitQuietly(gate);
            seen.add(e);
            if (e instanceof DeviceEvent.ReachabilityChanged) {
                sawFinal.countDown();
            }
        });
        for (long i = 0; i < 100; i++) {
            bus.publish(change(device, i % 2 == 0 ? "even" : "odd", i));
        }
        bus.publish(new DeviceEvent.ReachabilityChanged(device, false, "gone", Instant.EPOCH));
        gate.countDown();
        assertTrue(sawFinal.await(20, TimeUnit.SECONDS));
        List<Long> values = seen.stream().filter(e -> e instanceof DeviceEvent.StateChanged)
                .map(e -> ((DeviceEvent.StateChanged) e).current().asLong()).toList();
        // Delivered values are increasing (no reordering) and end with the last value of each attribute.
        for (int i = 1; i < values.size(); i++) {
            assertTrue(values.get(i) > values.get(i - 1), values.toString());
        }
        assertTrue(values.contains(98L) && values.contains(99L), values.toString());
        assertTrue(values.size() < 100, "some were coalesced: " + values.size());
        assertTrue(seen.get(seen.size() - 1) instanceof DeviceEvent.ReachabilityChanged);
    }

    @Test
    void beyondCapacityTheOldestAreDroppedAndCounted() {
        List<Runnable> held = new ArrayList<>();
        EventBus bus = new EventBus(held::add, 2, 3);
        Subscription subscription = bus.subscribe("never-runs", e -> { });
        DeviceId device = DeviceId.of("test", "a");
        for (int i = 0; i < 10; i++) {
            bus.publish(new DeviceEvent.CapabilityEvent(device, "button", "pressed",
                    java.util.Map.of("action", Value.of("single")), PrivacyClass.ACTIVITY, Instant.EPOCH));
        }
        assertEquals(3, subscription.pending());
        assertEquals(7, subscription.dropped());
        assertEquals(1, held.size(), "one drain task scheduled, not one per event");
    }

    @Test
    void aThrowingSubscriberKeepsReceiving() throws Exception {
        EventBus bus = new EventBus(pool);
        DeviceId device = DeviceId.of("test", "a");
        CountDownLatch both = new CountDownLatch(2);
        bus.subscribe("throws", e -> {
            both.countDown();
            throw new IllegalStateException("subscriber bug");
        });
        bus.publish(change(device, "x", 1));
        bus.publish(change(device, "x", 2));
        assertTrue(both.await(20, TimeUnit.SECONDS));
    }

    @Test
    void closedSubscriptionGetsNothingMore() {
        List<Runnable> held = new ArrayList<>();
        EventBus bus = new EventBus(held::add);
        Subscription subscription = bus.subscribe("s", e -> { });
        subscription.close();
        bus.publish(change(DeviceId.of("test", "a"), "x", 1));
        assertEquals(0, subscription.pending());
        assertEquals(0, bus.subscriberCount());
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
