package org.cpebridge.matter.sigma;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** CASE and the fabric table stay sans I/O (ARCHITECTURE.md): no network library, threads, clock or console. */
class SigmaImportRulesTest {

    private static final List<String> FORBIDDEN = List.of("import io.netty", "import org.eclipse.paho",
            "import javax.jmdns", "import java.net.", "new Thread(", "System.out", "System.currentTimeMillis",
            "Instant.now(", "import java.time.Clock");

    @Test
    void sigmaAndFabricPackagesImportNoIo() throws IOException {
        Path main = Path.of("src/main/java/org/cpebridge/matter");
        int scanned = 0;
        for (String pkg : List.of("sigma", "fabric")) {
            try (Stream<Path> files = Files.walk(main.resolve(pkg))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    String source = Files.readString(file);
                    for (String banned : FORBIDDEN) {
                        assertTrue(!source.contains(banned), file + " contains " + banned);
                    }
                    scanned++;
                }
            }
        }
        assertTrue(scanned >= 10, "scanned only " + scanned + " files");
    }
}
