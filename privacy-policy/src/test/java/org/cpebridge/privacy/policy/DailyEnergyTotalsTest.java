package org.cpebridge.privacy.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.cpebridge.core.store.FileDurableStore;
import org.cpebridge.core.testing.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole-home energy per finished day: summed meters, no running day, meter restarts, a restart of the bridge. */
class DailyEnergyTotalsTest {
    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-06T08:00:00Z"));

    @Test
    void finishedDaysSumEveryMeterAndTheRunningDayIsNeverShown() {
        DailyEnergyTotals totals = new DailyEnergyTotals(new FileDurableStore(dir), clock);
        totals.reading("zigbee:plug/energy", 100.0);
        totals.reading("zigbee:fridge/energy", 5.0);
        clock.advance(Duration.ofHours(3));
        totals.reading("zigbee:plug/energy", 101.5);   // +1.5
        totals.reading("zigbee:fridge/energy", 6.25);  // +1.25
        assertEquals(List.of(), totals.finishedDays(), "the running day tells when someone is home");

        clock.advance(Duration.ofHours(14)); // 2026-12-07T01:00Z
        totals.reading("zigbee:plug/energy", 0.5);     // the meter restarted from zero: +0.5 on the 7th
        assertEquals(List.of(new DailyEnergyTotals.DayTotal(LocalDate.parse("2026-12-06"), 2.8)),
                totals.finishedDays());

        // A restart of the bridge keeps the days, the meters and the running day.
        DailyEnergyTotals restarted = new DailyEnergyTotals(new FileDurableStore(dir), clock);
        restarted.reading("zigbee:fridge/energy", 7.25); // +1.0 on the 7th
        clock.advance(Duration.ofDays(1));
        assertEquals(List.of(new DailyEnergyTotals.DayTotal(LocalDate.parse("2026-12-06"), 2.8),
                new DailyEnergyTotals.DayTotal(LocalDate.parse("2026-12-07"), 1.5)), restarted.finishedDays());
    }

    @Test
    void onlyTheLastMonthIsKept() {
        DailyEnergyTotals totals = new DailyEnergyTotals(new FileDurableStore(dir), clock);
        for (int i = 0; i < 40; i++) {
            totals.reading("m", i);
            clock.advance(Duration.ofDays(1));
        }
        List<DailyEnergyTotals.DayTotal> days = totals.finishedDays();
        assertEquals(DailyEnergyTotals.DAYS_KEPT, days.size());
        assertEquals(LocalDate.parse("2027-01-14"), days.get(days.size() - 1).date());
        assertEquals(1.0, days.get(days.size() - 1).kWh());
    }
}
