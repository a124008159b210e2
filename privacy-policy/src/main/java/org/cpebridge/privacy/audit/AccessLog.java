package org.cpebridge.privacy.audit;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.cpebridge.core.json.Json;
import org.cpebridge.core.store.DurableStore;
import org.cpebridge.core.store.StoreException;

/**
 * The transparency log: what non-household Controllers received or attempted, hash-chained and stored durably.
 *
 * <p>Storage: segments of at most {@code segmentSize} entries, each a store record {@value #PREFIX}{@code <first
 * sequence, 20 digits>} (format {@value #FORMAT_VERSION}). {@link #append} rewrites the current segment atomically
 * before it returns, so an entry the caller has appended survives a kill; callers batch by appending a whole
 * message's entries at once. When there are more than {@code maxSegments} segments the oldest is deleted: the log
 * stays bounded, and the chain stays verifiable from the oldest kept entry, whose {@code previousHash} is the anchor.
 *
 * <p>Owning thread: the agent's executor appends; reads (the USP table, the export, verify) may come from any thread,
 * so the methods are synchronized.
 */
public final class AccessLog {
    public static final String PREFIX = "privacy/access-log/";
    static final int FORMAT_VERSION = 1;

    /** The result of {@link #verify()}: intact, or the first entry whose link is broken and why. */
    public record Verification(boolean intact, long firstBroken, String reason) {
        /** The text of {@code VerifyAccessLog()}'s Result. */
        public String describe() {
            return intact ? "intact" : "broken at entry " + firstBroken + ": " + reason;
        }
    }

    /** An entry to append, before it has a sequence number and hash. */
    public record Event(String controller, String operation, String paths, Decision decision) {
        public Event {
            Objects.requireNonNull(controller, "controller");
            Objects.requireNonNull(operation, "operation");
            Objects.requireNonNull(paths, "paths");
            Objects.requireNonNull(decision, "decision");
        }
    }

    private final DurableStore store;
    private final Clock clock;
    private final int segmentSize;
    private final int maxSegments;
    // first sequence of the segment -> its entries, oldest first
    private final TreeMap<Long, List<AccessLogEntry>> segments = new TreeMap<>();

    /**
     * @param segmentSize entries per stored segment (the cost of one append grows with it)
     * @param maxSegments segments kept; the log holds at most {@code segmentSize * maxSegments} entries
     */
    public AccessLog(DurableStore store, Clock clock, int segmentSize, int maxSegments) {
        if (segmentSize < 1 || maxSegments < 2) {
            throw new IllegalArgumentException("segmentSize >= 1 and maxSegments >= 2");
        }
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.segmentSize = segmentSize;
        this.maxSegments = maxSegments;
        load();
    }

    /** A log of 8 segments of 128 entries (1,024 entries). */
    public AccessLog(DurableStore store, Clock clock) {
        this(store, clock, 128, 8);
    }

    /** Appends the events in order with the current time; durable when this returns. */
    public synchronized List<AccessLogEntry> append(List<Event> events) {
        if (events.isEmpty()) {
            return List.of();
        }
        Instant now = clock.instant();
        List<AccessLogEntry> added = new ArrayList<>(events.size());
        List<Long> touched = new ArrayList<>();
        for (Event e : events) {
            Optional<AccessLogEntry> last = last();
            long sequence = last.map(l -> l.sequence() + 1).orElse(1L);
            String previous = last.map(AccessLogEntry::hash).orElse(AccessLogEntry.GENESIS);
            AccessLogEntry entry = AccessLogEntry.chained(sequence, now, e.controller(), e.operation(), e.paths(),
                    e.decision(), previous);
            if (segments.isEmpty() || segments.lastEntry().getValue().size() >= segmentSize) {
                segments.put(sequence, new ArrayList<>());
            }
            segments.lastEntry().getValue().add(entry);
            if (!touched.contains(segments.lastKey())) {
                touched.add(segments.lastKey());
            }
            added.add(entry);
        }
        for (long first : touched) {
            write(first);
        }
        while (segments.size() > maxSegments) {
            long oldest = segments.firstKey();
            segments.remove(oldest);
            store.delete(name(oldest));
        }
        return added;
    }

    /** {@link #append(List)} of one event. */
    public AccessLogEntry append(Event event) {
        return append(List.of(event)).get(0);
    }

