package org.cpebridge.usp.agent;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.cpebridge.core.json.Json;
import org.cpebridge.core.json.JsonException;
import org.cpebridge.core.store.DurableStore;
import org.cpebridge.core.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-Controller secrets of the WebSocket MTP: each Controller in the table gets a random secret (32 bytes,
 * base64url), generated the first time the agent sees it and kept in the store record {@value #RECORD} (format 1:
 * {@code {"controllers": {"<endpoint id>": "<secret>"}}}), a file in the data directory only the service user may
 * read. A Controller opens the WebSocket with {@code Authorization: Bearer <secret>}; the secret, not the {@code eid}
 * it claims, says which Controller it is. Secrets are never logged.
 *
 * <p>Owning thread: the agent's executor writes; {@link #controllerFor} is called from the WebSocket event loop and
 * reads an immutable snapshot.
 */
public final class WebSocketSecrets {
    /** The store record holding the secrets. */
    public static final String RECORD = "usp/websocket-secrets";
    private static final int FORMAT_VERSION = 1;
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketSecrets.class);

    private final DurableStore store;
    private final SecureRandom random;
    private volatile Map<String, String> byController;

    /**
     * @throws StoreException when the record is corrupt or of a newer format (startup stops, as for other records)
     */
    public WebSocketSecrets(DurableStore store, SecureRandom random) {
        this.store = Objects.requireNonNull(store, "store");
        this.random = Objects.requireNonNull(random, "random");
        this.byController = read(store);
    }

    /** The stored secret of a Controller, for tests and tools that hand it to the Controller. */
    public static Optional<String> read(DurableStore store, String controllerId) {
        return Optional.ofNullable(read(store).get(controllerId));
    }

    private static Map<String, String> read(DurableStore store) {
        return store.read(RECORD).map(record -> {
            try {
                Map<String, Object> doc = Json.parseObject(record.textOfFormat(FORMAT_VERSION));
                Map<String, String> secrets = new LinkedHashMap<>();
                Json.requireObject(doc.get("controllers"), "controllers").forEach((id, secret) -> secrets.put(id,
                        (String) secret));
                return Map.copyOf(secrets);
            } catch (JsonException | ClassCastException | NullPointerException e) {
                throw new StoreException(RECORD + " is corrupt: " + e.getClass().getSimpleName(), e);
            }
        }).orElse(Map.of());
    }

    /** Gives every Controller in {@code controllerIds} a secret and forgets those of Controllers that are gone. */
    public void keepFor(Collection<String> controllerIds) {
        Map<String, String> next = new LinkedHashMap<>();
        boolean changed = false;
        for (String id : controllerIds) {
            String secret = byController.get(id);
            if (secret == null) {
                byte[] bytes = new byte[32];
                random.nextBytes(bytes);
                secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
                changed = true;
                LOG.info("[usp] WebSocket secret for Controller {} created in the data directory's {}", id, RECORD);
            }
            next.put(id, secret);
        }
        changed |= !next.keySet().equals(byController.keySet());
        if (changed) {
            // Accepted before it is stored: whoever reads a secret from the data directory can use it at once.
            Map<String, String> previous = byController;
            byController = Map.copyOf(next);
            try {
                store.write(RECORD, FORMAT_VERSION, Json.write(Map.of("controllers", next))
                        .getBytes(StandardCharsets.UTF_8));
            } catch (RuntimeException e) {
                byController = previous;
                throw e;
            }
        }
    }

    /** The Controller whose secret this is, compared in constant time; empty for no match. */
    public Optional<String> controllerFor(String presented) {
        byte[] offered = presented.getBytes(StandardCharsets.UTF_8);
        Optional<String> match = Optional.empty();
        for (Map.Entry<String, String> entry : byController.entrySet()) {
            if (MessageDigest.isEqual(offered, entry.getValue().getBytes(StandardCharsets.UTF_8))) {
                match = Optional.of(entry.getKey());
            }
        }
        return match;
    }
}
