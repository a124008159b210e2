package org.cpebridge.usp.agent.model;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.cpebridge.core.json.Json;
import org.cpebridge.core.json.JsonException;
import org.cpebridge.core.store.DurableStore;
import org.cpebridge.core.store.StoreException;
import org.cpebridge.usp.datamodel.CommandSchema;
import org.cpebridge.usp.datamodel.DataModelException;
import org.cpebridge.usp.datamodel.InMemoryObjectProvider;
import org.cpebridge.usp.datamodel.ObjectInstance;
import org.cpebridge.usp.datamodel.ObjectProvider;
import org.cpebridge.usp.datamodel.ObjectSchema;
import org.cpebridge.usp.error.UspErrors;
import org.cpebridge.usp.error.UspReasons;

/**
 * Serves {@code Device.LocalAgent.}: the agent's identity, its MTP and the Controller table (stored durably in
 * {@value #RECORD}, created from the configuration at first start, its first Controller in the full-access role).
 * Also answers the agent's own questions: which topic a Controller is reached on, and which roles it was assigned.
 * {@code ControllerTrust.} is served by {@link ControllerTrustProvider}. Owning thread: the agent's executor.
 */
public final class LocalAgentProvider implements ObjectProvider {
    public static final String RECORD = "usp/controllers";
    static final int FORMAT_VERSION = 1;
    private static final long WEBSOCKET_MTP = 2;
    private static final String WEBSOCKET_MTP_PATH = Tr181Schema.LOCAL_AGENT + "MTP." + WEBSOCKET_MTP + ".";

    /** A Controller the agent knows, as far as the MTP needs it. */
    public record ControllerEntry(String endpointId, boolean enabled, Optional<String> mqttTopic,
            List<String> assignedRoles) {
    }

    private final InMemoryObjectProvider memory = new InMemoryObjectProvider();
    // Until the ControllerTrust table is wired in, any well-formed Role path is accepted.
    private Predicate<String> roleExists = reference -> reference.strip().startsWith(Tr181Schema.ROLES);
    private final DurableStore store;
    private final ObjectInstance localAgent;
    private final ObjectSchema controllerTable;
    private final ObjectSchema controllerMtpTable;
    private final ObjectSchema agentMtpTable;
    // The access policy asks for a Controller's roles once per parameter; reading the table each time is slow.
    private volatile List<ControllerEntry> controllerCache;
    private final List<Runnable> controllerListeners = new ArrayList<>();
    private Consumer<String> onBoardRequests = endpointId -> { };
    private BiConsumer<String, Map<String, String>> controllerSets = (path, values) -> { };

    /**
     * @param root the {@code Device.} schema of {@link Tr181Schema#build()}
     */
    public LocalAgentProvider(ObjectSchema root, DurableStore store, String endpointId, String softwareVersion,
            String agentTopic, String defaultControllerId, String defaultControllerTopic) {
        this(root, store, endpointId, softwareVersion, agentTopic, defaultControllerId, defaultControllerTopic, false);
    }

    /**
     * @param onBoardDefaultController whether the Controller created at first start begins with OnBoardingComplete
     *                                 false, so it gets an OnBoardRequest after each start until it sets it true
     */
    public LocalAgentProvider(ObjectSchema root, DurableStore store, String endpointId, String softwareVersion,
            String agentTopic, String defaultControllerId, String defaultControllerTopic,
            boolean onBoardDefaultController) {
        this.store = Objects.requireNonNull(store, "store");
        ObjectSchema localAgentSchema = root.child("LocalAgent").orElseThrow();
        this.localAgent = ObjectInstance.root(root).child(localAgentSchema);
        this.controllerTable = localAgentSchema.child("Controller").orElseThrow();
        this.controllerMtpTable = controllerTable.child("MTP").orElseThrow();
        this.agentMtpTable = localAgentSchema.child("MTP").orElseThrow();
        memory.put(Tr181Schema.LOCAL_AGENT, "EndpointID", endpointId)
                .put(Tr181Schema.LOCAL_AGENT, "SoftwareVersion", softwareVersion)
                .put(Tr181Schema.LOCAL_AGENT, "SupportedProtocols", "MQTT")
                .putRow(Tr181Schema.LOCAL_AGENT + "MTP.", 1, Map.of("Alias", "cpe-1", "Enable", "true",
                        "Status", "Down", "Protocol", "MQTT"))
                .put(Tr181Schema.LOCAL_AGENT + "MTP.1.MQTT.", "Reference", Tr181Schema.MQTT_CLIENT)
                .put(Tr181Schema.LOCAL_AGENT + "MTP.1.MQTT.", "ResponseTopicConfigured", agentTopic)
                .put(Tr181Schema.LOCAL_AGENT + "MTP.1.MQTT.", "PublishQoS", "1");
        memory.onCommand(Tr181Schema.CONTROLLERS + "{i}.SendOnBoardRequest()", this::sendOnBoardRequest);
        if (!load()) {
            memory.putRow(Tr181Schema.CONTROLLERS, 1, Map.of("Alias", "cpe-1", "EndpointID", defaultControllerId,
                    "Enable", "true", "AssignedRole", ControllerTrustProvider.FULL_ACCESS_ROLE,
                    "OnBoardingComplete", Boolean.toString(!onBoardDefaultController)));
            memory.putRow(Tr181Schema.CONTROLLERS + "1.MTP.", 1, Map.of("Alias", "cpe-1", "Enable", "true",
                    "Protocol", "MQTT"));
            memory.put(Tr181Schema.CONTROLLERS + "1.MTP.1.MQTT.", "Topic", defaultControllerTopic);
            persist();
        }
    }

