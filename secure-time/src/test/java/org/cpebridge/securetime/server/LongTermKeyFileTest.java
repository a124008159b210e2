package org.cpebridge.securetime.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.SecureRandom;
import org.cpebridge.securetime.crypto.Ed25519;
import org.cpebridge.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LongTermKeyFileTest {

    @TempDir
    Path dir;

    @Test
    void generatedAtFirstStartOwnerOnlyAndTheSameAfterARestart() throws Exception {
        Path file = dir.resolve("time/server-longterm.key");
        KeyPair first = LongTermKeyFile.loadOrCreate(file, new SecureRandom());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        KeyPair again = LongTermKeyFile.loadOrCreate(file, new SecureRandom());
        assertEquals(Ed25519.rawPublic(first.getPublic()), Ed25519.rawPublic(again.getPublic()));
        // The reloaded private key signs what the public key verifies.
        Bytes signature = Ed25519.sign(again.getPrivate(), new byte[] {1}, Bytes.of(new byte[] {2}));
        assertTrue(Ed25519.verify(first.getPublic(), signature, new byte[] {1}, Bytes.of(new byte[] {2})));
        try (var files = Files.list(file.getParent())) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void aKeyFileOthersCanReadIsRefused() throws Exception {
        Path file = dir.resolve("key");
        LongTermKeyFile.loadOrCreate(file, new SecureRandom());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertTrue(assertThrows(java.io.IOException.class, () -> LongTermKeyFile.loadOrCreate(file,
                new SecureRandom())).getMessage().contains("0600"));
    }

    @Test
    void aDamagedKeyFileIsRefusedNotReplaced() throws Exception {
        Path file = dir.resolve("key");
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, LongTermKeyFile.FORMAT_LINE + "\nAAAA\n");
        assertThrows(java.io.IOException.class, () -> LongTermKeyFile.loadOrCreate(file, new SecureRandom()));
        assertEquals(LongTermKeyFile.FORMAT_LINE + "\nAAAA\n", Files.readString(file));
    }
}
