package org.cpebridge.privacy.grant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.cpebridge.core.model.PrivacyClass;
import org.cpebridge.core.store.FileDurableStore;
import org.cpebridge.core.store.StoreException;
import org.cpebridge.core.testing.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Grants: checked inputs, expiry on the injected clock, revoke, and a restart keeping both. */
class GrantBookTest {
    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock();

    @Test
    void grantsExpireOnTheClockAndSurviveARestart() throws Exception {
        GrantBook book = new GrantBook(new FileDurableStore(dir), clock);
        Grant thermostat = book.grant("isp", "Device.ProxiedDevice.2.", "STATE", 2 * 3600, "support, 2 hours");
        Grant stove = book.grant("proto::daughter", "Device.ProxiedDevice.[Name==\"Stove\"].", "state",
                30L * 24 * 3600, "stove plug, 30 days");
        assertEquals(1, thermostat.number());
        assertEquals(2, stove.number());
        assertEquals(Set.of(PrivacyClass.STATE), stove.classes());
        assertEquals(clock.instant().plusSeconds(7200), thermostat.expires());

        GrantBook restarted = new GrantBook(new FileDurableStore(dir), clock);
        assertEquals(List.of(thermostat, stove), restarted.active());
        assertEquals(List.of(thermostat), restarted.activeFor("isp"));

        clock.advance(Duration.ofHours(2));
        assertEquals(List.of(), restarted.activeFor("isp"));
        List<Long> ended = new ArrayList<>();
        restarted.onRemoved(ended::add);
        assertEquals(1, restarted.expire());
        assertEquals(List.of(1L), ended);
        assertEquals(List.of(stove), new GrantBook(new FileDurableStore(dir), clock).active());
    }

    @Test
    void revokeEndsAGrantAtOnceAndForGood() throws Exception {
        GrantBook book = new GrantBook(new FileDurableStore(dir), clock);
        Grant g = book.grant("isp", "Device.ProxiedDevice.2.", "STATE", 60, "");
        assertTrue(book.revoke(g.number()));
        assertFalse(book.revoke(g.number()));
        assertEquals(List.of(), book.activeFor("isp"));
        GrantBook restarted = new GrantBook(new FileDurableStore(dir), clock);
        assertEquals(List.of(), restarted.active());
        assertEquals(2, restarted.grant("isp", "Device.ProxiedDevice.2.", "STATE", 60, "").number(),
                "numbers are never reused");
    }

    @Test
    void badInputIsRefusedWithItsReason() {
        GrantBook book = new GrantBook(new FileDurableStore(dir), clock);
        assertEquals("Classes: 'MOOD' is not a privacy class", assertThrows(GrantException.class,
                () -> book.grant("isp", "Device.ProxiedDevice.1.", "STATE,MOOD", 60, "")).getMessage());
        assertThrows(GrantException.class, () -> book.grant("isp", "Device.ProxiedDevice.1.", "", 60, ""));
        assertThrows(GrantException.class, () -> book.grant("isp", "Device.LocalAgent.", "STATE", 60, ""));
        assertThrows(GrantException.class, () -> book.grant("", "Device.ProxiedDevice.1.", "STATE", 60, ""));
        assertThrows(GrantException.class, () -> book.grant("isp", "Device.ProxiedDevice.1.", "STATE", 0, ""));
        assertThrows(GrantException.class, () -> book.grant("isp", "Device.ProxiedDevice.1.", "STATE",
                GrantBook.MAX_DURATION.toSeconds() + 1, ""));
        assertEquals(List.of(), book.active());
    }

    @Test
    void aCorruptRecordStopsRatherThanForgetting() throws Exception {
        new GrantBook(new FileDurableStore(dir), clock).grant("isp", "Device.ProxiedDevice.1.", "STATE", 60, "");
        FileDurableStore store = new FileDurableStore(dir);
        store.write(GrantBook.RECORD, 1, "{\"next\":2,\"grants\":[{\"number\":\"x\"}]}".getBytes());
        assertThrows(StoreException.class, () -> new GrantBook(new FileDurableStore(dir), clock));
        assertTrue(Files.exists(dir));
    }

    @Test
    void plainScopesCoverPartialPathsAndWildcards() {
        assertTrue(GrantScope.PLAIN.covers("Device.ProxiedDevice.2.", "Device.ProxiedDevice.2.IoTCapability.1."));
        assertTrue(GrantScope.PLAIN.covers("Device.ProxiedDevice.*.IoTCapability.1.BinaryControl.Value",
                "Device.ProxiedDevice.9.IoTCapability.1.BinaryControl.Value"));
        assertFalse(GrantScope.PLAIN.covers("Device.ProxiedDevice.2.", "Device.ProxiedDevice.22.Name"));
        assertFalse(GrantScope.PLAIN.covers("Device.ProxiedDevice.2.Name", "Device.ProxiedDevice.2.Names"));
    }
}