    /** Records the MTP's state in {@code Device.LocalAgent.MTP.1.}. */
    public void mtpStatus(boolean up, Optional<String> discoveredTopic) {
        memory.put(Tr181Schema.LOCAL_AGENT + "MTP.1.", "Status", up ? "Up" : "Down");
        memory.put(Tr181Schema.LOCAL_AGENT + "MTP.1.MQTT.", "ResponseTopicDiscovered", discoveredTopic.orElse(""));
    }

    /**
     * Adds {@code Device.LocalAgent.MTP.2.}, the WebSocket server MTP (agent as server), and names
     * WebSocket in SupportedProtocols. {@code Interfaces} stays empty: the model has no {@code Device.IP.Interface.}
     * rows to point at.
     */
    public void webSocketMtp(int port, String path, long keepAliveSeconds) {
        webSocketMtp(port, path, keepAliveSeconds, false);
    }

    /** As {@link #webSocketMtp(int, String, long)}; {@code encrypted}: TLS is on (EnableEncryption, R-WS.22). */
    public void webSocketMtp(int port, String path, long keepAliveSeconds, boolean encrypted) {
        memory.put(Tr181Schema.LOCAL_AGENT, "SupportedProtocols", "MQTT,WebSocket")
                .putRow(Tr181Schema.LOCAL_AGENT + "MTP.", WEBSOCKET_MTP, Map.of("Alias", "cpe-" + WEBSOCKET_MTP,
                        "Enable", "true", "Status", "Down", "Protocol", "WebSocket"))
                .put(WEBSOCKET_MTP_PATH + "WebSocket.", "Interfaces", "")
                .put(WEBSOCKET_MTP_PATH + "WebSocket.", "Port", Integer.toString(port))
                .put(WEBSOCKET_MTP_PATH + "WebSocket.", "Path", path)
                .put(WEBSOCKET_MTP_PATH + "WebSocket.", "EnableEncryption", Boolean.toString(encrypted))
                .put(WEBSOCKET_MTP_PATH + "WebSocket.", "KeepAliveInterval", Long.toString(keepAliveSeconds));
    }

    /** Records whether the WebSocket server MTP listens, or could not ({@code Device.LocalAgent.MTP.2.Status}). */
    public void webSocketStatus(boolean listening) {
        memory.put(WEBSOCKET_MTP_PATH, "Status", listening ? "Up" : "Error");
    }

    /**
     * An MTP row, the agent's or a Controller's, has only the sub-object of its Protocol ({@code MQTT.} or
     * {@code WebSocket.}).
     */
    @Override
    public boolean exists(ObjectInstance object) {
        List<Long> numbers = object.instanceNumbers();
        String name = object.schema().name();
        ObjectInstance mtpRow;
        if (numbers.size() == 1 && object.path().equals(Tr181Schema.LOCAL_AGENT + "MTP." + numbers.get(0) + "."
                + name + ".")) {
            mtpRow = localAgent.instance(agentMtpTable, numbers.get(0));
        } else if (numbers.size() == 2 && object.path().equals(Tr181Schema.CONTROLLERS + numbers.get(0) + ".MTP."
                + numbers.get(1) + "." + name + ".")) {
            mtpRow = localAgent.instance(controllerTable, numbers.get(0)).instance(controllerMtpTable, numbers.get(1));
        } else {
            return true;
        }
        return name.equals(memory.values(mtpRow).get("Protocol"));
    }

