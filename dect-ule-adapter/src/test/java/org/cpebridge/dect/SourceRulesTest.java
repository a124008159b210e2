package org.cpebridge.dect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;

import org.cpebridge.core.testing.SourceRules;
import org.junit.jupiter.api.Test;

/**
 * House rules (STYLE.md 2, 10): netty only in the base-link package
 * ({@code ule}, whose TCP link runs on netty, on the service's shared I/O loop); the HAN-FUN codecs, the adapter and
 * its internals import no transport library.
 */
class SourceRulesTest {
    @Test
    void noTransportLibraryAndNoSystemOut() {
        assertEquals(List.of(), SourceRules.violations(Path.of("src/main/java"),
                List.of("org.cpebridge.dect.ule"), List.of()));
    }
}