    /** The kept entries, oldest first. */
    public synchronized List<AccessLogEntry> entries() {
        List<AccessLogEntry> all = new ArrayList<>();
        segments.values().forEach(all::addAll);
        return all;
    }

    /** The kept sequence numbers, oldest first (the {@code AccessLog.{i}} instance numbers). */
    public synchronized List<Long> sequences() {
        List<Long> all = new ArrayList<>();
        segments.values().forEach(s -> s.forEach(e -> all.add(e.sequence())));
        return all;
    }

    /** The kept entry with this sequence number. */
    public synchronized Optional<AccessLogEntry> entry(long sequence) {
        Map.Entry<Long, List<AccessLogEntry>> segment = segments.floorEntry(sequence);
        if (segment == null) {
            return Optional.empty();
        }
        int index = (int) (sequence - segment.getKey());
        List<AccessLogEntry> list = segment.getValue();
        return index < list.size() && list.get(index).sequence() == sequence ? Optional.of(list.get(index))
                : list.stream().filter(e -> e.sequence() == sequence).findFirst();
    }

    /**
     * Checks every kept entry: its hash matches its fields, it names the hash of the entry before, and the numbers
     * follow on. The oldest kept entry's {@code previousHash} is taken as the anchor (rotation dropped what it named).
     */
    public synchronized Verification verify() {
        AccessLogEntry before = null;
        for (AccessLogEntry e : entries()) {
            if (!e.selfConsistent()) {
                return new Verification(false, e.sequence(), "its hash does not match its contents");
            }
            if (before != null && !e.previousHash().equals(before.hash())) {
                return new Verification(false, e.sequence(), "it does not name the hash of entry "
                        + before.sequence());
            }
            if (before != null && e.sequence() != before.sequence() + 1) {
                return new Verification(false, e.sequence(), "entries between " + before.sequence() + " and "
                        + e.sequence() + " are missing");
            }
            before = e;
        }
        return new Verification(true, 0, "");
    }

    /** The kept entries as a JSON array of objects (sequence, time, controller, operation, paths, decision, ...). */
    public synchronized String exportJson() {
        List<Object> list = new ArrayList<>();
        for (AccessLogEntry e : entries()) {
            list.add(toJson(e));
        }
        return Json.write(list);
    }

    private Optional<AccessLogEntry> last() {
        if (segments.isEmpty()) {
            return Optional.empty();
        }
        List<AccessLogEntry> list = segments.lastEntry().getValue();
        return list.isEmpty() ? Optional.empty() : Optional.of(list.get(list.size() - 1));
    }

    private static String name(long first) {
        return PREFIX + String.format("%020d", first);
    }

    private static Map<String, Object> toJson(AccessLogEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sequence", e.sequence());
        m.put("time", e.time().toString());
        m.put("controller", e.controller());
        m.put("operation", e.operation());
        m.put("paths", e.paths());
        m.put("decision", e.decision().word());
        m.put("previousHash", e.previousHash());
        m.put("hash", e.hash());
        return m;
    }

    private void write(long first) {
        List<Object> list = new ArrayList<>();
        segments.get(first).forEach(e -> list.add(toJson(e)));
        store.write(name(first), FORMAT_VERSION, Json.write(Map.of("entries", list))
                .getBytes(StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    private void load() {
        for (String name : store.list(PREFIX)) {
            var record = store.read(name);
            if (record.isEmpty()) {
                continue;
            }
            try {
                long first = Long.parseLong(name.substring(PREFIX.length()));
                List<AccessLogEntry> entries = new ArrayList<>();
                Map<String, Object> doc = Json.parseObject(record.get().textOfFormat(FORMAT_VERSION));
                for (Object o : (List<Object>) doc.get("entries")) {
                    Map<String, Object> m = (Map<String, Object>) o;
                    entries.add(new AccessLogEntry((Long) m.get("sequence"), Instant.parse((String) m.get("time")),
                            (String) m.get("controller"), (String) m.get("operation"), (String) m.get("paths"),
                            Decision.valueOf(((String) m.get("decision")).toUpperCase(java.util.Locale.ROOT)),
                            (String) m.get("previousHash"), (String) m.get("hash")));
                }
                segments.put(first, entries);
            } catch (ClassCastException | NullPointerException | IllegalArgumentException
                    | java.time.format.DateTimeParseException e) {
                throw new StoreException(name + " is corrupt: " + e.getMessage(), e);
            }
        }
    }
}
