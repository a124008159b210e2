package org.cpebridge.matter.node.resume;

import java.nio.file.Path;

import org.cpebridge.core.store.FileDurableStore;
import org.cpebridge.matter.DurableRecordStore;

/**
 * Child-JVM main for {@link SubscriptionStoreKillIT}: keeps storing subscriptions with growing ids (from args[1]) in
 * the store at args[0], printing {@code STORED <id>} once each put has returned, until it is killed.
 */
public final class SubscriptionStoreWriterProcess {

    private SubscriptionStoreWriterProcess() {
    }

    public static void main(String[] args) {
        SubscriptionStore store = SubscriptionStore.load(new DurableRecordStore(new FileDurableStore(Path.of(args[0]))),
                3);
        for (long id = Long.parseLong(args[1]); ; id++) {
            store.put(TestSubscriptions.stored(id, 1, 0x10));
            System.out.println("STORED " + id);
            System.out.flush();
        }
    }
}
