package org.cpebridge.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.cpebridge.core.testing.SourceRules;
import org.junit.jupiter.api.Test;

/** The shared house rules (core's {@link SourceRules}): no transport library, no System.out, no JSON cast. */
class SourceRulesTest {

    @Test
    void houseRules() {
        assertEquals(List.of(), SourceRules.violations(Path.of("src/main/java"), List.of(), List.of()));
    }
}
