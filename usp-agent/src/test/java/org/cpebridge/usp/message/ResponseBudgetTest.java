package org.cpebridge.usp.message;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.CodedOutputStream;
import org.junit.jupiter.api.Test;

/**
 * {@link ResponseBudget} charges texts at their least and measures them only near the limit: it stops at exactly the
 * charge where the exact encoded size first passes the limit, never earlier (a text that could take three bytes a
 * character but takes one) and never later (one that takes three), and {@link ResponseBudget#used()} is exact.
 */
class ResponseBudgetTest {

    /** A map entry's exact charge: its framing (6) plus each string's tag, length and UTF-8 bytes. */
    private static long entry(String key, String value) {
        return 6 + 1 + CodedOutputStream.computeStringSizeNoTag(key) + 1 + CodedOutputStream.computeStringSizeNoTag(value);
    }

    @Test
    void asciiTextsUpToTheLimitExactlyFit() {
        String value = "x".repeat(100);
        long one = entry("Name", value);
        ResponseBudget budget = new ResponseBudget(3 * one);
        // Each could take 300 bytes: three of them could pass the limit, so the budget measures, and they fit.
        for (int i = 0; i < 3; i++) {
            assertDoesNotThrow(() -> budget.chargeEntry("Name", value));
        }
        assertEquals(3 * one, budget.used());
        assertThrows(ResponseBudget.ResponseTooLargeException.class, () -> budget.chargeEntry("Name", ""));
    }

    @Test
    void multiByteTextsStopAtTheChargeThatPassesTheLimit() {
        String value = "€".repeat(50); // 50 characters, 150 bytes
        long one = entry("Name", value);
        // A third entry counted one byte a character: framing 6, key 1 + 1 + 4, value 1 + 1 + 50.
        long leastOfOne = 6 + 6 + 52;
        ResponseBudget budget = new ResponseBudget(2 * one + leastOfOne + 5);
        budget.chargeEntry("Name", value);
        budget.chargeEntry("Name", value);
        // The third fits by its character count, not by its bytes.
        assertThrows(ResponseBudget.ResponseTooLargeException.class, () -> budget.chargeEntry("Name", value));
    }

    @Test
    void usedIsExactForMixedTexts() {
        ResponseBudget budget = ResponseBudget.unlimited();
        budget.chargeText("Device.ProxiedDevice.1.");
        budget.chargeEntry("Küche", "☕ \uD83D\uDE00 a\uD800b");
        budget.chargeEntry("Empty", "");
        budget.chargeNested();
        long expected = 6 + 1 + CodedOutputStream.computeStringSizeNoTag("Device.ProxiedDevice.1.")
                + entry("Küche", "☕ \uD83D\uDE00 a\uD800b") + entry("Empty", "") + 6;
        assertEquals(expected, budget.used());
        budget.chargeText("more");
        assertEquals(expected + 6 + 1 + CodedOutputStream.computeStringSizeNoTag("more"), budget.used());
    }
}
