package org.cpebridge.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.cpebridge.console.auth.PasswordStore;
import org.cpebridge.core.store.FileDurableStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --reset-web-password}: the router's own console forgets the web console's password and nothing else. */
class ResetWebPasswordTest {

    @TempDir
    Path dir;

    @Test
    void theResetForgetsOnlyThePasswordAndExitsZero() {
        FileDurableStore store = new FileDurableStore(dir);
        new PasswordStore(store, 100_000, new java.security.SecureRandom()).setFirst("a household password");
        store.write("core/serial", 1, "CPEB-KEEP".getBytes(StandardCharsets.UTF_8));
        assertTrue(store.read(PasswordStore.RECORD).isPresent());

        assertEquals(0, new Main().run(new String[] {"--data-dir", dir.toString(), "--reset-web-password"}));

        FileDurableStore after = new FileDurableStore(dir);
        assertFalse(after.read(PasswordStore.RECORD).isPresent(), "the password is forgotten");
        assertTrue(after.read("core/serial").isPresent(), "everything else is kept");
        assertFalse(new PasswordStore(after, 100_000, new java.security.SecureRandom()).isSet());
    }

    @Test
    void theOptionIsParsedWithTheOthers() {
        CommandLine line = CommandLine.parse("--reset-web-password", "--data-dir", "/tmp/x");
        assertTrue(line.resetWebPassword());
        assertEquals(Path.of("/tmp/x"), line.dataDir());
        assertFalse(CommandLine.parse("--data-dir", "/tmp/x").resetWebPassword());
    }
}
