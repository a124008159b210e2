package org.cpebridge.matter.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.cpebridge.core.store.DurableStore;
import org.cpebridge.core.store.FileDurableStore;
import org.cpebridge.core.store.StoreException;
import org.cpebridge.core.testing.ForwardingStore;
import org.cpebridge.core.testing.ManualClock;
import org.cpebridge.matter.cluster.AccessSubject;
import org.cpebridge.matter.cluster.DataModel;
import org.cpebridge.matter.cluster.EventLog;
import org.cpebridge.matter.cluster.standard.AccessControl;
import org.cpebridge.matter.cluster.standard.StandardEndpoints;
import org.cpebridge.matter.commissioning.AccessControlList;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvTag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Event numbers are reserved in the store before any writer of the node's log uses them: the bridge's device events
 * and the ACL's AccessControlEntryChanged share one numbering that never goes back after a restart.
 */
class EventNumbersTest {

    private static final TlvElement EMPTY = new TlvElement.Structure(TlvTag.anonymous(), List.of());

    @TempDir
    Path dir;

    @Test
    void accessControlEntryChangedEventsTakeReservedNumbers() {
        FileDurableStore store = new FileDurableStore(dir);
        EventNumbers numbers = EventNumbers.open(store, 16);
        DataModel model = new DataModel(new SplittableRandom(3));
        StandardEndpoints.addRootNode(model);
        AccessControlList acl = AccessControlList.load(store);
        acl.bind(model, numbers.log(), new ManualClock());

        // Fill the first reserved block with device events, then let the ACL log the next number, the first of a
        // new block: it must be reserved by the ACL's own event, as nothing else logs after it.
        for (int i = 0; i < EventNumbers.BLOCK; i++) {
            numbers.record(1, 0x28, 0, 2, 0, EMPTY);
        }
        acl.add(AccessControlList.Entry.administrator(1, 0x1122L), AccessSubject.ofCase(1, 0x1122L));
        EventLog.Entry changed = numbers.log().entries().get(numbers.log().entries().size() - 1);
        assertEquals(AccessControl.EVENT_ACCESS_CONTROL_ENTRY_CHANGED, changed.event());
        assertEquals(1 + EventNumbers.BLOCK, changed.number());

        EventNumbers restarted = EventNumbers.open(new FileDurableStore(dir), 16);
        assertTrue(restarted.log().nextNumber() > changed.number(),
                "after a restart the numbers go past the ACL's event: " + restarted.log().nextNumber());
    }

    @Test
    void anEventWhoseNumberCannotBeReservedIsNotLogged() {
        FileDurableStore files = new FileDurableStore(dir);
        boolean[] broken = {false};
        DurableStore store = new DelegatingStore(files, broken);
        EventNumbers numbers = EventNumbers.open(store, 16);
        numbers.record(1, 0x28, 0, 2, 0, EMPTY);
        broken[0] = true;
        for (int i = 1; i < EventNumbers.BLOCK; i++) {
            numbers.log().record(0, AccessControl.ID, AccessControl.EVENT_ACCESS_CONTROL_ENTRY_CHANGED, 1, 0, 1,
                    EMPTY);
        }
        assertThrows(StoreException.class, () -> numbers.log().record(0, AccessControl.ID,
                AccessControl.EVENT_ACCESS_CONTROL_ENTRY_CHANGED, 1, 0, 1, EMPTY));
        assertEquals(1 + EventNumbers.BLOCK, numbers.log().nextNumber(), "the unreserved number is not used");
        broken[0] = false;
        long number = numbers.log().record(0, AccessControl.ID, AccessControl.EVENT_ACCESS_CONTROL_ENTRY_CHANGED,
                1, 0, 1, EMPTY);
        assertEquals(1 + EventNumbers.BLOCK, number);
        assertTrue(EventNumbers.open(files, 16).log().nextNumber() > number);
    }

    /** A store whose writes fail while {@code broken[0]} is set, as a full disk would. */
    private static final class DelegatingStore extends ForwardingStore {
        private final boolean[] broken;

        DelegatingStore(DurableStore files, boolean[] broken) {
            super(files);
            this.broken = broken;
        }

        @Override
        public void write(String key, int formatVersion, byte[] content) {
            if (broken[0]) {
                throw new StoreException("disk full");
            }
            super.write(key, formatVersion, content);
        }
    }
}
