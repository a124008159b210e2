package org.cpebridge.zigbee;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.cpebridge.core.testing.SourceRules;
import org.junit.jupiter.api.Test;

/** Nothing imports Paho (the MQTT link is mqtt-support's); nothing prints to System.out (STYLE.md 2, 10). */
class SourceRulesTest {

    @Test
    void houseRules() {
        assertEquals(List.of(), SourceRules.violations(Path.of("src/main/java"), List.of(), List.of()));
    }
}
