package org.cpebridge.usp.agent.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The retry table of TR-369 R-NOT.1/R-NOT.2 ("Responses to Notifications and Notification Retry"). */
class RetryScheduleTest {
    @Test
    void defaultRangesAreTheSpecTable() {
        // "Default Wait Interval Range (min-max seconds)", rows #1 to #10: 5-10, 10-20, ... 2560-5120.
        long[][] table = {{5, 10}, {10, 20}, {20, 40}, {40, 80}, {80, 160}, {160, 320}, {320, 640}, {640, 1280},
            {1280, 2560}, {2560, 5120}};
        for (int retry = 1; retry <= 10; retry++) {
            assertEquals(Duration.ofSeconds(table[retry - 1][0]), RetrySchedule.DEFAULT.minimumBefore(retry));
            assertEquals(Duration.ofSeconds(table[retry - 1][1]), RetrySchedule.DEFAULT.maximumBefore(retry));
        }
    }

    @Test
    void fromTheTenthRetryTheRangeStaysFixed() {
        // R-NOT.2: "#10 and subsequent".
        assertEquals(Duration.ofSeconds(2560), RetrySchedule.DEFAULT.minimumBefore(25));
        assertEquals(Duration.ofSeconds(5120), RetrySchedule.DEFAULT.maximumBefore(25));
    }

    @Test
    void randomPicksAPointInTheRange() {
        assertEquals(Duration.ofSeconds(5), RetrySchedule.DEFAULT.waitBefore(1, 0.0));
        assertEquals(Duration.ofMillis(7500), RetrySchedule.DEFAULT.waitBefore(1, 0.5));
        assertEquals(Duration.ofSeconds(15), RetrySchedule.DEFAULT.waitBefore(2, 0.5));
        assertThrows(IllegalArgumentException.class, () -> RetrySchedule.DEFAULT.waitBefore(1, 1.0));
        assertThrows(IllegalArgumentException.class, () -> RetrySchedule.DEFAULT.waitBefore(0, 0.5));
    }

    @Test
    void controllerParametersScaleTheTable() {
        // m = 10 s, k = 1500: retry #1 is m .. m*k/1000, retry #3 is m*(k/1000)^2 .. m*(k/1000)^3.
        RetrySchedule s = new RetrySchedule(10, 1500);
        assertEquals(Duration.ofSeconds(10), s.minimumBefore(1));
        assertEquals(Duration.ofSeconds(15), s.maximumBefore(1));
        assertEquals(Duration.ofMillis(22500), s.minimumBefore(3));
        assertEquals(Duration.ofMillis(33750), s.maximumBefore(3));
    }

    @Test
    void rangesOfTheDataModelAreEnforced() {
        // TR-181 USPNotifRetryMinimumWaitInterval 1-65535, USPNotifRetryIntervalMultiplier 1000-65535.
        assertThrows(IllegalArgumentException.class, () -> new RetrySchedule(0, 2000));
        assertThrows(IllegalArgumentException.class, () -> new RetrySchedule(5, 999));
        assertThrows(IllegalArgumentException.class, () -> new RetrySchedule(65536, 2000));
        assertEquals(RetrySchedule.DEFAULT, RetrySchedule.of(null, "garbage"));
        assertEquals(RetrySchedule.DEFAULT, RetrySchedule.of("0", "70000"));
        assertEquals(new RetrySchedule(7, 3000), RetrySchedule.of("7", "3000"));
    }
}