    /** Every Controller in the table (cached; every change to the table drops the cache). */
    public List<ControllerEntry> controllers() {
        List<ControllerEntry> cached = controllerCache;
        if (cached == null) {
            cached = readControllers();
            controllerCache = cached;
        }
        return cached;
    }

    private List<ControllerEntry> readControllers() {
        List<ControllerEntry> result = new ArrayList<>();
        for (long n : memory.instances(localAgent, controllerTable)) {
            ObjectInstance row = localAgent.instance(controllerTable, n);
            Map<String, String> values = memory.values(row);
            Optional<String> topic = Optional.empty();
            for (long m : memory.instances(row, controllerMtpTable)) {
                ObjectInstance mtp = row.instance(controllerMtpTable, m);
                Map<String, String> mtpValues = memory.values(mtp);
                if (Boolean.parseBoolean(mtpValues.get("Enable")) && "MQTT".equals(mtpValues.get("Protocol"))) {
                    String t = memory.values(mtp.child(controllerMtpTable.child("MQTT").orElseThrow())).get("Topic");
                    if (t != null && !t.isEmpty()) {
                        topic = Optional.of(t);
                        break;
                    }
                }
            }
            List<String> roles = new ArrayList<>();
            for (String r : values.getOrDefault("AssignedRole", "").split(",")) {
                if (!r.isBlank()) {
                    roles.add(r.strip());
                }
            }
            result.add(new ControllerEntry(values.getOrDefault("EndpointID", ""),
                    Boolean.parseBoolean(values.get("Enable")), topic, roles));
        }
        return List.copyOf(result);
    }

