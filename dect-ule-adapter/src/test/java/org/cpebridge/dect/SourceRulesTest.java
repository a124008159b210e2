package org.cpebridge.dect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;

import org.cpebridge.core.testing.SourceRules;
import org.junit.jupiter.api.Test;

/**
 * House rules (STYLE.md 2, 10): the base link, codecs and adapter import no transport library (the TCP link is plain
 * NIO); the simulator's netty control is in dect-ule-simulator.
 */
class SourceRulesTest {
    @Test
    void noTransportLibraryAndNoSystemOut() {
        assertEquals(List.of(), SourceRules.violations(Path.of("src/main/java"),
                List.of(), List.of()));
    }
}
