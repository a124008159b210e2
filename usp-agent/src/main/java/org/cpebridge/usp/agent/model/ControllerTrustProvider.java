package org.cpebridge.usp.agent.model;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.cpebridge.core.json.Json;
import org.cpebridge.core.json.JsonException;
import org.cpebridge.core.store.DurableStore;
import org.cpebridge.core.store.StoreException;
import org.cpebridge.privacy.policy.Rights;
import org.cpebridge.usp.agent.access.Permission;
import org.cpebridge.usp.agent.access.Role;
import org.cpebridge.usp.datamodel.DataModel;
import org.cpebridge.usp.datamodel.DataModelException;
import org.cpebridge.usp.datamodel.InMemoryObjectProvider;
import org.cpebridge.usp.datamodel.ObjectInstance;
import org.cpebridge.usp.datamodel.ObjectProvider;
import org.cpebridge.usp.datamodel.ObjectSchema;
import org.cpebridge.usp.datamodel.ParameterSchema;
import org.cpebridge.usp.error.UspErrors;
import org.cpebridge.usp.error.UspReasons;
import org.cpebridge.usp.path.PathException;
import org.cpebridge.usp.path.PathParser;
import org.cpebridge.usp.path.PathResolver;
import org.cpebridge.usp.path.Segment;
import org.cpebridge.usp.path.UspPath;

/**
 * Serves {@code Device.LocalAgent.ControllerTrust.}: the writable {@code Role.{i}.} and {@code Role.{i}.Permission.{i}.}
 * tables (TP-469 2.10-2.26), stored durably in {@value #RECORD}, and the roles the access policy applies.
 *
 * <p>Built in, as TR-369 lets an Agent pre-define roles: Role 1 {@code Household} (Order 1, Targets {@code Device.},
 * rwxn in every column, as in TR-369 "Role Definition"), Role 2 {@code Untrusted} ({@code UntrustedRole}, given to
 * unknown Controllers per R-SEC.6: only {@code LocalAgent.EndpointID} and {@code SupportedProtocols}) and Role 3
 * {@code ISP-Operations} (read and notify everywhere, its own subscriptions, {@code SelfTestDiagnostics()} and
 * {@code Reboot()}, nothing under {@code Device.X_CPEBRIDGE_Privacy.} but the opt-in {@code DailyEnergy.} totals; the
 * privacy policy further hides device data
 * by class). TR-369 warns against a Controller editing itself out of the Role table, and editing these rows would let
 * a Controller raise its own rights, so the three rows and their built-in permissions refuse Set (7013) and Delete
 * (7024); Controllers may still add permissions to them, which is how the TP restricts its own Controller's role.
 *
 * <p>{@code BannedRole} (empty by default) may name any role row but Role 1: a Controller whose AssignedRole holds it
 * gets no rights at all, whatever else it holds (TR-181: it "MUST be the only value"; refusing the Controller's
 * messages outright is the MTP layer's part). Deleting the role clears the reference (a strong reference).
 *
 * <p>Values are validated on Add and Set: the four permission strings must be exactly {@code rwxn} with '-' for a
 * missing right, and every Targets item must be a path of the Supported Data Model (partial path, object instance,
 * parameter, command, event or search path with constants of the right type; no reference following; an object named
 * without its final dot counts as a partial path, as in TR-369's examples); anything else fails with 7012 naming the
 * parameter. An Add without Order gets one above every Order of the role (Order is a functional unique key, R-ADD.5),
 * so a newer permission wins; an Add without Name gets its Alias. Owning thread: the agent's executor; the compiled
 * roles are read from any thread.
 *
 * <p>Why one class of about 610 lines: it is the Role and Permission tables with TR-369's validation rules listed
 * above, one provider per object table like the agent's other providers; most of its length is those rules.
 */
public final class ControllerTrustProvider implements ObjectProvider {
    public static final String RECORD = "usp/trust";
    static final int FORMAT_VERSION = 1;
    public static final long FULL_ACCESS = 1;
    public static final long UNTRUSTED = 2;
    public static final long ISP_OPERATIONS = 3;
    /** Role 1's Name: the household's full access (privacy-policy's {@code PrivacyRules.HOUSEHOLD}). */
    public static final String HOUSEHOLD_NAME = "Household";
    public static final String UNTRUSTED_NAME = "Untrusted";
    public static final String ISP_OPERATIONS_NAME = "ISP-Operations";
    public static final String ISP_OPERATIONS_ROLE = Tr181Schema.ROLES + ISP_OPERATIONS + ".";
    private static final String PRIVACY_OBJECT = "Device.X_CPEBRIDGE_Privacy.";
    public static final String FULL_ACCESS_ROLE = Tr181Schema.ROLES + FULL_ACCESS + ".";
    public static final String UNTRUSTED_ROLE = Tr181Schema.ROLES + UNTRUSTED + ".";
    private static final List<String> RIGHTS_PARAMETERS = List.of("Param", "Obj", "InstantiatedObj", "CommandEvent");

