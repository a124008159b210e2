package org.cpebridge.dect.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;

import org.cpebridge.core.testing.SourceRules;
import org.junit.jupiter.api.Test;

/** House rules (STYLE.md 2, 10): netty only in the simulator control's transport package, no System.out. */
class SourceRulesTest {
    @Test
    void nettyOnlyInTheControlTransportAndNoSystemOut() {
        assertEquals(List.of(), SourceRules.violations(Path.of("src/main/java"),
                List.of("org.cpebridge.dect.sim.transport"), List.of()));
    }
}
