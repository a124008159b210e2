package org.cpebridge.privacy.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import org.cpebridge.core.model.PrivacyClass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The policy file: the documented format, the shipped defaults, and errors that name the line. */
class PrivacyRulesTest {

    @Test
    void theDocumentedExampleGivesTheShippedRules(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("privacy-policy.conf");
        Files.writeString(file, """
                # cpe-bridge privacy policy
                format 1
                role Household all
                role ISP-Operations INVENTORY,HEALTH   # the operator runs the network
                role Untrusted none
                other-roles INVENTORY,HEALTH
                energy-daily-totals off
                """);
        assertEquals(PrivacyRules.SHIPPED, PrivacyRules.load(file));
        assertTrue(PrivacyRules.SHIPPED.classesOf("Household").containsAll(EnumSet.allOf(PrivacyClass.class)));
        assertEquals(Set.of(PrivacyClass.INVENTORY, PrivacyClass.HEALTH),
                PrivacyRules.SHIPPED.classesOf("ISP-Operations"));
        assertEquals(Set.of(), PrivacyRules.SHIPPED.classesOf("Untrusted"));
        assertEquals(Set.of(PrivacyClass.INVENTORY, PrivacyClass.HEALTH), PrivacyRules.SHIPPED.classesOf("cpe-7"));
        assertFalse(PrivacyRules.SHIPPED.energyDailyTotals());
    }

    @Test
    void aMissingFileIsTheShippedPolicy(@TempDir Path dir) {
        assertSame(PrivacyRules.SHIPPED, PrivacyRules.load(dir.resolve("absent.conf")));
    }

    @Test
    void aBadFileNamesItsLine() {
        String[][] cases = {
            {"role Household all\n", "line 1: the first statement must be 'format 1'"},
            {"format 2\n", "line 1: format 2 is not readable"},
            {"format 1\nrole Household all\nrole ISP-Operations INVENTORY,STATEE\n", "line 3: 'STATEE' is not a "},
            {"format 1\n\n# c\nrole Household all\nrole Household none\n", "line 5: role Household is defined twice"},
            {"format 1\nrole Household all\nfrobnicate\n", "line 3: unknown statement 'frobnicate'"},
            {"format 1\nrole Household all\nenergy-daily-totals maybe\n", "line 3: expected one 'energy-daily"},
            {"format 1\nrole Household all\nother-roles all\n", "line 3: other-roles cannot be 'all'"},
            {"format 1\nrole ISP INVENTORY\n", "line 3: no role has 'all'"},
            {"format 1\nrole Household\n", "line 2: expected 'role <Name> <classes|all|none>'"},
        };
        for (String[] c : cases) {
            PolicyFileException e = assertThrows(PolicyFileException.class,
                    () -> PrivacyRules.parse("/data/privacy-policy.conf", c[0]), c[0]);
            assertTrue(e.getMessage().startsWith("/data/privacy-policy.conf " + c[1]), e.getMessage());
        }
    }

    @Test
    void householdOptsInToDailyEnergyTotals() {
        PrivacyRules rules = PrivacyRules.parse("f", "format 1\nrole Home all\nenergy-daily-totals on\n");
        assertTrue(rules.energyDailyTotals());
        assertEquals(Set.of("Home"), rules.householdRoles());
        assertEquals(Set.of(), rules.classesOf("anything else"));
    }
}
