package org.cpebridge.privacy.policy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.cpebridge.core.json.Json;
import org.cpebridge.core.store.DurableStore;
import org.cpebridge.core.store.StoreException;

/**
 * Energy without surveillance: the whole home's energy use per finished UTC day, summed over every energy meter, for
 * a household that opted in ({@code energy-daily-totals on}); the running day is never shown, and no per-device or
 * finer series is kept. Each meter's increase since its previous reading counts to the day of the reading; a meter
 * that reads less than before restarted from zero and its reading is the increase. Stored in {@value #RECORD}
 * (format {@value #FORMAT_VERSION}); the last {@value #DAYS_KEPT} finished days are kept.
 *
 * <p>Thread-safe (synchronized): readings come from the core's event threads, reads from the agent's executor.
 */
public final class DailyEnergyTotals {
    public static final String RECORD = "privacy/daily-energy";
    static final int FORMAT_VERSION = 1;
    public static final int DAYS_KEPT = 31;

    /** One finished day: the whole home's energy in kWh. */
    public record DayTotal(LocalDate date, double kWh) {
    }

    private final DurableStore store;
    private final Clock clock;
    private final Map<String, Double> lastReading = new TreeMap<>();
    private final TreeMap<LocalDate, Double> finished = new TreeMap<>();
    private LocalDate day;
    private double today;

    public DailyEnergyTotals(DurableStore store, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        load();
    }

    /** A cumulative meter reading in kWh ({@code meter} names the device and capability). */
    public synchronized void reading(String meter, double kWh) {
        if (!Double.isFinite(kWh) || kWh < 0) {
            return;
        }
        roll();
        Double last = lastReading.put(meter, kWh);
        if (last != null) {
            today += kWh >= last ? kWh - last : kWh;
        }
        persist();
    }

    /** The finished days, oldest first, each total rounded to 0.1 kWh. */
    public synchronized List<DayTotal> finishedDays() {
        if (roll()) {
            persist();
        }
        List<DayTotal> result = new ArrayList<>();
        finished.forEach((date, kWh) -> result.add(new DayTotal(date, Math.round(kWh * 10) / 10.0)));
        return result;
    }

    /** Closes the running day if the clock has passed midnight (UTC); true if it did. */
    private boolean roll() {
        LocalDate now = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        if (now.equals(day)) {
            return false;
        }
        if (day != null && now.isAfter(day)) {
            finished.put(day, today);
            while (finished.size() > DAYS_KEPT) {
                finished.pollFirstEntry();
            }
        }
        day = now;
        today = 0;
        return true;
    }

    private void persist() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("day", day.toString());
        doc.put("today", Double.toString(today));
        Map<String, Object> meters = new LinkedHashMap<>();
        lastReading.forEach((k, v) -> meters.put(k, Double.toString(v)));
        doc.put("meters", meters);
        Map<String, Object> days = new LinkedHashMap<>();
        finished.forEach((k, v) -> days.put(k.toString(), Double.toString(v)));
        doc.put("finished", days);
        store.write(RECORD, FORMAT_VERSION, Json.write(doc).getBytes(StandardCharsets.UTF_8));
    }

    private void load() {
        var record = store.read(RECORD);
        if (record.isEmpty()) {
            return;
        }
        try {
            Map<String, Object> doc = Json.parseObject(record.get().textOfFormat(FORMAT_VERSION));
            day = LocalDate.parse((String) doc.get("day"));
            today = Double.parseDouble((String) doc.get("today"));
            Json.requireObject(doc.get("meters"), "meters").forEach((k, v) -> lastReading.put(k,
                    Double.parseDouble((String) v)));
            Json.requireObject(doc.get("finished"), "finished").forEach((k, v) -> finished.put(LocalDate.parse(k),
                    Double.parseDouble((String) v)));
        } catch (ClassCastException | NullPointerException | IllegalArgumentException | DateTimeParseException e) {
            throw new StoreException(RECORD + " is corrupt: " + e.getMessage(), e);
        }
    }
}