    /** One role row and its permission rows. */
    private static final class RoleRow {
        final Map<String, String> values = new LinkedHashMap<>();
        final TreeMap<Long, Map<String, String>> permissions = new TreeMap<>();
        long nextPermission = 1;
    }

    private final DurableStore store;
    private final ObjectSchema root;
    private final ObjectSchema trust;
    private final ObjectSchema roleTable;
    private Consumer<String> roleDeleted = path -> { };
    private final ObjectSchema permissionTable;
    private final PathParser parser = PathParser.standard();
    // Checks targets against the Supported Data Model only; it never reads a value.
    private final PathResolver supported;
    private final TreeMap<Long, RoleRow> roles = new TreeMap<>();
    private long nextRole = 1;
    // Built-in role number -> how many of its first permission rows are built in (read-only).
    private final Map<Long, Long> builtInPermissions = new HashMap<>();
    // The banned role's path without the final dot, or "" when none is set; read per permission check.
    private volatile String bannedRole = "";
    // Role path without the trailing dot -> compiled role; rebuilt after each change, read per permission check.
    private volatile Map<String, Role> compiled;

    /**
     * @param root the {@code Device.} schema of {@link Tr181Schema#build()}
     */
    public ControllerTrustProvider(ObjectSchema root, DurableStore store) {
        this.store = Objects.requireNonNull(store, "store");
        this.root = root;
        this.supported = new PathResolver(DataModel.builder(root, new InMemoryObjectProvider()).build(), parser);
        this.trust = root.child("LocalAgent").flatMap(l -> l.child("ControllerTrust")).orElseThrow();
        this.roleTable = trust.child("Role").orElseThrow();
        this.permissionTable = roleTable.child("Permission").orElseThrow();
        boolean loaded = load();
        putBuiltIns();
        if (!loaded) {
            persist();
        }
    }

    private void putBuiltIns() {
        putBuiltIn(FULL_ACCESS, HOUSEHOLD_NAME, List.of(
                // TR-369 "Role Definition": full access to the whole model.
                List.of("Device.", "rwxn", "rwxn", "rwxn", "rwxn")));
        putBuiltIn(UNTRUSTED, UNTRUSTED_NAME, List.of(
                // R-SEC.6: enough to learn who this agent is and how to talk to it, nothing else. The object
                // itself must be readable for Get to return its parameters; its children stay hidden.
                List.of("Device.LocalAgent.", "----", "r---", "----", "----"),
                List.of(String.join(",", "Device.LocalAgent.MTP.", "Device.LocalAgent.Controller.",
                        "Device.LocalAgent.ControllerTrust.", "Device.LocalAgent.Subscription.",
                        "Device.LocalAgent.Request."), "----", "----", "----", "----"),
                List.of("Device.LocalAgent.EndpointID,Device.LocalAgent.SupportedProtocols", "r---", "----", "----",
                        "----")));
        putBuiltIn(ISP_OPERATIONS, ISP_OPERATIONS_NAME, List.of(
                // Reads and notifications everywhere; the privacy policy hides device data by class (no STATE,
                // ACTIVITY, ENERGY, IDENTITY or CONTROL for this role).
                List.of("Device.", "r--n", "r--n", "r--n", "r--n"),
                // Its own subscriptions (usp-js subscribe() is an Add of a row).
                List.of("Device.LocalAgent.Subscription.", "rw-n", "rw-n", "rw-n", "r--n"),
                // Running the agent: diagnostics and a restart; not FactoryReset(), which erases the household's
                // data.
                List.of("Device.SelfTestDiagnostics(),Device.Reboot()", "----", "----", "----", "r-xn"),
                // The household's grants and access log are the household's.
                List.of(PRIVACY_OBJECT, "----", "----", "----", "----"),
                // Except the whole-home daily energy totals, which exist only when the household opts in.
                List.of(PRIVACY_OBJECT + "DailyEnergy.", "r---", "r---", "r---", "----")));
        nextRole = Math.max(nextRole, ISP_OPERATIONS + 1);
        compiled = null;
    }

