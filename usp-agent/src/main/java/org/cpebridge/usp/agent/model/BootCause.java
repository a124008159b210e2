package org.cpebridge.usp.agent.model;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import org.cpebridge.core.json.Json;
import org.cpebridge.core.json.JsonException;
import org.cpebridge.core.store.DurableStore;
import org.cpebridge.core.store.StoreException;

/**
 * Why the agent (re)started, for the {@code Device.Boot!} Event (TR-181 Device:2.19 {@code Boot!}: CommandKey,
 * Cause, Reason). {@code Device.Reboot()} and {@code Device.FactoryReset()} store the pending cause in
 * {@value #RECORD} before asking the service to restart, so the next start reports {@code RemoteReboot} with the
 * Controller's command_key; without a stored cause the start is a {@code LocalReboot}.
 */
public record BootCause(String cause, String commandKey, String reason) {
    public static final String RECORD = "usp/boot-cause";
    static final int FORMAT_VERSION = 1;
    /** A start nobody asked for over USP. */
    public static final BootCause LOCAL_REBOOT = new BootCause("LocalReboot", "", "Unknown");

    public BootCause {
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(commandKey, "commandKey");
        Objects.requireNonNull(reason, "reason");
    }

    /** Stores this cause for the next start (durably, before the restart is requested). */
    public void storeAsPending(DurableStore store) {
        store.write(RECORD, FORMAT_VERSION, Json.write(Map.of("cause", cause, "commandKey", commandKey,
                "reason", reason)).getBytes(StandardCharsets.UTF_8));
    }

    /** The cause stored by the previous run, or {@link #LOCAL_REBOOT}. */
    public static BootCause pending(DurableStore store) {
        var record = store.read(RECORD);
        if (record.isEmpty()) {
            return LOCAL_REBOOT;
        }
        try {
            Map<String, Object> doc = Json.parseObject(record.get().textOfFormat(FORMAT_VERSION));
            return new BootCause((String) doc.get("cause"), (String) doc.get("commandKey"),
                    (String) doc.get("reason"));
        } catch (JsonException | ClassCastException | NullPointerException e) {
            throw new StoreException(RECORD + " is corrupt: " + e.getMessage(), e);
        }
    }

    /** Forgets the stored cause once the Boot! Event has been issued. */
    public static void clear(DurableStore store) {
        store.delete(RECORD);
    }
}
