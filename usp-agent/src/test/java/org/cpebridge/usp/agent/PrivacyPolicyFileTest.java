package org.cpebridge.usp.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.cpebridge.core.model.PrivacyClass;
import org.cpebridge.privacy.policy.PolicyFileException;
import org.cpebridge.privacy.policy.PrivacyRules;
import org.cpebridge.usp.testing.TestFaceContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent reads the household's policy file from the data directory (or {@code usp.privacy.policyFile}); none gives
 * the shipped roles; a bad one stops the face's start with the file and line.
 */
class PrivacyPolicyFileTest {
    @TempDir
    Path dir;

    @Test
    void theFileInTheDataDirectoryIsRead() throws Exception {
        try (TestFaceContext context = new TestFaceContext(dir, Map.of())) {
            assertSame(PrivacyRules.SHIPPED, UspSettings.privacyRules(context.config(), context.store()));
            Files.writeString(dir.resolve(UspSettings.PRIVACY_POLICY_FILE_NAME),
                    "format 1\nrole Household all\nrole ISP-Operations INVENTORY,HEALTH,ENERGY\n");
            assertEquals(Set.of(PrivacyClass.INVENTORY, PrivacyClass.HEALTH, PrivacyClass.ENERGY),
                    UspSettings.privacyRules(context.config(), context.store()).classesOf("ISP-Operations"));
        }
    }

    @Test
    void aConfiguredFileWins() throws Exception {
        Path file = dir.resolve("elsewhere.conf");
        Files.writeString(file, "format 1\nrole Home all\n");
        try (TestFaceContext context = new TestFaceContext(dir.resolve("data"),
                Map.of("usp.privacy.policyFile", file.toString()))) {
            assertEquals(Set.of("Home"), UspSettings.privacyRules(context.config(), context.store()).householdRoles());
        }
    }

    @Test
    void aBadFileStopsTheFaceNamingTheLine() throws Exception {
        Files.writeString(dir.resolve(UspSettings.PRIVACY_POLICY_FILE_NAME),
                "format 1\nrole Household all\nrole ISP-Operations INVENTORY,MOODS\n");
        try (TestFaceContext context = new TestFaceContext(dir, Map.of("usp.mqtt.url", "tcp://127.0.0.1:1"))) {
            UspFace face = new UspFace(context);
            PolicyFileException e = assertThrows(PolicyFileException.class, face::start);
            assertTrue(e.getMessage().contains("privacy-policy.conf line 3: 'MOODS' is not a privacy class"),
                    e.getMessage());
            face.close();
        }
    }
}
