package org.cpebridge.matter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.cpebridge.core.testing.SourceRules;
import org.junit.jupiter.api.Test;

/**
 * The shared house rules (core's {@link SourceRules}): only the UDP transport and DNS-SD import netty or JmDNS, no
 * System.out, no JSON cast.
 */
class SourceRulesTest {

    @Test
    void houseRules() {
        assertEquals(List.of(), SourceRules.violations(Path.of("src/main/java"),
                List.of("org.cpebridge.matter.transport", "org.cpebridge.matter.dnssd"), List.of()));
    }
}
