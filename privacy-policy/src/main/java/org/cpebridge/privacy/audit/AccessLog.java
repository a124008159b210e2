package org.cpebridge.privacy.audit;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.cpebridge.core.json.Json;
import org.cpebridge.core.store.DurableStore;
import org.cpebridge.core.store.FileDurableStore;
import org.cpebridge.core.store.StoreException;
import org.cpebridge.core.store.StoredRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transparency log: what non-household Controllers received or attempted, hash-chained and stored durably.
 *
 * <p>Storage (format {@value #FORMAT_VERSION}): segments of at most {@code segmentSize} entries, each a store record
 * {@value #PREFIX}{@code <first sequence, 20 digits>}, and the anchor {@value #ANCHOR}: the sequence number and hash
 * of the newest entry, stored apart from the entries so that a segment cut short or rolled back to an older copy, or
 * the newest segment deleted, no longer reaches the entry the anchor names. When there are more than
 * {@code maxSegments} segments the oldest is deleted: the log stays bounded, and the chain stays verifiable from the
 * oldest kept entry, whose {@code previousHash} is where it starts.
 *
 * <p>Group commit: {@link #appendLater} chains the entries in memory at once and returns a future that completes
 * when they are durable; the log's writer thread ({@code access-log-writer}) writes everything appended while it
 * wrote the previous batch with one store write (two when a segment fills), completes the batch's futures, then
 * writes the anchor. So a caller that answers only once its future completed never sends an answer whose entry a
 * crash could lose, and the anchor trails the entries by at most the batch being written (a crash in between leaves
 * the anchor behind the entries, which verifies). Before its very first segment a log stores an anchor naming no
 * entry, so that this holds for the first batch too.
 *
 * <p>With a journal ({@link #journaled}): a batch is made durable by one append to a preallocated file and one
 * {@code fdatasync} ({@link AccessLogJournal}) instead of the segment's atomic rewrite; the futures complete then. The
 * segments and the anchor are written (compacted) once the journal holds {@code segmentSize} entries, when a batch
 * does not fit in it, and on {@link #close}. At start-up the journal's entries after the newest stored one are taken
 * back. The anchor then trails the entries by up to {@code segmentSize} entries instead of one batch: entries cut off
 * the journal's tail after their compaction's anchor are not detected (docs/privacy-policy.md).
 *
 * <p>Owning thread: any thread appends and reads (the methods that touch the entries are synchronized); after loading
 * only the writer thread writes the store and the journal.
 *
 * <p>Why one class of about 650 lines: append, group commit, compaction, rotation and verification all guard one hash
 * chain and its anchor; together, the chain's invariant is checked in one file (the journal's file format is
 * {@link AccessLogJournal}'s).
 */
public final class AccessLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AccessLog.class);
    public static final String PREFIX = "privacy/access-log/";
    public static final String ANCHOR = "privacy/access-log-anchor";
    /** The journal file, relative to the store's directory (not a store record: it is appended to in place). */
    public static final String JOURNAL = "privacy/access-log.journal";
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

    /** The newest entry as the anchor record names it: what the kept entries must reach. */
    private record Anchor(long sequence, String hash) { }

    /** Entries appended but not yet durable, and who waits for them. */
    private record Waiter(CompletableFuture<List<AccessLogEntry>> future, List<AccessLogEntry> entries) { }

    private final DurableStore store;
    private final Clock clock;
    private final int segmentSize;
    private final int maxSegments;
    // first sequence of the segment -> its entries, oldest first
    private final TreeMap<Long, List<AccessLogEntry>> segments = new TreeMap<>();
    // first sequence of the segment -> each entry's JSON text, so that a batch serializes only its new entries
    private final Map<Long, List<String>> segmentJson = new HashMap<>();
    private final List<Waiter> waiting = new ArrayList<>();
    // segments with entries not yet written, and rotated-out segments not yet deleted
    private final Set<Long> dirty = new TreeSet<>();
    private final Set<Long> toDelete = new TreeSet<>();
    // the anchor as stored (load, then each batch); empty when none was found at start-up
    private Optional<Anchor> storedAnchor = Optional.empty();
    // the newest kept sequence at start-up when entries were found without an anchor; 0 otherwise
    private long unanchoredAtStart;
    private Thread writer;
    private boolean closed;
    private long batches;
    // The journal, when there is one; its entries not yet in the segments; the JSON of entries not yet journaled.
    private final AccessLogJournal journal;
    private int journalEntries;
    private final List<String> unjournaled = new ArrayList<>();

    /**
     * @param segmentSize entries per stored segment (the cost of one append grows with it)
     * @param maxSegments segments kept; the log holds at most {@code segmentSize * maxSegments} entries
     */
    public AccessLog(DurableStore store, Clock clock, int segmentSize, int maxSegments) {
        this(store, clock, segmentSize, maxSegments, null);
    }

    private AccessLog(DurableStore store, Clock clock, int segmentSize, int maxSegments, Path journalFile) {
        if (segmentSize < 1 || maxSegments < 2) {
            throw new IllegalArgumentException("segmentSize >= 1 and maxSegments >= 2");
        }
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.segmentSize = segmentSize;
        this.maxSegments = maxSegments;
        this.journal = journalFile == null ? null : AccessLogJournal.open(journalFile);
        load();
    }

    /**
     * A log whose batches are made durable in the journal file {@value #JOURNAL} of the store's directory (see the
     * class comment); the segments and anchor stay records of the store.
     */
    public static AccessLog journaled(FileDurableStore store, Clock clock, int segmentSize, int maxSegments) {
        return new AccessLog(store, clock, segmentSize, maxSegments, store.root().resolve(JOURNAL));
    }

    /** {@link #journaled(FileDurableStore, Clock, int, int)} with 8 segments of 128 entries. */
    public static AccessLog journaled(FileDurableStore store, Clock clock) {
        return journaled(store, clock, 128, 8);
    }

    /** A log of 8 segments of 128 entries (1,024 entries). */
    public AccessLog(DurableStore store, Clock clock) {
        this(store, clock, 128, 8);
    }

    /**
     * Chains the events in order with the current time and returns at once; the future completes with the entries
     * once they are durable, or exceptionally when the store failed (the entries stay, and the next batch writes
     * them again).
     */
    public synchronized CompletableFuture<List<AccessLogEntry>> appendLater(List<Event> events) {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("the access log is closed"));
        }
        if (events.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        Instant now = clock.instant();
        List<AccessLogEntry> added = new ArrayList<>(events.size());
        for (Event e : events) {
            Optional<AccessLogEntry> last = last();
            long sequence = last.map(l -> l.sequence() + 1).orElse(1L);
            String previous = last.map(AccessLogEntry::hash).orElse(AccessLogEntry.GENESIS);
            AccessLogEntry entry = AccessLogEntry.chained(sequence, now, e.controller(), e.operation(), e.paths(),
                    e.decision(), previous);
            String json = place(entry);
            if (journal != null) {
                unjournaled.add(json);
            }
            added.add(entry);
        }
        CompletableFuture<List<AccessLogEntry>> future = new CompletableFuture<>();
        waiting.add(new Waiter(future, List.copyOf(added)));
        if (writer == null) {
            writer = new Thread(this::writeBatches, "access-log-writer");
            writer.setDaemon(true);
            writer.start();
        }
        notifyAll();
        return future;
    }

    /** Appends the events in order with the current time; durable when this returns. */
    public List<AccessLogEntry> append(List<Event> events) {
        return appendLater(events).join();
    }

    /** {@link #append(List)} of one event. */
    public AccessLogEntry append(Event event) {
        return append(List.of(event)).get(0);
    }

    /** How many batches the writer has made durable (each one store write per segment it touched). */
    public synchronized long batchesWritten() {
        return batches;
    }

    /** Writes what is pending, then stops the writer; later appends fail. */
    @Override
    public void close() {
        Thread running;
        synchronized (this) {
            closed = true;
            notifyAll();
            running = writer;
        }
        if (running != null && running != Thread.currentThread()) {
            try {
                running.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (journal != null) {
            synchronized (this) {
                if (writer == null && journalEntries > 0) {
                    // No writer ran since the entries taken back at start-up: the segments take them now.
                    writer = Thread.currentThread();
                }
            }
            if (writer == Thread.currentThread()) {
                compact();
            }
            journal.close();
        }
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
     * follow on; then that the entries reach the one the anchor names (entries cut off the end are missing). The
     * oldest kept entry's {@code previousHash} is taken as the start (rotation dropped what it named).
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
        long next = before == null ? 1 : before.sequence() + 1;
        if (unanchoredAtStart > 0) {
            return new Verification(false, unanchoredAtStart + 1, "the anchor record was missing at start-up, so "
                    + "entries after " + unanchoredAtStart + " may have been cut off");
        }
        if (storedAnchor.isPresent()) {
            Anchor anchor = storedAnchor.get();
            // Sequence 0 names no entry: the anchor a log stores before its first segment.
            if (anchor.sequence() > 0 && (before == null || before.sequence() < anchor.sequence())) {
                return new Verification(false, next, "the anchor names entry " + anchor.sequence()
                        + " as the newest: entries from " + next + " on are missing");
            }
            Optional<AccessLogEntry> named = entry(anchor.sequence());
            if (named.isPresent() && !named.get().hash().equals(anchor.hash())) {
                return new Verification(false, anchor.sequence(), "it is not the entry the anchor names");
            }
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

    /** Puts the entry at the end of the newest segment (a new one when full), rotating out the oldest; its JSON. */
    private String place(AccessLogEntry entry) {
        if (segments.isEmpty() || segments.lastEntry().getValue().size() >= segmentSize) {
            segments.put(entry.sequence(), new ArrayList<>());
        }
        segments.lastEntry().getValue().add(entry);
        String json = Json.write(toJson(entry));
        segmentJson.computeIfAbsent(segments.lastKey(), k -> new ArrayList<>()).add(json);
        dirty.add(segments.lastKey());
        while (segments.size() > maxSegments) {
            long oldest = segments.pollFirstEntry().getKey();
            segmentJson.remove(oldest);
            dirty.remove(oldest);
            toDelete.add(oldest);
        }
        return json;
    }

    private Optional<AccessLogEntry> last() {
        if (segments.isEmpty()) {
            return Optional.empty();
        }
        List<AccessLogEntry> list = segments.lastEntry().getValue();
        return list.isEmpty() ? Optional.empty() : Optional.of(list.get(list.size() - 1));
    }

    /**
     * The writer thread: each round writes the segments that everything appended so far touched, completes the
     * round's futures, then stores the anchor and deletes rotated-out segments.
     */
    private void writeBatches() {
        while (true) {
            List<Waiter> batch;
            Map<String, byte[]> writes = new LinkedHashMap<>();
            List<Long> deletes;
            Anchor anchor;
            synchronized (this) {
                while (waiting.isEmpty() && !closed) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                if (waiting.isEmpty()) {
                    writer = null;
                }
            }
            if (writer == null) {
                // Closed with nothing waiting: the segments take what only the journal holds.
                if (journal != null && journalEntries > 0) {
                    compact();
                }
                return;
            }
            if (journal != null && journalRound()) {
                continue;
            }
            synchronized (this) {
                batch = List.copyOf(waiting);
                waiting.clear();
                unjournaled.clear();
                for (long first : dirty) {
                    writes.put(name(first), segmentBytes(segmentJson(first)));
                }
                dirty.clear();
                deletes = List.copyOf(toDelete);
                toDelete.clear();
                AccessLogEntry newest = last().orElseThrow();
                anchor = new Anchor(newest.sequence(), newest.hash());
            }
            RuntimeException failure = null;
            try {
                anchorBeforeTheFirstSegment();
                for (Map.Entry<String, byte[]> segment : writes.entrySet()) {
                    store.write(segment.getKey(), FORMAT_VERSION, segment.getValue());
                }
            } catch (RuntimeException e) {
                failure = e;
            }
            if (failure != null) {
                LOG.warn("the access log could not be written: {}", failure.getMessage());
                synchronized (this) {
                    writes.keySet().forEach(n -> dirty.add(first(n)));
                    toDelete.addAll(deletes);
                }
                for (Waiter w : batch) {
                    w.future().completeExceptionally(failure);
                }
                continue;
            }
            for (Waiter w : batch) {
                w.future().complete(w.entries());
            }
            writeAnchor(anchor, deletes);
            if (journal != null) {
                // The segments hold every entry so far: the journal starts a new round.
                journal.restart();
                journalEntries = 0;
            }
        }
    }

    /**
     * A log that has no anchor yet stores one naming no entry (sequence 0) before it writes its first segment (writer
     * thread). Else a crash between that segment and its anchor would leave entries without any anchor, which the
     * next start reads as an anchor deleted (entries may have been cut off) although nothing was lost; with it, the
     * anchor only trails the entries, which verifies, as after any later crash between the two writes.
     *
     * @throws RuntimeException from the store; nothing else was written then
     */
    private void anchorBeforeTheFirstSegment() {
        synchronized (this) {
            if (storedAnchor.isPresent()) {
                return;
            }
        }
        Anchor none = new Anchor(0, "");
        store.write(ANCHOR, FORMAT_VERSION, anchorBytes(none));
        synchronized (this) {
            storedAnchor = Optional.of(none);
        }
    }

    private static byte[] anchorBytes(Anchor anchor) {
        return Json.write(Map.of("newestSequence", anchor.sequence(), "newestHash", anchor.hash()))
                .getBytes(StandardCharsets.UTF_8);
    }

    private void writeAnchor(Anchor anchor, List<Long> deletes) {
        try {
            store.write(ANCHOR, FORMAT_VERSION, anchorBytes(anchor));
            deletes.forEach(first -> store.delete(name(first)));
            synchronized (this) {
                storedAnchor = Optional.of(anchor);
                batches++;
            }
        } catch (RuntimeException e) {
            LOG.warn("the access log's anchor could not be written: {}", e.getMessage());
            synchronized (this) {
                toDelete.addAll(deletes);
            }
        }
    }

    /**
     * One round through the journal: appends the entries not yet journaled and forces them, completes the waiting
     * futures, and compacts when the journal holds a segment's worth. False, having done nothing, when the batch
     * does not fit in the journal (the caller writes the segments instead).
     */
    private boolean journalRound() {
        List<Waiter> batch;
        List<String> texts;
        byte[] lines;
        synchronized (this) {
            texts = List.copyOf(unjournaled);
            lines = AccessLogJournal.encode(texts);
            if (!journal.fits(lines.length)) {
                return false;
            }
            batch = List.copyOf(waiting);
            waiting.clear();
            unjournaled.clear();
        }
        try {
            journal.append(lines);
        } catch (RuntimeException e) {
            LOG.warn("the access log could not be written: {}", e.getMessage());
            synchronized (this) {
                unjournaled.addAll(0, texts);
            }
            for (Waiter w : batch) {
                w.future().completeExceptionally(e);
            }
            return true;
        }
        for (Waiter w : batch) {
            w.future().complete(w.entries());
        }
        synchronized (this) {
            batches++;
        }
        journalEntries += texts.size();
        if (journalEntries >= segmentSize) {
            compact();
        }
        return true;
    }

    /** Writes the dirty segments and the anchor to the store, then restarts the journal (writer thread). */
    private void compact() {
        Map<String, byte[]> writes = new LinkedHashMap<>();
        List<Long> deletes;
        Anchor anchor;
        synchronized (this) {
            for (long first : dirty) {
                writes.put(name(first), segmentBytes(segmentJson(first)));
            }
            dirty.clear();
            deletes = List.copyOf(toDelete);
            toDelete.clear();
            AccessLogEntry newest = last().orElseThrow();
            anchor = new Anchor(newest.sequence(), newest.hash());
        }
        try {
            anchorBeforeTheFirstSegment();
            for (Map.Entry<String, byte[]> segment : writes.entrySet()) {
                store.write(segment.getKey(), FORMAT_VERSION, segment.getValue());
            }
        } catch (RuntimeException e) {
            // The journal still holds the entries: keep it, and try again at the next round.
            LOG.warn("the access log's segments could not be written: {}", e.getMessage());
            synchronized (this) {
                writes.keySet().forEach(n -> dirty.add(first(n)));
                toDelete.addAll(deletes);
            }
            return;
        }
        writeAnchor(anchor, deletes);
        journal.restart();
        journalEntries = 0;
    }

    private static String name(long first) {
        return PREFIX + String.format(Locale.ROOT, "%020d", first);
    }

    private static long first(String name) {
        return Long.parseLong(name.substring(PREFIX.length()));
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

    /** The JSON text of each entry of a segment (entries loaded at start-up are serialized when first needed). */
    private List<String> segmentJson(long first) {
        List<AccessLogEntry> entries = segments.get(first);
        List<String> texts = segmentJson.computeIfAbsent(first, k -> new ArrayList<>());
        if (texts.size() != entries.size()) {
            texts.clear();
            entries.forEach(e -> texts.add(Json.write(toJson(e))));
        }
        return texts;
    }

    /** {@code {"entries":[...]}}, the segment's record. */
    private static byte[] segmentBytes(List<String> entryTexts) {
        StringBuilder text = new StringBuilder(entryTexts.size() * 400 + 16).append("{\"entries\":[");
        for (int i = 0; i < entryTexts.size(); i++) {
            text.append(i == 0 ? "" : ",").append(entryTexts.get(i));
        }
        return text.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private void load() {
        for (String name : store.list(PREFIX)) {
            Optional<StoredRecord> record = store.read(name);
            if (record.isEmpty()) {
                continue;
            }
            try {
                long first = first(name);
                List<AccessLogEntry> entries = new ArrayList<>();
                Map<String, Object> doc = Json.parseObject(record.get().textOfFormat(FORMAT_VERSION));
                for (Object o : Json.requireArray(doc.get("entries"), "entries")) {
                    entries.add(fromJson(Json.requireObject(o, "entry")));
                }
                segments.put(first, entries);
            } catch (ClassCastException | NullPointerException | IllegalArgumentException
                    | java.time.format.DateTimeParseException e) {
                throw new StoreException(name + " is corrupt: " + e.getMessage(), e);
            }
        }
        Optional<StoredRecord> anchor = store.read(ANCHOR);
        if (anchor.isPresent()) {
            try {
                Map<String, Object> doc = Json.parseObject(anchor.get().textOfFormat(FORMAT_VERSION));
                storedAnchor = Optional.of(new Anchor((Long) doc.get("newestSequence"),
                        Objects.requireNonNull((String) doc.get("newestHash"), "newestHash")));
            } catch (ClassCastException | NullPointerException | IllegalArgumentException e) {
                throw new StoreException(ANCHOR + " is corrupt: " + e.getMessage(), e);
            }
        } else {
            unanchoredAtStart = last().map(AccessLogEntry::sequence).orElse(0L);
        }
        if (journal != null) {
            takeBackJournal();
        }
    }

    /**
     * The journal's entries after the newest stored one, in sequence, up to the first that does not continue it
     * (lines of an older round, or none); they go back into the segments, which the next compaction writes.
     */
    @SuppressWarnings("unchecked")
    private void takeBackJournal() {
        long newest = last().map(AccessLogEntry::sequence).orElse(0L);
        long end = 0;
        int taken = 0;
        for (AccessLogJournal.Line line : journal.readLines()) {
            AccessLogEntry entry;
            try {
                entry = fromJson(Json.parseObject(line.json()));
            } catch (RuntimeException e) {
                break;
            }
            if (taken == 0 && entry.sequence() <= newest) {
                end = line.end();
                continue;
            }
            if (entry.sequence() != newest + 1) {
                break;
            }
            place(entry);
            newest = entry.sequence();
            end = line.end();
            taken++;
        }
        journal.continueAfter(end);
        journalEntries = taken;
        if (taken > 0) {
            LOG.debug("the access log took {} entries back from its journal", taken);
        }
    }

    private static AccessLogEntry fromJson(Map<String, Object> m) {
        return new AccessLogEntry((Long) m.get("sequence"), Instant.parse((String) m.get("time")),
                (String) m.get("controller"), (String) m.get("operation"), (String) m.get("paths"),
                Decision.valueOf(((String) m.get("decision")).toUpperCase(Locale.ROOT)),
                (String) m.get("previousHash"), (String) m.get("hash"));
    }
}
