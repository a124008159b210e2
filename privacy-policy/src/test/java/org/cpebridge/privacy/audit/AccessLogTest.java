package org.cpebridge.privacy.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.cpebridge.core.json.Json;
import org.cpebridge.core.store.FileDurableStore;
import org.cpebridge.core.testing.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The transparency log: durable appends, the hash chain, tamper detection, bounded rotation, the JSON export. */
class AccessLogTest {
    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock();

    private static AccessLog.Event get(String path, Decision decision) {
        return new AccessLog.Event("proto::isp", "Get", path, decision);
    }

    @Test
    void appendedEntriesAreChainedAndReadBackAfterARestart() {
        AccessLog log = new AccessLog(new FileDurableStore(dir), clock, 4, 3);
        AccessLogEntry first = log.append(get("Device.DeviceInfo.", Decision.ALLOWED));
        clock.advance(Duration.ofSeconds(5));
        AccessLogEntry second = log.append(get("Device.ProxiedDevice.1.IoTCapability.1.BinaryControl.Value",
                Decision.DENIED));
        assertEquals(1, first.sequence());
        assertEquals(AccessLogEntry.GENESIS, first.previousHash());
        assertEquals(first.hash(), second.previousHash());
        // A new process reads what the old one wrote: each append was durable when it returned.
        AccessLog reopened = new AccessLog(new FileDurableStore(dir), clock, 4, 3);
        assertEquals(List.of(first, second), reopened.entries());
        assertTrue(reopened.verify().intact());
        assertEquals(3, reopened.append(get("Device.", Decision.FILTERED)).sequence());
    }

    @Test
    void aTamperedEntryIsReportedAsTheFirstBrokenLink() {
        FileDurableStore store = new FileDurableStore(dir);
        AccessLog log = new AccessLog(store, clock, 10, 3);
        for (int i = 0; i < 6; i++) {
            log.append(get("Device.ProxiedDevice." + i + ".", Decision.DENIED));
        }
        String name = store.list(AccessLog.PREFIX).get(0);
        String text = store.read(name).orElseThrow().textOfFormat(1);
        // Someone rewrites entry 3 to say the ISP was allowed.
        String forged = text.replaceFirst("(\"sequence\":3,[^}]*\"decision\":\")Denied", "$1Allowed");
        assertFalse(forged.equals(text));
        store.write(name, 1, forged.getBytes(StandardCharsets.UTF_8));
        AccessLog.Verification v = new AccessLog(new FileDurableStore(dir), clock, 10, 3).verify();
        assertEquals(new AccessLog.Verification(false, 3, "its hash does not match its contents"), v);
        assertEquals("broken at entry 3: its hash does not match its contents", v.describe());
    }

    @Test
    void aForgedEntryWithARecomputedHashBreaksTheNextLink() {
        FileDurableStore store = new FileDurableStore(dir);
        AccessLog log = new AccessLog(store, clock, 10, 3);
        List<AccessLogEntry> entries = log.append(List.of(get("a", Decision.DENIED), get("b", Decision.DENIED),
                get("c", Decision.DENIED)));
        AccessLogEntry second = entries.get(1);
        AccessLogEntry forged = AccessLogEntry.chained(2, second.time(), second.controller(), "Get", "b",
                Decision.ALLOWED, second.previousHash());
        String name = store.list(AccessLog.PREFIX).get(0);
        String text = store.read(name).orElseThrow().textOfFormat(1).replace(second.hash(), forged.hash())
                .replaceFirst("(\"sequence\":2,[^}]*\"decision\":\")Denied", "$1Allowed");
        store.write(name, 1, text.getBytes(StandardCharsets.UTF_8));
        AccessLog.Verification v = new AccessLog(new FileDurableStore(dir), clock, 10, 3).verify();
        assertEquals(3, v.firstBroken(), v.describe());
    }

    @Test
    void rotationBoundsTheLogAndKeepsItVerifiable() {
        FileDurableStore store = new FileDurableStore(dir);
        AccessLog log = new AccessLog(store, clock, 4, 3);
        for (int i = 1; i <= 30; i++) {
            log.append(get("p" + i, Decision.ALLOWED));
        }
        List<Long> kept = log.sequences();
        assertTrue(kept.size() <= 12, kept.toString());
        assertEquals(30L, kept.get(kept.size() - 1));
        assertEquals(3, store.list(AccessLog.PREFIX).size());
        assertTrue(log.verify().intact());
        assertTrue(new AccessLog(new FileDurableStore(dir), clock, 4, 3).verify().intact());
        assertEquals("p30", log.entry(30).orElseThrow().paths());
    }

    @Test
    void theExportIsJsonWithEveryField() {
        AccessLog log = new AccessLog(new FileDurableStore(dir), clock);
        log.append(new AccessLog.Event("proto::isp", "Notify", "Device.ProxiedDevice.1.Online", Decision.ALLOWED));
        @SuppressWarnings("unchecked")
        Map<String, Object> row = (Map<String, Object>) ((List<Object>) Json.parse(log.exportJson())).get(0);
        assertEquals(1L, row.get("sequence"));
        assertEquals(clock.instant().toString(), row.get("time"));
        assertEquals("proto::isp", row.get("controller"));
        assertEquals("Notify", row.get("operation"));
        assertEquals("Device.ProxiedDevice.1.Online", row.get("paths"));
        assertEquals("Allowed", row.get("decision"));
        assertEquals(64, ((String) row.get("hash")).length());
    }
}
