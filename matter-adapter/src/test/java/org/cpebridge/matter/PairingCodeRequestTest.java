package org.cpebridge.matter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.cpebridge.core.config.Config;
import org.cpebridge.core.config.ConfigSchema;
import org.cpebridge.core.store.FileDurableStore;
import org.cpebridge.core.store.StoreException;
import org.cpebridge.matter.commissioning.OnboardingData;
import org.cpebridge.matter.crypto.CryptoRandom;
import org.cpebridge.matter.fabric.TestCredentials;
import org.cpebridge.matter.onboarding.ManualPairingCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --pairing-code}: the code of the data directory's onboarding data, read without changing anything. */
class PairingCodeRequestTest {

    @TempDir
    Path dataDir;

    private static Config config(String... assignments) {
        Config.Builder builder = Config.builder(new ConfigSchema().addAll(MatterSettings.keys()));
        for (String assignment : assignments) {
            builder.set(assignment);
        }
        return builder.build();
    }

    @Test
    void showsTheStoredCodeAndChangesNothingInTheDataDirectory() throws Exception {
        CryptoRandom random = TestCredentials.seeded(3);
        OnboardingData stored = OnboardingData.loadOrCreate(new FileDurableStore(dataDir), null, null, random);
        String expected = MatterFace.formatManualCode(ManualPairingCode.encode(
                MatterFace.setupPayload(config(), stored)));
        List<String> before = snapshot();

        String text = PairingCodeRequest.describe(config(), dataDir);

        assertTrue(text.contains("Manual pairing code: " + expected + "\n"), text);
        assertTrue(text.contains("QR code: MT:"), text);
        assertEquals(before, snapshot(), "files, sizes and modes unchanged");
    }

    @Test
    void configuredPasscodeAndDiscriminatorWinAsTheyDoAtStart() {
        String text = PairingCodeRequest.describe(config("matter.passcode=20202021", "matter.discriminator=3840"),
                dataDir);

        assertTrue(text.contains("Manual pairing code: 3497-011-2332\n"), text);
        assertFalse(Files.exists(dataDir.resolve("matter")), "nothing written");
    }

    @Test
    void withoutOnboardingDataItSaysSo() {
        assertTrue(PairingCodeRequest.describe(config(), dataDir.resolve("none"))
                .startsWith("No Matter pairing code yet"));
        assertFalse(Files.exists(dataDir.resolve("none")));
    }

    @Test
    void aDamagedRecordIsAStoreErrorNamingIt() throws Exception {
        Files.createDirectories(dataDir.resolve("matter"));
        Files.writeString(dataDir.resolve("matter/onboarding.rec"), "garbage", StandardCharsets.UTF_8);

        StoreException error = assertThrows(StoreException.class, () -> PairingCodeRequest.describe(config(),
                dataDir));
        assertTrue(error.getMessage().contains("onboarding"), error.getMessage());
    }

    private List<String> snapshot() throws Exception {
        try (Stream<Path> files = Files.walk(dataDir)) {
            return files.sorted().map(path -> {
                try {
                    return dataDir.relativize(path) + " " + (Files.isRegularFile(path) ? Files.size(path) : -1) + " "
                            + java.nio.file.attribute.PosixFilePermissions.toString(
                                    Files.getPosixFilePermissions(path)) + " " + Files.getLastModifiedTime(path);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
    }
}
