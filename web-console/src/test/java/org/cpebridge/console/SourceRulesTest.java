package org.cpebridge.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.cpebridge.core.testing.SourceRules;
import org.junit.jupiter.api.Test;

/** Only {@code org.cpebridge.console.http} imports netty; nothing prints to System.out (STYLE.md 2, 10). */
class SourceRulesTest {

    @Test
    void houseRules() {
        assertEquals(List.of(), SourceRules.violations(Path.of("src/main/java"), List.of("org.cpebridge.console.http"),
                List.of()));
    }
}
