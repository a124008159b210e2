package org.cpebridge.usp.agent.notify;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.cpebridge.core.json.Json;
import org.cpebridge.core.json.JsonException;
import org.cpebridge.core.store.DurableStore;
import org.cpebridge.core.store.StoreException;
import org.cpebridge.usp.agent.model.LocalAgentProvider;
import org.cpebridge.usp.agent.model.Tr181Schema;
import org.cpebridge.usp.datamodel.DataModelException;
import org.cpebridge.usp.datamodel.InMemoryObjectProvider;
import org.cpebridge.usp.datamodel.ObjectInstance;
import org.cpebridge.usp.datamodel.ObjectProvider;
import org.cpebridge.usp.datamodel.ObjectSchema;

/**
 * {@code Device.LocalAgent.Subscription.{i}.}: rows Controllers add (usp-js's {@code subscribe()} does), with the
 * adding Controller as {@code Recipient} and the time as {@code CreationDate}. Rows with {@code Persistent=true} are
 * stored in {@value #RECORD} and come back after a restart with the same instance numbers; the others do not
 * (TR-181 Subscription.Persistent). Owning thread: the agent's executor.
 */
public final class SubscriptionTable implements ObjectProvider {
    public static final String RECORD = "usp/subscriptions";
    static final int FORMAT_VERSION = 1;

    /** One enabled subscription, as the notifier needs it. */
    public record Entry(String path, String id, String recipientEndpointId, String notifType,
            List<String> references, boolean notifRetry) {
    }

    private final InMemoryObjectProvider memory = new InMemoryObjectProvider();
    private final DurableStore store;
    private final Clock clock;
    private final LocalAgentProvider localAgent;
    private final Supplier<String> requester;
    private final ObjectInstance localAgentObject;
    private final ObjectSchema table;

    /**
     * @param requester the Endpoint ID of the Controller whose message is being handled (Add is synchronous on the
     *                  agent's executor, so this is the one adding a row)
     */
    public SubscriptionTable(ObjectSchema root, DurableStore store, Clock clock, LocalAgentProvider localAgent,
            Supplier<String> requester) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
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
                        references, Boolean.parseBoolean(v.get("NotifRetry"))));
            });
        }
        return result;
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
                new DataModelException(7006, "only a configured Controller can subscribe"));
        row.put("Recipient", recipient);
        row.put("CreationDate", clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        if (row.getOrDefault("ID", "").isEmpty()) {
            row.put("ID", "cpe-" + clock.millis());
        }
        long number = memory.add(parent, t, row);
        persist();
        return number;
    }

    @Override
    public CompletionStage<Void> set(ObjectInstance object, Map<String, String> newValues) {
        return memory.set(object, newValues).thenRun(this::persist);
    }

    @Override
    public CompletionStage<Void> delete(ObjectInstance row) {
        return memory.delete(row).thenRun(this::persist);
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

    @SuppressWarnings("unchecked")
    private void load() {
        var record = store.read(RECORD);
        if (record.isEmpty()) {
            return;
        }
        if (record.get().formatVersion() != FORMAT_VERSION) {
            throw new StoreException(RECORD + " has format " + record.get().formatVersion() + ", this build reads "
                    + FORMAT_VERSION);
        }
        try {
            Map<String, Object> doc = Json.parseObject(new String(record.get().payload(), StandardCharsets.UTF_8));
            for (Object o : (List<Object>) doc.get("subscriptions")) {
                Map<String, Object> row = (Map<String, Object>) o;
                Map<String, String> values = new LinkedHashMap<>();
                ((Map<String, Object>) row.get("values")).forEach((k, v) -> values.put(k, String.valueOf(v)));
                memory.putRow(Tr181Schema.SUBSCRIPTIONS, (Long) row.get("number"), values);
            }
        } catch (JsonException | ClassCastException | NullPointerException e) {
            throw new StoreException(RECORD + " is corrupt: " + e.getMessage(), e);
        }
    }
}
