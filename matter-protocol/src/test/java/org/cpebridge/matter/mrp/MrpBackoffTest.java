package org.cpebridge.matter.mrp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Core spec 4.12.2.1 backoff: i × 1.1 × 1.6^max(0, n − 1) × (1 + r × 0.25), truncated to milliseconds. */
class MrpBackoffTest {

    @ParameterizedTest(name = "i={0}ms n={1} r={2} -> {3}ms")
    @CsvSource({
        // active interval 300 ms, no jitter: 330, 330, 528, 844.8, 1351.68
        "300, 0, 0.0, 330",
        "300, 1, 0.0, 330",
        "300, 2, 0.0, 528",
        "300, 3, 0.0, 844",
        "300, 4, 0.0, 1351",
        // idle interval 500 ms, no jitter
        "500, 0, 0.0, 550",
        "500, 2, 0.0, 880",
        // half jitter: × 1.125
        "300, 0, 0.5, 371",
        "500, 4, 0.5, 2534",
        // jitter just below 1: × ~1.25
        "300, 0, 0.999999, 412",
        "300, 4, 0.999999, 1689",
    })
    void matchesTheSpecFormula(long intervalMillis, int retransmissions, double random, long expectedMillis) {
        assertEquals(Duration.ofMillis(expectedMillis),
                MrpBackoff.delay(Duration.ofMillis(intervalMillis), retransmissions, random));
    }

    @org.junit.jupiter.api.Test
    void rejectsBadInputs() {
        assertThrows(IllegalArgumentException.class, () -> MrpBackoff.delay(Duration.ofMillis(300), -1, 0));
        assertThrows(IllegalArgumentException.class, () -> MrpBackoff.delay(Duration.ofMillis(300), 0, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new MrpParameters(Duration.ofHours(2),
                Duration.ofMillis(300), Duration.ofSeconds(4)));
    }
}
