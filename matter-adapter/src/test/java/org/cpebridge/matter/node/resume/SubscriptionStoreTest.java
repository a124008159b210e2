package org.cpebridge.matter.node.resume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.cpebridge.core.store.FileDurableStore;
import org.cpebridge.matter.DurableRecordStore;
import org.cpebridge.matter.store.RecordStore;
import org.cpebridge.matter.store.RecordStoreException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubscriptionStoreTest {

    @TempDir
    Path dataDir;

    private RecordStore records() {
        return new DurableRecordStore(new FileDurableStore(dataDir));
    }

    @Test
    void aSubscriptionComesBackWithEverythingNeededToResumeIt() {
        SubscriptionStore store = SubscriptionStore.load(records(), 3);
        StoredSubscription kept = TestSubscriptions.stored(0xABCDEF01L, 1, 0x1122334455667788L);
        store.put(kept);

        // A new store over the same directory, as after a restart.
        List<StoredSubscription> loaded = SubscriptionStore.load(records(), 3).all();
        assertEquals(List.of(kept), loaded, "id, subscriber, CATs, paths, filters, intervals, flags and address");
        assertEquals(0xABCDEF01L, loaded.get(0).id());
        assertEquals(TestSubscriptions.CONTROLLER, loaded.get(0).lastAddress());
    }

    @Test
    void aLinkLocalAddressKeepsItsScope() throws Exception {
        java.net.InetSocketAddress linkLocal = new java.net.InetSocketAddress(java.net.Inet6Address.getByAddress(null,
                java.net.InetAddress.getByName("fe80::2").getAddress(), 7), 5540);
        SubscriptionStore.load(records(), 3).put(new StoredSubscription(
                TestSubscriptions.wildcard(1, 1, 0x10, 60, true), linkLocal));
        StoredSubscription loaded = SubscriptionStore.load(records(), 3).all().get(0);
        assertEquals(linkLocal, loaded.lastAddress());
        assertEquals(7, ((java.net.Inet6Address) loaded.lastAddress().getAddress()).getScopeId());
    }

    @Test
    void endedSubscriptionsAreForgottenAndEachFabricKeepsItsNewestThree() {
        SubscriptionStore store = SubscriptionStore.load(records(), 3);
        for (long id = 1; id <= 4; id++) {
            store.put(TestSubscriptions.stored(id, 1, 0x10));
        }
        store.put(TestSubscriptions.stored(9, 2, 0x20));
        assertEquals(List.of(2L, 3L, 4L, 9L), ids(store), "fabric 1's oldest gave way; fabric 2 untouched");
        store.remove(3);
        store.removeIf(s -> s.fabricIndex() == 2);
        assertEquals(List.of(2L, 4L), ids(SubscriptionStore.load(records(), 3)));
        // A record written with a larger bound is cut to the newest on load.
        assertEquals(List.of(4L), ids(SubscriptionStore.load(records(), 1)));
    }

    @Test
    void aDamagedRecordIsReadAsNoneAndOverwrittenByTheNextChange() throws Exception {
        records().write(SubscriptionStore.RECORD_NAME, SubscriptionStore.FORMAT_VERSION, new byte[] {0x16, 0x15});
        SubscriptionStore store = SubscriptionStore.load(records(), 3);
        assertEquals(List.of(), store.all());
        store.put(TestSubscriptions.stored(5, 1, 0x10));
        assertEquals(List.of(5L), ids(SubscriptionStore.load(records(), 3)));
    }

    @Test
    void aFailedWriteLeavesTheListAsItWas() {
        RecordStore failing = new RecordStore() {
            @Override
            public Optional<byte[]> read(String name, int expectedFormat) {
                return Optional.empty();
            }

            @Override
            public void write(String name, int formatVersion, byte[] payload) {
                throw new RecordStoreException("disk full");
            }
        };
        SubscriptionStore store = SubscriptionStore.load(failing, 3);
        store.put(TestSubscriptions.stored(5, 1, 0x10));
        assertTrue(store.all().isEmpty());
        assertTrue(Files.isDirectory(dataDir));
    }

    private static List<Long> ids(SubscriptionStore store) {
        return store.all().stream().map(StoredSubscription::id).toList();
    }
}
