package org.cpebridge.securetime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.cpebridge.core.testing.SourceRules;
import org.junit.jupiter.api.Test;

/**
 * The house rules (STYLE.md 2, 3, 10): no transport library, no System.out, and the codec packages ({@code wire},
 * {@code crypto}) sans I/O: no sockets, channels, threads or clocks.
 */
class SourceRulesTest {

    private static final List<String> IO_IN_A_CODEC = List.of("java.net.", "java.nio.channels.", "java.nio.file.",
            "java.time.Clock", "java.lang.Thread", "java.util.concurrent.");

    @Test
    void houseRules() {
        assertEquals(List.of(), SourceRules.violations(Path.of("src/main/java"), List.of(), List.of()));
    }

    @Test
    void codecsHaveNoIo() throws IOException {
        List<String> problems = new ArrayList<>();
        for (String codec : List.of("wire", "crypto")) {
            try (Stream<Path> files = Files.walk(Path.of("src/main/java/org/cpebridge/securetime", codec))) {
                for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    for (String line : Files.readAllLines(file)) {
                        if (line.startsWith("import ") && IO_IN_A_CODEC.stream().anyMatch(line::contains)) {
                            problems.add(file + ": " + line);
                        }
                        if (line.contains("System.currentTimeMillis") || line.contains("Instant.now")) {
                            problems.add(file + " reads the time: " + line.strip());
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
    }
}
