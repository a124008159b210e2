package org.cpebridge.usp.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.cpebridge.core.json.Json;
import org.cpebridge.core.store.DurableStore;
import org.cpebridge.core.store.FileDurableStore;
import org.cpebridge.core.store.StoreException;
import org.cpebridge.core.testing.ForwardingStore;
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

    /**
     * A Controller may read its secret from the data directory the moment it is stored and connect at once: the
     * secret must already be accepted then (a fresh-clone CI run saw 401 for a secret just read).
     */
    @Test
    void aSecretIsAcceptedBeforeItIsStoredAndNotAfterAFailedWrite() {
        FileDurableStore files = new FileDurableStore(dir);
        AtomicReference<WebSocketSecrets> holder = new AtomicReference<>();
        List<String> notYetAccepted = new ArrayList<>();
        boolean[] failWrites = {false};
        Map<String, Object> attempted = new java.util.HashMap<>();
        DurableStore store = new ForwardingStore(files) {
            @Override
            public void write(String name, int formatVersion, byte[] payload) {
                Map<String, Object> controllers = Json.asObject(Json.parseObject(
                        new String(payload, StandardCharsets.UTF_8)).get("controllers")).orElseThrow();
                if (failWrites[0]) {
                    attempted.putAll(controllers);
                    throw new StoreException("disk full");
                }
                controllers.forEach((id, secret) -> {
                    if (holder.get().controllerFor((String) secret).isEmpty()) {
                        notYetAccepted.add(id);
                    }
                });
                super.write(name, formatVersion, payload);
            }
        };
        WebSocketSecrets secrets = new WebSocketSecrets(store, new SecureRandom());
        holder.set(secrets);
        secrets.keepFor(List.of("proto::a"));
        assertEquals(List.of(), notYetAccepted, "stored before it was accepted");

        failWrites[0] = true;
        assertThrows(StoreException.class, () -> secrets.keepFor(List.of("proto::a", "proto::b")));
        String a = WebSocketSecrets.read(files, "proto::a").orElseThrow();
        assertEquals(Optional.of("proto::a"), secrets.controllerFor(a), "the stored one still works");
        assertEquals(Optional.empty(), WebSocketSecrets.read(files, "proto::b"), "nothing stored for b");
        assertEquals(Optional.empty(), secrets.controllerFor((String) attempted.get("proto::b")),
                "a secret whose write failed is not accepted either");
    }
}
