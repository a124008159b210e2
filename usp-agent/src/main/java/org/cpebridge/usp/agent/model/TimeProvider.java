package org.cpebridge.usp.agent.model;

import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.cpebridge.core.time.TimeReading;
import org.cpebridge.core.time.TimeServerStatus;
import org.cpebridge.core.time.TimeSource;
import org.cpebridge.usp.datamodel.ObjectInstance;
import org.cpebridge.usp.datamodel.ObjectProvider;
import org.cpebridge.usp.datamodel.ObjectSchema;

/**
 * Serves {@code Device.Time.} (TR-181 Time:1: Enable, Status, CurrentLocalTime) from the service's time source, and the
 * vendor object {@code Device.Time.X_CPEBRIDGE_Roughtime.} with how far the time is trusted and each Roughtime server's
 * last result. The bridge keeps UTC (there is no configured zone), so CurrentLocalTime is UTC with a {@code Z}.
 *
 * <p>Enable is read-only: the secure-time client is switched by the {@code time.client.*} keys. Status follows TR-181's
 * enumeration: {@code Disabled} when no server is configured (client off), {@code Synchronized} once a quorum of
 * servers agreed, {@code Error_FailedToSynchronize} after a synchronisation that did not secure the time, and
 * {@code Unsynchronized} before the first one ends. Owning thread: the agent's; the time source is thread-safe.
 */
public final class TimeProvider implements ObjectProvider {
    private final TimeSource time;

    public TimeProvider(TimeSource time) {
        this.time = Objects.requireNonNull(time, "time");
    }

    @Override
    public List<Long> instances(ObjectInstance parent, ObjectSchema table) {
        List<Long> rows = new ArrayList<>();
        for (long i = 1; i <= time.servers().size(); i++) {
            rows.add(i);
        }
        return rows;
    }

    @Override
    public Map<String, String> values(ObjectInstance object) {
        Map<String, String> values = new LinkedHashMap<>();
        List<TimeServerStatus> servers = time.servers();
        switch (object.schema().name()) {
            case "Time" -> {
                TimeReading reading = time.read();
                values.put("Enable", Boolean.toString(!servers.isEmpty()));
                values.put("Status", status(reading, servers));
                values.put("CurrentLocalTime",
                        DateTimeFormatter.ISO_INSTANT.format(reading.utc().truncatedTo(ChronoUnit.SECONDS)));
            }
            case "X_CPEBRIDGE_Roughtime" -> {
                TimeReading reading = time.read();
                values.put("Trust", switch (reading.trust()) {
                    case SECURED -> "Secured";
                    case LAST_KNOWN_GOOD -> "LastKnownGood";
                    case UNVERIFIED -> "Unverified";
                });
                values.put("Uncertainty", Long.toString(Math.min(reading.uncertainty().toMillis(), 0xFFFF_FFFFL)));
                values.put("ServerNumberOfEntries", Integer.toString(servers.size()));
            }
            case "Server" -> {
                int row = object.instanceNumbers().get(object.instanceNumbers().size() - 1).intValue();
                if (row >= 1 && row <= servers.size()) {
                    TimeServerStatus server = servers.get(row - 1);
                    values.put("Address", server.address());
                    values.put("PublicKey", server.publicKey());
                    values.put("LastResult", switch (server.result()) {
                        case NOT_ASKED -> "NotAsked";
                        case AGREED -> "Agreed";
                        case OUTVOTED -> "Outvoted";
                        case FAILED -> "Failed";
                    });
                    values.put("LastCheck", server.checkedAt().map(at -> DateTimeFormatter.ISO_INSTANT.format(
                            at.truncatedTo(ChronoUnit.SECONDS))).orElse(ProxiedDeviceProvider.UNKNOWN_TIME));
                    values.put("Detail", server.detail());
                }
            }
            default -> {
            }
        }
        return values;
    }

    private static String status(TimeReading reading, List<TimeServerStatus> servers) {
        if (servers.isEmpty()) {
            return "Disabled";
        }
        if (reading.trust() == TimeReading.Trust.SECURED) {
            return "Synchronized";
        }
        boolean tried = servers.stream().anyMatch(s -> s.result() != TimeServerStatus.Result.NOT_ASKED);
        return tried ? "Error_FailedToSynchronize" : "Unsynchronized";
    }
}
