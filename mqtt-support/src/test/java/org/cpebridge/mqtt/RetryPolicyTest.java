package org.cpebridge.mqtt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The retry table of TR-369 R-WS.19 (specification/mtp/websocket/index.md), defaults m = 5 s, k = 2000. */
class RetryPolicyTest {

    @Test
    void defaultTableFromTheSpecification() {
        long[][] table = {{5, 10}, {10, 20}, {20, 40}, {40, 80}, {80, 160}, {160, 320}, {320, 640}, {640, 1280},
            {1280, 2560}, {2560, 5120}};
        for (int n = 1; n <= 10; n++) {
            long[] seconds = table[n - 1];
            assertArrayEquals(new long[] {seconds[0] * 1000, seconds[1] * 1000}, RetryPolicy.DEFAULT.rangeMillis(n),
                    "retry #" + n);
        }
        assertArrayEquals(new long[] {2_560_000, 5_120_000}, RetryPolicy.DEFAULT.rangeMillis(25),
                "#10 and subsequent");
    }

    @Test
    void delayIsInsideTheRangeAndCapped() {
        assertEquals(Duration.ofSeconds(5), RetryPolicy.DEFAULT.delay(1, () -> 0.0));
        assertEquals(Duration.ofMillis(7500), RetryPolicy.DEFAULT.delay(1, () -> 0.5));
        RetryPolicy capped = new RetryPolicy(Duration.ofSeconds(5), 2000, Duration.ofSeconds(30));
        assertEquals(Duration.ofSeconds(30), capped.delay(6, () -> 0.9), "ConnectRetryMaxInterval");
        assertThrows(IllegalArgumentException.class, () -> RetryPolicy.DEFAULT.delay(1, () -> 1.0));
        assertThrows(IllegalArgumentException.class, () -> RetryPolicy.DEFAULT.rangeMillis(0));
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(Duration.ZERO, 2000, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(Duration.ofSeconds(1), 999,
                Duration.ZERO));
    }
}
