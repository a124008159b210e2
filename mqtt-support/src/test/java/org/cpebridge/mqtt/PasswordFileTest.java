package org.cpebridge.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PasswordFileTest {

    @TempDir
    Path dir;

    @Test
    void theFirstLineWithoutItsLineEndIsThePassword() throws Exception {
        Path file = Files.writeString(dir.resolve("pw"), "s3cret\r\nignored\n");
        assertEquals(Optional.of("s3cret"), PasswordFile.resolve(Optional.empty(), Optional.of(file), "p", "f"));
        assertEquals(Optional.of("direct"), PasswordFile.resolve(Optional.of("direct"), Optional.empty(), "p", "f"));
        assertTrue(PasswordFile.resolve(Optional.of(""), Optional.empty(), "p", "f").isEmpty());
    }

    @Test
    void badFilesAndBothAtOnceAreErrorsThatNeverShowThePassword() throws Exception {
        Path file = Files.writeString(dir.resolve("pw"), "s3cret\n");
        var both = assertThrows(IllegalArgumentException.class,
                () -> PasswordFile.resolve(Optional.of("s3cret"), Optional.of(file), "x.password", "x.passwordFile"));
        assertTrue(both.getMessage().contains("x.passwordFile"));
        assertFalse(both.getMessage().contains("s3cret"));
        var missing = assertThrows(IllegalArgumentException.class, () -> PasswordFile.resolve(Optional.empty(),
                Optional.of(dir.resolve("absent")), "x.password", "x.passwordFile"));
        assertTrue(missing.getMessage().contains("absent"), missing.getMessage());
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        assertThrows(IllegalArgumentException.class,
                () -> PasswordFile.resolve(Optional.empty(), Optional.of(empty), "x.password", "x.passwordFile"));
    }
}