    /**
     * Puts a built-in role with its permissions (Orders 1, 2, ...: each later one wins where it covers); stored rows
     * with these numbers are overwritten, as a Controller could not change them.
     */
    private void putBuiltIn(long number, String name, List<List<String>> permissions) {
        RoleRow row = roles.computeIfAbsent(number, n -> new RoleRow());
        row.values.putAll(defaults(roleTable));
        row.values.putAll(Map.of("Alias", "cpe-" + number, "Enable", "true", "Name", name));
        long order = 1;
        for (List<String> p : permissions) {
            Map<String, String> values = defaults(permissionTable);
            values.putAll(Map.of("Alias", "cpe-" + order, "Enable", "true", "Order", Long.toString(order),
                    "Targets", p.get(0)));
            for (int i = 0; i < RIGHTS_PARAMETERS.size(); i++) {
                values.put(RIGHTS_PARAMETERS.get(i), p.get(i + 1));
            }
            row.permissions.put(order, values);
            order++;
        }
        row.nextPermission = Math.max(row.nextPermission, order);
        builtInPermissions.put(number, order - 1);
    }

    private static Map<String, String> defaults(ObjectSchema table) {
        Map<String, String> values = new LinkedHashMap<>();
        for (ParameterSchema p : table.parameters()) {
            if (!p.name().endsWith("NumberOfEntries")) {
                values.put(p.name(), p.defaultValue());
            }
        }
        return values;
    }

    // ------------------------------------------------------------------ roles for the access policy

    /**
     * The roles named by a Controller's AssignedRole list, or the UntrustedRole for an unknown Controller (R-SEC.6).
     * References to rows that do not exist (any more) give nothing.
     */
    /** Whether {@code reference} (with or without its final dot) names a Role row that exists now. */
    public boolean roleExists(String reference) {
        String path = withoutDot(reference.strip());
        String prefix = Tr181Schema.ROLES;
        if (!path.startsWith(prefix) || !isNumber(path.substring(prefix.length()))) {
            return false;
        }
        return roles.containsKey(Long.parseLong(path.substring(prefix.length())));
    }

    /**
     * Receives the path (with its final dot) of each deleted Role row: AssignedRole is a strong reference (TR-106),
     * so the Controller table drops it.
     */
    public void onRoleDeleted(Consumer<String> listener) {
        roleDeleted = Objects.requireNonNull(listener, "listener");
    }

    /**
     * The compiled roles: a new object after every change to the role tables or BannedRole (each change is
     * persisted, which drops them), so it keys caches of what {@link #rolesFor} answers.
     */
    public Object rolesVersion() {
        Map<String, Role> byPath = compiled;
        if (byPath == null) {
            byPath = compile();
            compiled = byPath;
        }
        return byPath;
    }

    public List<Role> rolesFor(Optional<List<String>> assignedRoles) {
        Map<String, Role> byPath = compiled;
        if (byPath == null) {
            byPath = compile();
            compiled = byPath;
        }
        List<String> references = assignedRoles.orElse(List.of(UNTRUSTED_ROLE));
        if (!bannedRole.isEmpty() && references.stream().anyMatch(r -> withoutDot(r.strip()).equals(bannedRole))) {
            return List.of();
        }
        List<Role> result = new ArrayList<>();
        for (String reference : references) {
            Role role = byPath.get(withoutDot(reference.strip()));
            if (role != null) {
                result.add(role);
            }
        }
        return result;
    }

    private static String withoutDot(String path) {
        return path.endsWith(".") ? path.substring(0, path.length() - 1) : path;
    }

    private Map<String, Role> compile() {
        Map<String, Role> result = new HashMap<>();
        for (Map.Entry<Long, RoleRow> e : roles.entrySet()) {
            List<Permission> permissions = new ArrayList<>();
            for (Map<String, String> p : e.getValue().permissions.values()) {
                List<String> targets = new ArrayList<>();
                Permission.splitTargets(p.get("Targets")).forEach(t -> targets.add(asPartialIfObject(t)));
                permissions.add(new Permission(Boolean.parseBoolean(p.get("Enable")), Long.parseLong(p.get("Order")),
                        targets, Rights.parse(p.get("Param")), Rights.parse(p.get("Obj")),
                        Rights.parse(p.get("InstantiatedObj")), Rights.parse(p.get("CommandEvent"))));
            }
            Map<String, String> values = e.getValue().values;
            result.put(Tr181Schema.ROLES + e.getKey(), new Role(values.get("Name"),
                    Boolean.parseBoolean(values.get("Enable")), permissions));
        }
        return Map.copyOf(result);
    }

