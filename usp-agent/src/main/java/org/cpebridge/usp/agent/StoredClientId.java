package org.cpebridge.usp.agent;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.cpebridge.core.store.DurableStore;

/**
 * The MQTT Client Identifier a 5.0 broker assigned to the agent, kept in {@value #RECORD} so the next CONNECT, also
 * after a restart, asks for the same session identity (R-MQTT.9, TP-469 11.5). Format 1: the identifier as UTF-8.
 */
final class StoredClientId {
    static final String RECORD = "usp/mqtt-client-id";
    private static final int FORMAT_VERSION = 1;

    private StoredClientId() {
    }

    static Optional<String> read(DurableStore store) {
        return store.read(RECORD).map(record -> record.textOfFormat(FORMAT_VERSION)).filter(id -> !id.isEmpty());
    }

    static void write(DurableStore store, String clientId) {
        if (!read(store).equals(Optional.of(clientId))) {
            store.write(RECORD, FORMAT_VERSION, clientId.getBytes(StandardCharsets.UTF_8));
        }
    }
}
