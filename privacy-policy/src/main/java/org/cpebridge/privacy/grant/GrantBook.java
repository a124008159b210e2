package org.cpebridge.privacy.grant;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongConsumer;
import org.cpebridge.core.json.Json;
import org.cpebridge.core.model.PrivacyClass;
import org.cpebridge.core.store.DurableStore;
import org.cpebridge.core.store.StoreException;

/**
 * The household's grants, stored durably in {@value #RECORD} (format {@value #FORMAT_VERSION}) so they survive a
 * restart; time from the injected clock, so a grant ends when its {@code Expires} passes even if nothing removes the
 * row (expired rows are dropped on the next change or {@link #expire()}). Row numbers are never reused.
 *
 * <p>Owning thread: the agent's executor changes it; the access policy reads the immutable snapshot from any thread.
 */
public final class GrantBook {
    public static final String RECORD = "privacy/grants";
    static final int FORMAT_VERSION = 1;
    /** The longest grant: a year; a household that wants more grants again. */
    public static final Duration MAX_DURATION = Duration.ofDays(366);

    private final DurableStore store;
    private final Clock clock;
    private volatile Map<Long, Grant> grants = Map.of();
    private long next = 1;
    private LongConsumer removed = n -> { };

    public GrantBook(DurableStore store, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        load();
    }

    /** Called with the number of each row that ends (revoked or expired). */
    public void onRemoved(LongConsumer listener) {
        removed = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Adds a grant.
     *
     * @param classes comma-separated privacy class names ({@code STATE,ENERGY})
     * @throws GrantException for an empty Controller or Target, unknown classes or a Duration outside 1 s .. 366 days
     */
    public Grant grant(String controller, String target, String classes, long durationSeconds, String reason)
            throws GrantException {
        if (controller == null || controller.isBlank()) {
            throw new GrantException("Controller: an Endpoint ID is required");
        }
        if (target == null || !target.startsWith("Device.ProxiedDevice.")) {
            throw new GrantException("Target: must be a Device.ProxiedDevice. path");
        }
        if (durationSeconds < 1 || durationSeconds > MAX_DURATION.toSeconds()) {
            throw new GrantException("Duration: must be 1 to " + MAX_DURATION.toSeconds() + " seconds");
        }
        Set<PrivacyClass> parsed = parseClasses(classes);
        expire();
        Grant grant = new Grant(next, controller.strip(), target.strip(), parsed,
                clock.instant().plusSeconds(durationSeconds), reason == null ? "" : reason);
        Map<Long, Grant> copy = new TreeMap<>(grants);
        copy.put(grant.number(), grant);
        next++;
        grants = copy;
        persist();
        return grant;
    }

    /** Parses a comma-separated list of privacy class names. */
    public static Set<PrivacyClass> parseClasses(String classes) throws GrantException {
        Set<PrivacyClass> parsed = EnumSet.noneOf(PrivacyClass.class);
        for (String item : (classes == null ? "" : classes).split(",", -1)) {
            if (item.isBlank()) {
                continue;
            }
            try {
                parsed.add(PrivacyClass.valueOf(item.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new GrantException("Classes: '" + item.strip() + "' is not a privacy class");
            }
        }
        if (parsed.isEmpty()) {
            throw new GrantException("Classes: at least one privacy class is required");
        }
        return parsed;
    }

    /** Ends grant {@code number} now; false if there is no such (active) row. */
    public boolean revoke(long number) {
        if (!grants.containsKey(number)) {
            return false;
        }
        Map<Long, Grant> copy = new TreeMap<>(grants);
        copy.remove(number);
        grants = copy;
        persist();
        removed.accept(number);
        return true;
    }

    /** Drops rows whose time has passed; returns how many. */
    public int expire() {
        Instant now = clock.instant();
        List<Long> ended = grants.values().stream().filter(g -> !g.activeAt(now)).map(Grant::number).toList();
        if (ended.isEmpty()) {
            return 0;
        }
        Map<Long, Grant> copy = new TreeMap<>(grants);
        ended.forEach(copy::remove);
        grants = copy;
        persist();
        ended.forEach(removed::accept);
        return ended.size();
    }

    /** The rows in force now, by number. */
    public List<Grant> active() {
        Instant now = clock.instant();
        return grants.values().stream().filter(g -> g.activeAt(now)).toList();
    }

    /** The row numbered {@code number} if it is in force now. */
    public Optional<Grant> get(long number) {
        Grant g = grants.get(number);
        return g != null && g.activeAt(clock.instant()) ? Optional.of(g) : Optional.empty();
    }

    /** The grants in force now for one Controller (read per permission check; no store access). */
    public List<Grant> activeFor(String controller) {
        Map<Long, Grant> snapshot = grants;
        if (snapshot.isEmpty()) {
            return List.of();
        }
        Instant now = clock.instant();
        List<Grant> result = new ArrayList<>(2);
        for (Grant g : snapshot.values()) {
            if (g.controller().equals(controller) && g.activeAt(now)) {
                result.add(g);
            }
        }
        return result;
    }

    private void persist() {
        List<Object> rows = new ArrayList<>();
        for (Grant g : grants.values()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("number", g.number());
            row.put("controller", g.controller());
            row.put("target", g.target());
            row.put("classes", g.classes().stream().map(Enum::name).sorted().toList());
            row.put("expires", g.expires().toString());
            row.put("reason", g.reason());
            rows.add(row);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("next", next);
        doc.put("grants", rows);
        store.write(RECORD, FORMAT_VERSION, Json.write(doc).getBytes(StandardCharsets.UTF_8));
    }

    private void load() {
        var record = store.read(RECORD);
        if (record.isEmpty()) {
            return;
        }
        try {
            Map<String, Object> doc = Json.parseObject(record.get().textOfFormat(FORMAT_VERSION));
            next = (Long) doc.get("next");
            Map<Long, Grant> loaded = new TreeMap<>();
            for (Object o : Json.requireArray(doc.get("grants"), "grants")) {
                Map<String, Object> row = Json.requireObject(o, "grant");
                Set<PrivacyClass> classes = EnumSet.noneOf(PrivacyClass.class);
                for (Object c : Json.requireArray(row.get("classes"), "classes")) {
                    classes.add(PrivacyClass.valueOf((String) c));
                }
                Grant g = new Grant((Long) row.get("number"), (String) row.get("controller"),
                        (String) row.get("target"), classes, Instant.parse((String) row.get("expires")),
                        (String) row.get("reason"));
                loaded.put(g.number(), g);
            }
            grants = loaded;
        } catch (ClassCastException | NullPointerException | IllegalArgumentException
                | java.time.format.DateTimeParseException e) {
            throw new StoreException(RECORD + " is corrupt: " + e.getMessage(), e);
        }
    }
}
