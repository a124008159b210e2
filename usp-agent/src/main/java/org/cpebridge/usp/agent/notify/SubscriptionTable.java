package org.cpebridge.usp.agent.notify;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.cpebridge.core.json.Json;
import org.cpebridge.core.json.JsonException;
import org.cpebridge.core.store.DurableStore;
import org.cpebridge.core.store.StoreException;
import org.cpebridge.core.time.Scheduler;
import org.cpebridge.usp.agent.model.LocalAgentProvider;
import org.cpebridge.usp.agent.model.Tr181Schema;
import org.cpebridge.usp.datamodel.DataModelException;
import org.cpebridge.usp.datamodel.InMemoryObjectProvider;
import org.cpebridge.usp.datamodel.ObjectInstance;
import org.cpebridge.usp.datamodel.ObjectProvider;
import org.cpebridge.usp.datamodel.ObjectSchema;
import org.cpebridge.usp.error.UspErrors;
import org.cpebridge.usp.error.UspReasons;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code Device.LocalAgent.Subscription.{i}.}: rows Controllers add (usp-js's {@code subscribe()} does), with the
 * adding Controller as {@code Recipient} and the time as {@code CreationDate}. Rows with {@code Persistent=true} are
 * stored in {@value #RECORD} and come back after a restart with the same instance numbers; the others do not
 * (TR-181 Subscription.Persistent). A row with {@code TimeToLive > 0} is deleted that many seconds after its
 * creation, by a timer from the injected scheduler (a stored row's timer restarts from its CreationDate); a row whose
 * Recipient Controller is deleted goes too (TR-181 Recipient, TP-469 1.78). Creations and deletions are reported to a
 * {@link RowListener} (ObjectCreation/ObjectDeletion of the table itself, TP-469 1.57/1.58).
 *
 * <p>Owning thread: the agent's executor; timers hop onto it.
 */
public final class SubscriptionTable implements ObjectProvider {
    public static final String RECORD = "usp/subscriptions";
    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionTable.class);
    static final int FORMAT_VERSION = 1;

    /** One enabled subscription, as the notifier needs it ({@code notifExpiration} in seconds, 0 for none). */
    public record Entry(String path, String id, String recipientEndpointId, String notifType,
            List<String> references, boolean notifRetry, long notifExpiration) {
    }

    /** Hears of rows created and deleted (by Add/Delete, TimeToLive or a deleted Recipient). */
    public interface RowListener {
        void created(String path, Map<String, String> uniqueKeys);

        void deleted(String path);
    }

    private final InMemoryObjectProvider memory = new InMemoryObjectProvider();
    private final DurableStore store;
    private final Clock clock;
    private final LocalAgentProvider localAgent;
    private final Supplier<String> requester;
    private final ObjectInstance localAgentObject;
    private final ObjectSchema table;
    private final Scheduler scheduler;
    private final Executor executor;
    private final Map<Long, Instant> createdAt = new HashMap<>();
    private final Map<Long, Scheduler.Cancellable> expiries = new HashMap<>();
    // The row whose ObjectDeletion is being sent, and its Recipient's Endpoint ID.
    private Optional<Map.Entry<Long, String>> deleting = Optional.empty();
    private RowListener listener = new RowListener() {
        @Override
        public void created(String path, Map<String, String> uniqueKeys) {
        }

        @Override
        public void deleted(String path) {
        }
    };

    /**
     * @param requester the Endpoint ID of the Controller whose message is being handled (Add is synchronous on the
     *                  agent's executor, so this is the one adding a row)
     */
    public SubscriptionTable(ObjectSchema root, DurableStore store, Clock clock, Scheduler scheduler,
            Executor executor, LocalAgentProvider localAgent, Supplier<String> requester) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.localAgent = Objects.requireNonNull(localAgent, "localAgent");
        this.requester = Objects.requireNonNull(requester, "requester");
        ObjectSchema localAgentSchema = root.child("LocalAgent").orElseThrow();
        this.localAgentObject = ObjectInstance.root(root).child(localAgentSchema);
        this.table = localAgentSchema.child("Subscription").orElseThrow();
        load();
    }

    /** The enabled subscriptions whose Recipient is a known Controller. */
    public List<Entry> enabled() {
        List<Entry> result = new ArrayList<>();
        for (long n : memory.instances(localAgentObject, table)) {
            ObjectInstance row = localAgentObject.instance(table, n);
            Map<String, String> v = memory.values(row);
            if (!Boolean.parseBoolean(v.get("Enable"))) {
                continue;
            }
            localAgent.endpointIdAt(v.getOrDefault("Recipient", "")).ifPresent(endpoint -> {
                List<String> references = new ArrayList<>();
                for (String r : v.getOrDefault("ReferenceList", "").split(",")) {
                    if (!r.isBlank()) {
                        references.add(r.strip());
                    }
                }
                result.add(new Entry(row.path(), v.getOrDefault("ID", ""), endpoint, v.getOrDefault("NotifType", ""),
                        references, Boolean.parseBoolean(v.get("NotifRetry")), seconds(v.get("NotifExpiration"))));
            });
        }
        return result;
    }

    /**
     * The Endpoint ID of row {@code number}'s Recipient ({@code ""} when its Controller is gone); empty when there is
     * no such row (a row being deleted still answers while its ObjectDeletion is sent). Agent's executor.
     */
    public Optional<String> recipientOf(long number) {
        if (!memory.instances(localAgentObject, table).contains(number)) {
            return deleting.filter(d -> d.getKey() == number).map(Map.Entry::getValue);
        }
        String recipient = memory.values(localAgentObject.instance(table, number)).getOrDefault("Recipient", "");
        return Optional.of(localAgent.endpointIdAt(recipient).orElse(""));
    }

    @Override
    public List<Long> instances(ObjectInstance parent, ObjectSchema t) {
        return memory.instances(parent, t);
    }

    @Override
    public Map<String, String> values(ObjectInstance object) {
        return memory.values(object);
    }

    @Override
    public long add(ObjectInstance parent, ObjectSchema t, Map<String, String> given) throws DataModelException {
        Map<String, String> row = new LinkedHashMap<>(given);
        String recipient = localAgent.controllerPath(requester.get()).orElseThrow(() ->
                new DataModelException(UspErrors.PERMISSION_DENIED,
                        UspReasons.ONLY_CONFIGURED_CONTROLLER_SUBSCRIBES));
        row.put("Recipient", recipient);
        Instant now = clock.instant();
        row.put("CreationDate", now.truncatedTo(ChronoUnit.SECONDS).toString());
        if (row.getOrDefault("ID", "").isEmpty()) {
            row.put("ID", "cpe-" + clock.millis());
        }
        long number = memory.add(parent, t, row);
        createdAt.put(number, now);
        persist();
        armExpiry(number);
        ObjectInstance created = parent.instance(t, number);
        Map<String, String> v = memory.values(created);
        listener.created(created.path(), Map.of("Alias", v.getOrDefault("Alias", ""), "Recipient", recipient,
                "ID", v.getOrDefault("ID", "")));
        return number;
    }

    @Override
    public CompletionStage<Void> set(ObjectInstance object, Map<String, String> newValues) {
        return memory.set(object, newValues).thenRun(() -> {
            persist();
            if (newValues.containsKey("TimeToLive")) {
                armExpiry(number(object));
            }
        });
    }

    @Override
    public CompletionStage<Void> delete(ObjectInstance row) {
        String recipient = recipientAt(row);
        return memory.delete(row).thenRun(() -> forget(row, recipient));
    }

    /** Stops the TimeToLive timers (the agent is stopping). */
    public void close() {
        expiries.values().forEach(Scheduler.Cancellable::cancel);
        expiries.clear();
    }

    /** Sets who hears of created and deleted rows (the notifier). */
    public void onRows(RowListener rowListener) {
        this.listener = Objects.requireNonNull(rowListener, "rowListener");
    }

    /** Deletes the rows whose Recipient Controller no longer exists (TR-181 Subscription.{i}.Recipient). */
    public void dropOrphans() {
        for (long n : memory.instances(localAgentObject, table)) {
            ObjectInstance row = localAgentObject.instance(table, n);
            String recipient = memory.values(row).getOrDefault("Recipient", "");
            if (localAgent.endpointIdAt(recipient).isEmpty()) {
                LOG.debug("[usp] {} dropped: its Recipient {} is gone", row.path(), recipient);
                deleteNow(row);
            }
        }
    }

    private void deleteNow(ObjectInstance row) {
        String recipient = recipientAt(row);
        memory.delete(row).thenRun(() -> forget(row, recipient));
    }

    private String recipientAt(ObjectInstance row) {
        return localAgent.endpointIdAt(memory.values(row).getOrDefault("Recipient", "")).orElse("");
    }

    private void forget(ObjectInstance row, String recipient) {
        long number = number(row);
        Scheduler.Cancellable expiry = expiries.remove(number);
        if (expiry != null) {
            expiry.cancel();
        }
        createdAt.remove(number);
        persist();
        // While the ObjectDeletion goes out, the row's Recipient still decides who may hear of it.
        deleting = Optional.of(Map.entry(number, recipient));
        try {
            listener.deleted(row.path());
        } finally {
            deleting = Optional.empty();
        }
    }

    /** (Re)starts the TimeToLive timer of a row: creation time plus TimeToLive seconds, if that is above 0. */
    private void armExpiry(long number) {
        Scheduler.Cancellable old = expiries.remove(number);
        if (old != null) {
            old.cancel();
        }
        ObjectInstance row = localAgentObject.instance(table, number);
        long ttl = seconds(memory.values(row).get("TimeToLive"));
        Instant created = createdAt.get(number);
        if (ttl <= 0 || created == null) {
            return;
        }
        Duration delay = Duration.between(clock.instant(), created.plusSeconds(ttl));
        expiries.put(number, scheduler.schedule(delay.isNegative() ? Duration.ZERO : delay,
                () -> executor.execute(() -> expire(row))));
    }

    private void expire(ObjectInstance row) {
        if (!memory.instances(localAgentObject, table).contains(number(row))) {
            return;
        }
        LOG.debug("[usp] {} reached its TimeToLive", row.path());
        expiries.remove(number(row));
        deleteNow(row);
    }

    private static long number(ObjectInstance row) {
        return row.instanceNumbers().get(row.instanceNumbers().size() - 1);
    }

    private static long seconds(String value) {
        try {
            return value == null || value.isEmpty() ? 0 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private void persist() {
        List<Object> rows = new ArrayList<>();
        for (long n : memory.instances(localAgentObject, table)) {
            Map<String, String> v = memory.values(localAgentObject.instance(table, n));
            if (Boolean.parseBoolean(v.get("Persistent"))) {
                rows.add(Map.of("number", n, "values", new LinkedHashMap<>(v)));
            }
        }
        store.write(RECORD, FORMAT_VERSION, Json.write(Map.of("subscriptions", rows))
                .getBytes(StandardCharsets.UTF_8));
    }

    private void load() {
        var record = store.read(RECORD);
        if (record.isEmpty()) {
            return;
        }
        try {
            Map<String, Object> doc = Json.parseObject(record.get().textOfFormat(FORMAT_VERSION));
            for (Object o : Json.requireArray(doc.get("subscriptions"), "subscriptions")) {
                Map<String, Object> row = Json.requireObject(o, "subscription");
                Map<String, String> values = new LinkedHashMap<>();
                Json.requireObject(row.get("values"), "values").forEach((k, v) -> values.put(k, String.valueOf(v)));
                long number = (Long) row.get("number");
                memory.putRow(Tr181Schema.SUBSCRIPTIONS, number, values);
                createdAt.put(number, Instant.parse(values.get("CreationDate")));
                armExpiry(number);
            }
        } catch (JsonException | ClassCastException | NullPointerException | DateTimeParseException e) {
            throw new StoreException(RECORD + " is corrupt: " + e.getMessage(), e);
        }
    }
}
