package org.cpebridge.matter.commissioning;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.cpebridge.core.store.FileDurableStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's "added on" dates: a new one is written behind, on the writer (CommissioningComplete's answer does
 * not wait for the disk), once however many arrive before the writer runs; a removal and a flush write at once.
 */
class FabricAddedTimesTest {

    private static final Instant AT = Instant.parse("2026-12-07T18:00:00Z");

    @TempDir
    Path dataDir;

    private final List<Runnable> writer = new ArrayList<>();

    @Test
    void aNewTimeIsUsableAtOnceAndOnDiskOnceTheWriterRan() {
        FileDurableStore store = new FileDurableStore(dataDir);
        FabricAddedTimes times = FabricAddedTimes.load(store, writer::add);
        times.commissioned(1, AT);
        times.commissioned(2, AT.plusSeconds(5));
        assertEquals(Optional.of(AT), times.of(1));
        assertEquals(Optional.empty(), FabricAddedTimes.load(store).of(1), "not written yet");
        assertEquals(1, writer.size(), "one write for both");
        writer.remove(0).run();
        FabricAddedTimes reread = FabricAddedTimes.load(store);
        assertEquals(Optional.of(AT), reread.of(1));
        assertEquals(Optional.of(AT.plusSeconds(5)), reread.of(2));
    }

    @Test
    void aRemovalWritesAtOnceWithWhatWasWaiting() {
        FileDurableStore store = new FileDurableStore(dataDir);
        FabricAddedTimes times = FabricAddedTimes.load(store, writer::add);
        times.commissioned(1, AT);
        times.commissioned(2, AT);
        times.removed(1);
        FabricAddedTimes reread = FabricAddedTimes.load(store);
        assertEquals(Optional.empty(), reread.of(1));
        assertEquals(Optional.of(AT), reread.of(2));
        writer.remove(0).run();
        assertEquals(Optional.of(AT), FabricAddedTimes.load(store).of(2), "the late writer changes nothing");
    }

    @Test
    void flushWritesWhatTheWriterHasNotYet() {
        FileDurableStore store = new FileDurableStore(dataDir);
        FabricAddedTimes times = FabricAddedTimes.load(store, writer::add);
        times.commissioned(3, AT);
        times.flush();
        assertEquals(Optional.of(AT), FabricAddedTimes.load(store).of(3));
    }
}
