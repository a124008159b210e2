package org.cpebridge.matter.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cpebridge.core.testing.SourceRules;
import org.junit.jupiter.api.Test;

/**
 * ARCHITECTURE.md: codec packages import no netty, Paho or JmDNS type; only {@code transport} and {@code dnssd} may.
 * Scans this module's main sources (surefire runs in the module directory).
 */
class WireImportRulesTest {

    private static final Path MAIN = Path.of("src/main/java");

    @Test
    void onlyTransportAndDnssdImportTransportLibraries() {
        List<String> violations = SourceRules.violations(MAIN,
                List.of("org.cpebridge.matter.transport", "org.cpebridge.matter.dnssd"), List.of());
        assertEquals(List.of(), violations);
    }

    @Test
    void theRuleIsActuallyLookingAtTheWirePackages() throws IOException {
        for (String pkg : List.of("tlv", "message", "mrp")) {
            Path dir = MAIN.resolve("org/cpebridge/matter/" + pkg);
            assertTrue(Files.isDirectory(dir), dir + " missing: the scan would pass vacuously");
            try (var files = Files.list(dir)) {
                assertTrue(files.anyMatch(p -> p.toString().endsWith(".java")), dir + " has no sources");
            }
        }
    }
}
