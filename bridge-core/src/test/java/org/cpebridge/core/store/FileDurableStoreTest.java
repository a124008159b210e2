package org.cpebridge.core.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileDurableStoreTest {

    @TempDir
    Path dir;

    @Test
    void writesReadsListsAndDeletes() {
        FileDurableStore store = new FileDurableStore(dir);
        assertTrue(store.read("matter/fabrics").isEmpty());
        store.write("matter/fabrics", 3, "one".getBytes(StandardCharsets.UTF_8));
        store.write("matter/fabrics", 3, "two".getBytes(StandardCharsets.UTF_8));
        store.write("core/devices", 1, new byte[0]);
        StoredRecord record = store.read("matter/fabrics").orElseThrow();
        assertEquals(3, record.formatVersion());
        assertArrayEquals("two".getBytes(StandardCharsets.UTF_8), record.payload());
        assertEquals(List.of("core/devices", "matter/fabrics"), store.list(""));
        assertEquals(List.of("matter/fabrics"), store.list("matter/"));
        assertEquals(0, store.read("core/devices").orElseThrow().payload().length);
        store.delete("matter/fabrics");
        store.delete("matter/fabrics");
        assertTrue(store.read("matter/fabrics").isEmpty());
    }

    @Test
    void fileCarriesAReadableVersionedHeader() throws Exception {
        new FileDurableStore(dir).write("usp/subscriptions", 2, "[]".getBytes(StandardCharsets.UTF_8));
        String text = Files.readString(dir.resolve("usp/subscriptions.rec"));
        assertEquals("CPEBRIDGE-STORE 1\nname=usp/subscriptions\nformat=2\nlength=2\ncrc32="
                + Long.toHexString(crcOf("[]")) + "\n\n[]", text);
    }

    @Test
    void readingWithoutOpeningLeavesTheStoreAsItFindsIt() throws Exception {
        new FileDurableStore(dir).write("matter/onboarding", 1, "data".getBytes(StandardCharsets.UTF_8));
        Path leftover = dir.resolve("matter/.onboarding.rec.tmp-77");
        Files.writeString(leftover, "a write in progress in another process");

        StoredRecord record = FileDurableStore.readWithoutOpening(dir, "matter/onboarding").orElseThrow();

        assertArrayEquals("data".getBytes(StandardCharsets.UTF_8), record.payload());
        assertTrue(Files.exists(leftover), "another process's unfinished write was removed");
        assertTrue(FileDurableStore.readWithoutOpening(dir, "matter/fabrics").isEmpty());
        assertTrue(FileDurableStore.readWithoutOpening(dir.resolve("absent"), "matter/onboarding").isEmpty());
        assertFalse(Files.exists(dir.resolve("absent")), "a missing data directory was created");
        assertThrows(IllegalArgumentException.class, () -> FileDurableStore.readWithoutOpening(dir, "../etc"));
    }

    private static long crcOf(String text) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(text.getBytes(StandardCharsets.UTF_8));
        return crc.getValue();
    }

    @Test
    void damagedFilesAreReportedWithTheirPath() throws Exception {
        FileDurableStore store = new FileDurableStore(dir);
        store.write("core/devices", 1, "payload".getBytes(StandardCharsets.UTF_8));
        Path file = dir.resolve("core/devices.rec");
        byte[] good = Files.readAllBytes(file);

        Files.write(file, new byte[0]);
        assertCorrupt(store, "empty");

        Files.write(file, java.util.Arrays.copyOf(good, good.length - 2));
        assertCorrupt(store, "payload is");

        byte[] flipped = good.clone();
        flipped[flipped.length - 1] ^= 0x01;
        Files.write(file, flipped);
        assertCorrupt(store, "checksum");

        Files.writeString(file, "{\"just\":\"json\"}");
        assertCorrupt(store, "header");
    }

    private static void assertCorrupt(FileDurableStore store, String reason) {
        StoreException error = assertThrows(StoreException.class, () -> store.read("core/devices"));
        assertTrue(error.getMessage().contains("devices.rec"), error.getMessage());
        assertTrue(error.getMessage().contains(reason), error.getMessage());
    }

    @Test
    void aRecordCopiedUnderAnotherNameIsRefused() throws Exception {
        FileDurableStore store = new FileDurableStore(dir);
        store.write("a/one", 1, new byte[] {1});
        Files.createDirectories(dir.resolve("b"));
        Files.copy(dir.resolve("a/one.rec"), dir.resolve("b/two.rec"));
        assertThrows(StoreException.class, () -> store.read("b/two"));
    }

    /**
     * Components list their records while others write theirs (at start the Matter bridge writes its endpoints while
     * the USP face lists the access log): a write's temporary file that is renamed away between the directory read
     * and its attributes is no record, and must not fail the listing. Before the fix the listing threw
     * {@code UncheckedIOException(NoSuchFileException)} here, and the service's start with it.
     */
    @Test
    void listingWhileAnotherRecordIsWrittenSeesOnlyWholeRecords() throws Exception {
        FileDurableStore store = new FileDurableStore(dir);
        store.write("privacy/audit/0", 1, new byte[] {1});
        store.write("matter/bridge-endpoints", 1, new byte[] {1});
        java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread writer = new Thread(() -> {
            byte[] payload = new byte[256];
            while (writing.get()) {
                store.write("matter/bridge-endpoints", 1, payload);
            }
        }, "writer");
        writer.start();
        try {
            for (int i = 0; i < 2000; i++) {
                assertEquals(List.of("matter/bridge-endpoints", "privacy/audit/0"), store.list(""));
                assertEquals(List.of("privacy/audit/0"), store.list("privacy/audit/"));
            }
        } finally {
            writing.set(false);
            writer.join();
        }
    }

    @Test
    void aPrefixListsOnlyItsOwnRecordsAndAMissingDirectoryNone() {
        FileDurableStore store = new FileDurableStore(dir);
        store.write("usp/subscriptions", 1, new byte[0]);
        store.write("usp/websocket-secrets", 1, new byte[0]);
        store.write("usp2/other", 1, new byte[0]);
        store.write("privacy/audit/a/1", 1, new byte[0]);
        assertEquals(List.of("usp/subscriptions", "usp/websocket-secrets"), store.list("usp/"));
        assertEquals(List.of("usp/subscriptions"), store.list("usp/sub"));
        assertEquals(List.of("usp/subscriptions", "usp/websocket-secrets", "usp2/other"), store.list("usp"));
        assertEquals(List.of("privacy/audit/a/1"), store.list("privacy/"));
        assertEquals(List.of(), store.list("nothing/here/"));
        assertEquals(List.of(), store.list("../"));
    }

    @Test
    void leftoverTemporaryFilesAreRemovedOnOpen() throws Exception {
        Files.createDirectories(dir.resolve("core"));
        Path leftover = dir.resolve("core/.devices.rec.tmp-1234");
        Files.writeString(leftover, "half a wri");
        new FileDurableStore(dir);
        assertFalse(Files.exists(leftover));
    }

    @Test
    void namesAreConfinedToTheDataDirectory() {
        FileDurableStore store = new FileDurableStore(dir);
        for (String bad : List.of("../etc/passwd", "/abs", "a/../b", "UPPER", "", "a//b", ".hidden")) {
            assertThrows(IllegalArgumentException.class, () -> store.write(bad, 1, new byte[0]), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> store.write("ok", 0, new byte[0]));
    }

    @Test
    void theDataDirectoryIs0700AndEveryFile0600() throws Exception {
        Path data = dir.resolve("data");
        FileDurableStore store = new FileDurableStore(data);
        store.write("core/mqtt-accounts", 1, "{\"secret\":\"x\"}".getBytes(StandardCharsets.UTF_8));
        store.write("matter/keys/fabric-1", 1, new byte[] {1, 2, 3});
        store.write("core/mqtt-accounts", 1, "{\"secret\":\"y\"}".getBytes(StandardCharsets.UTF_8));
        assertModes(data);
        assertEquals("rwx------", mode(data.resolve("matter/keys")));
        assertEquals("rw-------", mode(data.resolve("core/mqtt-accounts.rec")));
    }

    @Test
    void aTreeLeftWiderByAnOlderVersionIsNarrowedWhenTheStoreOpens() throws Exception {
        Path data = dir.resolve("old");
        new FileDurableStore(data).write("core/devices", 1, new byte[] {1});
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(data.resolve("core"), PosixFilePermissions.fromString("rwxrwxr-x"));
        Files.setPosixFilePermissions(data.resolve("core/devices.rec"), PosixFilePermissions.fromString("rw-r--r--"));
        FileDurableStore reopened = new FileDurableStore(data);
        assertModes(data);
        assertArrayEquals(new byte[] {1}, reopened.read("core/devices").orElseThrow().payload());
    }

    private static void assertModes(Path data) throws Exception {
        try (var paths = Files.walk(data)) {
            for (Path path : paths.toList()) {
                assertEquals(Files.isDirectory(path) ? "rwx------" : "rw-------", mode(path), path.toString());
            }
        }
    }

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