    /**
     * TR-369's own examples write object targets without the final dot ({@code Targets = Device.LocalAgent}); a
     * target that ends at an object of the Supported Data Model is a partial path and gets its dot.
     */
    private String asPartialIfObject(String target) {
        if (target.endsWith(".") || target.endsWith(")") || target.endsWith("!")) {
            return target;
        }
        UspPath path;
        try {
            path = parser.parse(target);
        } catch (PathException e) {
            return target;
        }
        ObjectSchema node = root;
        List<Segment> segments = path.segments();
        for (int i = 1; i < segments.size(); i++) {
            if (segments.get(i) instanceof Segment.Name name) {
                Optional<ObjectSchema> child = node.child(name.name());
                if (child.isEmpty()) {
                    return target;
                }
                node = child.get();
            }
        }
        return target + ".";
    }

    // ------------------------------------------------------------------ ObjectProvider

    @Override
    public List<Long> instances(ObjectInstance parent, ObjectSchema table) {
        if (table == roleTable) {
            return List.copyOf(roles.keySet());
        }
        if (table == permissionTable) {
            RoleRow role = roles.get(last(parent));
            return role == null ? List.of() : List.copyOf(role.permissions.keySet());
        }
        return List.of();
    }

    @Override
    public Map<String, String> values(ObjectInstance object) {
        Map<String, String> values = new LinkedHashMap<>();
        if (object.schema() == trust) {
            values.put("UntrustedRole", UNTRUSTED_ROLE);
            values.put("BannedRole", bannedRole.isEmpty() ? "" : bannedRole + ".");
            values.put("RoleNumberOfEntries", Integer.toString(roles.size()));
        } else if (object.schema() == roleTable) {
            RoleRow role = roles.get(last(object));
            if (role != null) {
                values.putAll(role.values);
                values.put("PermissionNumberOfEntries", Integer.toString(role.permissions.size()));
            }
        } else if (object.schema() == permissionTable) {
            permissionRow(object).ifPresent(values::putAll);
        }
        return values;
    }

