package org.cpebridge.usp.agent.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class InstantTextsTest {

    @Test
    void theTextIsInstantToStringsAndAnInstantAskedAgainIsNotFormattedAgain() {
        InstantTexts texts = new InstantTexts();
        for (Instant at : new Instant[] {Instant.EPOCH, Instant.parse("2026-12-07T21:59:01Z"),
                Instant.parse("2026-12-07T21:59:01.120Z"), Instant.parse("2026-12-07T21:59:01.000123456Z"),
                Instant.parse("0001-01-01T00:00:00Z"), Instant.parse("+12026-01-01T00:00:00Z")}) {
            assertEquals(at.toString(), texts.textOf(at));
        }
        Instant at = Instant.parse("2026-12-07T21:59:01.5Z");
        String first = texts.textOf(at);
        assertSame(first, texts.textOf(Instant.ofEpochSecond(at.getEpochSecond(), at.getNano())),
                "an equal instant gets the kept text");
    }

    @Test
    void atMostMaxKeptTextsAreKept() {
        InstantTexts texts = new InstantTexts();
        Instant start = Instant.parse("2026-12-07T00:00:00Z");
        for (int i = 0; i < 3 * InstantTexts.MAX_KEPT; i++) {
            Instant at = start.plusSeconds(i);
            assertEquals(at.toString(), texts.textOf(at));
            assertTrue(texts.size() <= InstantTexts.MAX_KEPT, "kept " + texts.size());
        }
    }
}
