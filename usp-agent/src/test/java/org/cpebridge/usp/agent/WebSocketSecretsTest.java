package org.cpebridge.usp.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import org.cpebridge.core.store.FileDurableStore;
import org.cpebridge.core.store.StoreException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebSocketSecretsTest {
    @TempDir
    Path dir;

    @Test
    void eachControllerGetsItsOwnSecretKeptAcrossInstances() {
        FileDurableStore store = new FileDurableStore(dir);
        WebSocketSecrets secrets = new WebSocketSecrets(store, new SecureRandom());
        secrets.keepFor(List.of("proto::a", "proto::b"));
        String a = WebSocketSecrets.read(store, "proto::a").orElseThrow();
        String b = WebSocketSecrets.read(store, "proto::b").orElseThrow();
        assertNotEquals(a, b);
        assertTrue(a.matches("[A-Za-z0-9_-]{43}"), a);
        assertEquals(Optional.of("proto::a"), secrets.controllerFor(a));
        assertEquals(Optional.of("proto::b"), secrets.controllerFor(b));
        assertEquals(Optional.empty(), secrets.controllerFor(a + "x"));
        assertEquals(Optional.empty(), secrets.controllerFor(""));

        WebSocketSecrets again = new WebSocketSecrets(new FileDurableStore(dir), new SecureRandom());
        again.keepFor(List.of("proto::a", "proto::b"));
        assertEquals(Optional.of("proto::a"), again.controllerFor(a));
    }

    @Test
    void aControllerThatLeavesTheTableTakesItsSecretWithIt() {
        FileDurableStore store = new FileDurableStore(dir);
        WebSocketSecrets secrets = new WebSocketSecrets(store, new SecureRandom());
        secrets.keepFor(List.of("proto::a", "proto::b"));
        String b = WebSocketSecrets.read(store, "proto::b").orElseThrow();
        secrets.keepFor(List.of("proto::a"));
        assertEquals(Optional.empty(), secrets.controllerFor(b));
        assertEquals(Optional.empty(), WebSocketSecrets.read(store, "proto::b"));
    }

    @Test
    void aCorruptRecordStopsStartup() {
        FileDurableStore store = new FileDurableStore(dir);
        store.write(WebSocketSecrets.RECORD, 1, "{\"controllers\": [1]}".getBytes(StandardCharsets.UTF_8));
        assertThrows(StoreException.class, () -> new WebSocketSecrets(store, new SecureRandom()));
        store.write(WebSocketSecrets.RECORD, 2, "{}".getBytes(StandardCharsets.UTF_8));
        assertThrows(StoreException.class, () -> new WebSocketSecrets(store, new SecureRandom()));
    }
}
