package org.cpebridge.usp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.cpebridge.core.testing.SourceRules;
import org.junit.jupiter.api.Test;

/** The shared house rules (core's {@link SourceRules}): MTP packages alone import netty, no System.out, no JSON cast. */
class SourceRulesTest {

    @Test
    void houseRules() {
        assertEquals(List.of(), SourceRules.violations(Path.of("src/main/java"), List.of("org.cpebridge.usp.mtp"),
                List.of()));
    }
}