    @Override
    public CompletionStage<Void> set(ObjectInstance object, Map<String, String> requested) {
        Map<String, String> newValues = canonical(requested);
        try {
            if (isBuiltIn(object)) {
                throw new DataModelException(UspErrors.NOT_WRITABLE, UspReasons.builtInUnchangeable(object.path()));
            }
            validate(object.schema(), newValues);
            if (object.schema() == trust) {
                String banned = withoutDot(newValues.getOrDefault("BannedRole", bannedRole).strip());
                if (!banned.isEmpty() && (!banned.startsWith(Tr181Schema.ROLES) || !isNumber(banned.substring(
                        Tr181Schema.ROLES.length())) || !roles.containsKey(Long.parseLong(banned.substring(
                        Tr181Schema.ROLES.length()))))) {
                    throw new DataModelException(UspErrors.INVALID_VALUE, UspReasons.bannedRoleNotARole(banned));
                }
                if (banned.equals(withoutDot(FULL_ACCESS_ROLE))) {
                    throw new DataModelException(UspErrors.INVALID_VALUE, UspReasons.FULL_ACCESS_ROLE_NOT_BANNABLE);
                }
                bannedRole = banned;
            } else if (object.schema() == roleTable) {
                RoleRow role = roles.get(last(object));
                Map<String, String> merged = new LinkedHashMap<>(role.values);
                merged.putAll(newValues);
                checkUnique(roleTable, roleValues(), merged, last(object));
                role.values.putAll(newValues);
            } else if (object.schema() == permissionTable) {
                RoleRow role = roles.get(object.instanceNumbers().get(0));
                Map<String, String> merged = new LinkedHashMap<>(role.permissions.get(last(object)));
                merged.putAll(newValues);
                checkUnique(permissionTable, role.permissions, merged, last(object));
                role.permissions.get(last(object)).putAll(newValues);
            } else {
                throw new DataModelException(UspErrors.OBJECT_NOT_UPDATED, UspReasons.rowNotUpdated(object.path()));
            }
        } catch (DataModelException e) {
            return CompletableFuture.failedFuture(e);
        }
        persist();
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public long add(ObjectInstance parent, ObjectSchema table, Map<String, String> requested)
            throws DataModelException {
        Map<String, String> given = canonical(requested);
        validate(table, given);
        Map<String, String> row = defaults(table);
        if (table == roleTable) {
            long number = nextRole;
            row.put("Alias", "cpe-" + number);
            row.putAll(given);
            if (!given.containsKey("Name")) {
                row.put("Name", row.get("Alias"));
            }
            checkUnique(roleTable, roleValues(), row, -1);
            RoleRow role = new RoleRow();
            role.values.putAll(row);
            roles.put(number, role);
            nextRole = number + 1;
            persist();
            return number;
        }
        if (table == permissionTable) {
            RoleRow role = roles.get(last(parent));
            if (role == null) {
                throw new DataModelException(UspErrors.OBJECT_DOES_NOT_EXIST,
                        UspReasons.objectDoesNotExist(parent.path()));
            }
            long number = role.nextPermission;
            row.put("Alias", "cpe-" + number);
            row.putAll(given);
            if (!given.containsKey("Order")) {
                long highest = role.permissions.values().stream().mapToLong(p -> Long.parseLong(p.get("Order")))
                        .max().orElse(0);
                if (highest >= 0xFFFF_FFFFL) {
                    throw new DataModelException(UspErrors.OBJECT_NOT_CREATED,
                            UspReasons.noOrderLeft(highest, parent.path()));
                }
                row.put("Order", Long.toString(role.permissions.isEmpty() ? 0 : highest + 1));
            }
            checkUnique(permissionTable, role.permissions, row, -1);
            role.permissions.put(number, row);
            role.nextPermission = number + 1;
            persist();
            return number;
        }
        throw new DataModelException(UspErrors.OBJECT_NOT_CREATED,
                UspReasons.objectNotCreated(parent.tablePath(table)));
    }

    @Override
    public CompletionStage<Void> delete(ObjectInstance row) {
        if (isBuiltIn(row)) {
            return CompletableFuture.failedFuture(new DataModelException(UspErrors.DELETE_FAILURE,
                    UspReasons.builtInUndeletable(row.path())));
        }
        boolean removed;
        if (row.schema() == roleTable) {
            removed = roles.remove(last(row)) != null;
            if (bannedRole.equals(withoutDot(row.path()))) {
                bannedRole = "";
            }
            if (removed) {
                roleDeleted.accept(row.path());
            }
        } else {
            RoleRow role = roles.get(row.instanceNumbers().get(0));
            removed = role != null && role.permissions.remove(last(row)) != null;
        }
        if (!removed) {
            return CompletableFuture.failedFuture(new DataModelException(UspErrors.OBJECT_DOES_NOT_EXIST,
                    UspReasons.objectDoesNotExist(row.path())));
        }
        persist();
        return CompletableFuture.completedFuture(null);
    }

    private boolean isBuiltIn(ObjectInstance object) {
        List<Long> numbers = object.instanceNumbers();
        if (object.schema() == roleTable) {
            return builtInPermissions.containsKey(numbers.get(0));
        }
        return object.schema() == permissionTable && numbers.get(1) <= builtInPermissions.getOrDefault(numbers.get(0),
                0L);
    }

    private static boolean isNumber(String text) {
        return !text.isEmpty() && text.length() < 19 && text.chars().allMatch(Character::isDigit);
    }

    private Optional<Map<String, String>> permissionRow(ObjectInstance object) {
        RoleRow role = roles.get(object.instanceNumbers().get(0));
        return role == null ? Optional.empty() : Optional.ofNullable(role.permissions.get(last(object)));
    }

    private Map<Long, Map<String, String>> roleValues() {
        Map<Long, Map<String, String>> result = new TreeMap<>();
        roles.forEach((n, r) -> result.put(n, r.values));
        return result;
    }

    private static long last(ObjectInstance object) {
        List<Long> numbers = object.instanceNumbers();
        return numbers.isEmpty() ? -1 : numbers.get(numbers.size() - 1);
    }

    // ------------------------------------------------------------------ validation

    /** Order in its canonical decimal form ("007" and "7" are the same key); the message layer checked the type. */
    private static Map<String, String> canonical(Map<String, String> values) {
        String order = values.get("Order");
        if (order == null) {
            return values;
        }
        Map<String, String> copy = new LinkedHashMap<>(values);
        try {
            copy.put("Order", Long.toString(Long.parseLong(order.strip())));
        } catch (NumberFormatException e) {
            return values; // left for validate() and the type check to refuse
        }
        return copy;
    }

    /** Checks the values a Controller gives, beyond type and enumeration (which the message layer checked). */
    private void validate(ObjectSchema table, Map<String, String> values) throws DataModelException {
        if (table != permissionTable) {
            return;
        }
        for (String name : RIGHTS_PARAMETERS) {
            String value = values.get(name);
            if (value != null) {
                try {
                    Rights.parse(value);
                } catch (IllegalArgumentException e) {
                    throw new DataModelException(UspErrors.INVALID_VALUE, UspReasons.notAPermissionString(name, value));
                }
            }
        }
        String targets = values.get("Targets");
        if (targets != null) {
            for (String target : Permission.splitTargets(targets)) {
                String why = targetProblem(target);
                if (why != null) {
                    throw new DataModelException(UspErrors.INVALID_VALUE, UspReasons.badTarget(target, why));
                }
            }
        }
    }

    /** Why {@code target} cannot be a permission target, or null if it can. */
    private String targetProblem(String target) {
        UspPath path;
        try {
            path = parser.parse(target);
        } catch (PathException e) {
            return "is not a valid path: " + e.getMessage();
        }
        if (!(path.segments().get(0) instanceof Segment.Name name) || !name.name().equals(root.name())) {
            return "is not under " + root.path();
        }
        if (path.followsReferences()) {
            return "follows a reference, which permission targets cannot";
        }
        try {
            supported.checkSupported(parser.parse(asPartialIfObject(target)));
        } catch (PathException e) {
            return "is not in the supported data model: " + e.getMessage();
        }
        return null;
    }

    private static void checkUnique(ObjectSchema table, Map<Long, Map<String, String>> rows,
            Map<String, String> candidate, long own) throws DataModelException {
        for (List<String> key : table.uniqueKeys()) {
            for (Map.Entry<Long, Map<String, String>> other : rows.entrySet()) {
                if (other.getKey() == own) {
                    continue;
                }
                boolean same = true;
                for (String k : key) {
                    same &= Objects.equals(other.getValue().get(k), candidate.get(k));
                }
                if (same) {
                    throw new DataModelException(UspErrors.DUPLICATE_KEY,
                            UspReasons.duplicateKey(key, key.stream().map(candidate::get).toList()));
                }
            }
        }
    }

    // ------------------------------------------------------------------ persistence

    private void persist() {
        compiled = null;
        List<Object> list = new ArrayList<>();
        for (Map.Entry<Long, RoleRow> e : roles.entrySet()) {
            Map<String, Object> role = new LinkedHashMap<>();
            role.put("number", e.getKey());
            role.put("values", new LinkedHashMap<>(e.getValue().values));
            role.put("nextPermission", e.getValue().nextPermission);
            List<Object> permissions = new ArrayList<>();
            e.getValue().permissions.forEach((n, values) -> {
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("number", n);
                p.put("values", new LinkedHashMap<>(values));
                permissions.add(p);
            });
            role.put("permissions", permissions);
            list.add(role);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("nextRole", nextRole);
        doc.put("bannedRole", bannedRole);
        doc.put("roles", list);
        store.write(RECORD, FORMAT_VERSION, Json.write(doc).getBytes(StandardCharsets.UTF_8));
    }

    private boolean load() {
        var record = store.read(RECORD);
        if (record.isEmpty()) {
            return false;
        }
        try {
            Map<String, Object> doc = Json.parseObject(record.get().textOfFormat(FORMAT_VERSION));
            nextRole = (Long) doc.get("nextRole");
            bannedRole = (String) doc.getOrDefault("bannedRole", "");
            for (Object r : Json.requireArray(doc.get("roles"), "roles")) {
                Map<String, Object> stored = Json.requireObject(r, "role");
                RoleRow role = new RoleRow();
                role.values.putAll(strings(stored.get("values")));
                role.nextPermission = (Long) stored.get("nextPermission");
                for (Object p : Json.requireArray(stored.get("permissions"), "permissions")) {
                    Map<String, Object> permission = Json.requireObject(p, "permission");
                    Map<String, String> values = strings(permission.get("values"));
                    validate(permissionTable, values);
                    role.permissions.put((Long) permission.get("number"), values);
                }
                roles.put((Long) stored.get("number"), role);
            }
            return true;
        } catch (JsonException | ClassCastException | NullPointerException | DataModelException e) {
            throw new StoreException(RECORD + " is corrupt: " + e.getMessage(), e);
        }
    }

    private static Map<String, String> strings(Object value) {
        Map<String, String> result = new LinkedHashMap<>();
        Json.requireObject(value, "values").forEach((k, v) -> result.put(k, String.valueOf(v)));
        return result;
    }
}