    /**
     * Runs after every change to the Controller table (a row added, deleted or set), on the agent's executor: the
     * notification layer re-reads periodic and on-boarding settings and drops subscriptions of deleted Controllers.
     */
    public void onControllersChanged(Runnable listener) {
        controllerListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Receives (Controller row path, the values a Set changed) after each Set of a Controller row (for ValueChange). */
    public void onControllerSet(BiConsumer<String, Map<String, String>> receiver) {
        this.controllerSets = Objects.requireNonNull(receiver, "receiver");
    }

    /** Receives the Endpoint ID of the Controller whose {@code SendOnBoardRequest()} ran. */
    public void onSendOnBoardRequest(Consumer<String> receiver) {
        this.onBoardRequests = Objects.requireNonNull(receiver, "receiver");
    }

    /** The parameters of the enabled Controller with this Endpoint ID (PeriodicNotif*, USPNotifRetry*, OnBoarding*). */
    public Optional<Map<String, String>> controllerValues(String endpointId) {
        for (long n : memory.instances(localAgent, controllerTable)) {
            Map<String, String> values = memory.values(localAgent.instance(controllerTable, n));
            if (endpointId.equals(values.get("EndpointID")) && Boolean.parseBoolean(values.get("Enable"))) {
                return Optional.of(values);
            }
        }
        return Optional.empty();
    }

    /** TR-181 {@code Controller.{i}.SendOnBoardRequest()}: OnBoardingComplete becomes false, then the request goes. */
    private CompletionStage<Map<String, String>> sendOnBoardRequest(ObjectInstance controller,
            Map<String, String> inputArgs) {
        Map<String, String> values = memory.values(controller);
        if (!Boolean.parseBoolean(values.get("Enable"))) {
            return CompletableFuture.failedFuture(new DataModelException(UspErrors.COMMAND_FAILURE,
                    UspReasons.controllerDisabled(controller.path())));
        }
        return memory.set(controller, Map.of("OnBoardingComplete", "false")).thenApply(done -> {
            persist();
            onBoardRequests.accept(values.getOrDefault("EndpointID", ""));
            return Map.of();
        });
    }

    /** TR-181 ranges of the Controller's notification parameters (the schema types alone allow 0). */
    /** Decides which AssignedRole references name a Role row (the ControllerTrust table's). */
    public void roleValidator(Predicate<String> roleExists) {
        this.roleExists = Objects.requireNonNull(roleExists, "roleExists");
    }

    /**
     * A Role row was deleted: AssignedRole is a list of strong references (TR-106), so every Controller loses the
     * reference, and the change is stored.
     */
    public void dropRoleReference(String rolePath) {
        String deleted = rolePath.endsWith(".") ? rolePath : rolePath + ".";
        boolean changed = false;
        for (long n : memory.instances(localAgent, controllerTable)) {
            ObjectInstance row = localAgent.instance(controllerTable, n);
            String assigned = memory.values(row).getOrDefault("AssignedRole", "");
            List<String> kept = new ArrayList<>();
            for (String reference : assigned.split(",")) {
                String r = reference.strip();
                if (!r.isEmpty() && !(r.endsWith(".") ? r : r + ".").equals(deleted)) {
                    kept.add(r);
                }
            }
            String now = String.join(",", kept);
            if (!now.equals(assigned)) {
                memory.put(row.path(), "AssignedRole", now);
                changed = true;
            }
        }
        if (changed) {
            persist();
        }
    }

    private void checkControllerValues(Map<String, String> values) throws DataModelException {
        checkControllerRanges(values);
        String assigned = values.get("AssignedRole");
        if (assigned != null) {
            for (String reference : assigned.split(",")) {
                if (!reference.isBlank() && !roleExists.test(reference)) {
                    throw new DataModelException(UspErrors.INVALID_VALUE,
                            UspReasons.assignedRoleNotARole(reference.strip()));
                }
            }
        }
    }

    private static void checkControllerRanges(Map<String, String> values) throws DataModelException {
        checkRange(values, "PeriodicNotifInterval", 1, Long.MAX_VALUE);
        checkRange(values, "USPNotifRetryMinimumWaitInterval", 1, 65535);
        checkRange(values, "USPNotifRetryIntervalMultiplier", 1000, 65535);
    }

    private static void checkRange(Map<String, String> values, String name, long min, long max)
            throws DataModelException {
        String value = values.get(name);
        if (value == null) {
            return;
        }
        long v = Long.parseLong(value);
        if (v < min || v > max) {
            throw new DataModelException(UspErrors.INVALID_VALUE, UspReasons.outOfRange(name, min, max));
        }
    }

    /** The path of the Controller row with this Endpoint ID, e.g. {@code Device.LocalAgent.Controller.1.}. */
    public Optional<String> controllerPath(String endpointId) {
        for (long n : memory.instances(localAgent, controllerTable)) {
            ObjectInstance row = localAgent.instance(controllerTable, n);
            if (endpointId.equals(memory.values(row).get("EndpointID"))) {
                return Optional.of(row.path());
            }
        }
        return Optional.empty();
    }

    /** The Endpoint ID of the Controller row at {@code path}. */
    public Optional<String> endpointIdAt(String path) {
        for (long n : memory.instances(localAgent, controllerTable)) {
            ObjectInstance row = localAgent.instance(controllerTable, n);
            if (row.path().equals(path)) {
                return Optional.ofNullable(memory.values(row).get("EndpointID"));
            }
        }
        return Optional.empty();
    }

    /** The enabled Controller with this Endpoint ID. */
    public Optional<ControllerEntry> controller(String endpointId) {
        return controllers().stream().filter(c -> c.enabled() && c.endpointId().equals(endpointId)).findFirst();
    }

    /**
     * Every MQTT topic configured for the enabled Controller with this Endpoint ID: the Topic of each of its enabled
     * MQTT rows in {@code Controller.{i}.MTP.{i}.}; empty for an unknown Controller. The only topics the agent
     * answers that Controller on, whatever reply-to a request names.
     */
    public List<String> mqttTopics(String endpointId) {
        List<String> topics = new ArrayList<>();
        for (long n : memory.instances(localAgent, controllerTable)) {
            ObjectInstance row = localAgent.instance(controllerTable, n);
            Map<String, String> values = memory.values(row);
            if (!Boolean.parseBoolean(values.get("Enable")) || !endpointId.equals(values.get("EndpointID"))) {
                continue;
            }
            for (long m : memory.instances(row, controllerMtpTable)) {
                ObjectInstance mtp = row.instance(controllerMtpTable, m);
                Map<String, String> mtpValues = memory.values(mtp);
                if (Boolean.parseBoolean(mtpValues.get("Enable")) && "MQTT".equals(mtpValues.get("Protocol"))) {
                    String topic = memory.values(mtp.child(controllerMtpTable.child("MQTT").orElseThrow()))
                            .get("Topic");
                    if (topic != null && !topic.isEmpty()) {
                        topics.add(topic);
                    }
                }
            }
        }
        return List.copyOf(topics);
    }

    /**
     * The AssignedRole references of the enabled Controller with this Endpoint ID; empty for an unknown Controller,
     * which the access policy treats as untrusted.
     */
    public Optional<List<String>> assignedRoles(String endpointId) {
        return controller(endpointId).map(ControllerEntry::assignedRoles);
    }

    @Override
    public List<Long> instances(ObjectInstance parent, ObjectSchema table) {
        return memory.instances(parent, table);
    }

    @Override
    public Map<String, String> values(ObjectInstance object) {
        return memory.values(object);
    }

    @Override
    public CompletionStage<Void> set(ObjectInstance object, Map<String, String> values) {
        if (object.schema() == controllerTable) {
            try {
                checkControllerValues(values);
            } catch (DataModelException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        Map<String, String> before = memory.values(object);
        return memory.set(object, values).thenRun(persistIfController(object)).thenRun(() -> {
            if (object.schema() == controllerTable) {
                Map<String, String> changed = new LinkedHashMap<>(values);
                changed.entrySet().removeIf(e -> e.getValue().equals(before.get(e.getKey())));
                if (!changed.isEmpty()) {
                    controllerSets.accept(object.path(), changed);
                }
            }
        });
    }

    @Override
    public long add(ObjectInstance parent, ObjectSchema table, Map<String, String> values) throws DataModelException {
        if (table == controllerTable) {
            checkControllerValues(values);
        }
        // Parameters of single-instance sub-objects come by relative path (an MTP row's MQTT.Topic, R-ADD.4).
        Map<String, String> own = new LinkedHashMap<>();
        Map<String, Map<String, String>> nested = new LinkedHashMap<>();
        values.forEach((name, value) -> {
            int dot = name.lastIndexOf('.');
            if (dot < 0) {
                own.put(name, value);
            } else {
                nested.computeIfAbsent(name.substring(0, dot + 1), k -> new LinkedHashMap<>())
                        .put(name.substring(dot + 1), value);
            }
        });
        long number = memory.add(parent, table, own);
        ObjectInstance row = parent.instance(table, number);
        nested.forEach((object, params) -> params.forEach((name, value) -> memory.put(row.path() + object, name,
                value)));
        persistIfController(row).run();
        return number;
    }

    @Override
    public CompletionStage<Void> delete(ObjectInstance row) {
        return memory.delete(row).thenRun(persistIfController(row));
    }

    @Override
    public CompletionStage<Map<String, String>> operate(ObjectInstance object, CommandSchema command,
            Map<String, String> inputArgs) {
        return memory.operate(object, command, inputArgs);
    }

    private Runnable persistIfController(ObjectInstance object) {
        return object.path().startsWith(Tr181Schema.CONTROLLERS) ? this::persist : () -> { };
    }

    private void persist() {
        controllerCache = null;
        List<Object> controllers = new ArrayList<>();
        for (long n : memory.instances(localAgent, controllerTable)) {
            ObjectInstance row = localAgent.instance(controllerTable, n);
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("number", n);
            c.put("values", new LinkedHashMap<>(memory.values(row)));
            List<Object> mtps = new ArrayList<>();
            for (long m : memory.instances(row, controllerMtpTable)) {
                ObjectInstance mtp = row.instance(controllerMtpTable, m);
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("number", m);
                entry.put("values", new LinkedHashMap<>(memory.values(mtp)));
                entry.put("mqtt", new LinkedHashMap<>(memory.values(
                        mtp.child(controllerMtpTable.child("MQTT").orElseThrow()))));
                mtps.add(entry);
            }
            c.put("mtps", mtps);
            controllers.add(c);
        }
        store.write(RECORD, FORMAT_VERSION, Json.write(Map.of("controllers", controllers))
                .getBytes(StandardCharsets.UTF_8));
        controllerListeners.forEach(Runnable::run);
    }

    private boolean load() {
        var record = store.read(RECORD);
        if (record.isEmpty()) {
            return false;
        }
        try {
            Map<String, Object> doc = Json.parseObject(record.get().textOfFormat(FORMAT_VERSION));
            for (Object c : Json.requireArray(doc.get("controllers"), "controllers")) {
                Map<String, Object> controller = Json.requireObject(c, "controller");
                long n = (Long) controller.get("number");
                memory.putRow(Tr181Schema.CONTROLLERS, n, strings(controller.get("values")));
                for (Object m : Json.requireArray(controller.get("mtps"), "mtps")) {
                    Map<String, Object> mtp = Json.requireObject(m, "mtp");
                    long mn = (Long) mtp.get("number");
                    String table = Tr181Schema.CONTROLLERS + n + ".MTP.";
                    memory.putRow(table, mn, strings(mtp.get("values")));
                    strings(mtp.get("mqtt")).forEach((k, v) -> memory.put(table + mn + ".MQTT.", k, v));
                }
            }
            return true;
        } catch (JsonException | ClassCastException | NullPointerException e) {
            throw new StoreException(RECORD + " is corrupt: " + e.getMessage(), e);
        }
    }

    private static Map<String, String> strings(Object value) {
        Map<String, String> result = new LinkedHashMap<>();
        Json.requireObject(value, "values").forEach((k, v) -> result.put(k, String.valueOf(v)));
        return result;
    }
}
