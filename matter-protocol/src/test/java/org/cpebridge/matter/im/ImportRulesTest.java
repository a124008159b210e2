package org.cpebridge.matter.im;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The IM codec and the cluster layer stay sans I/O: no network library, no threads, no clock (ARCHITECTURE.md). */
class ImportRulesTest {

    /** Banned everywhere in im and cluster. */
    private static final List<String> FORBIDDEN = List.of("import io.netty", "import org.eclipse.paho",
            "import javax.jmdns", "import java.net.", "new Thread(", "System.out", "System.currentTimeMillis",
            "Instant.now(");

    /** Codecs and engines take no time at all; only the state machines and the server get an injected clock. */
    private static final String CLOCK = "import java.time.Clock";

    @Test
    void imAndClusterPackagesImportNoIoOrClock() throws IOException {
        Path main = Path.of("src/main/java/org/cpebridge/matter");
        int scanned = 0;
        for (String pkg : List.of("im", "cluster")) {
            try (Stream<Path> files = Files.walk(main.resolve(pkg))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    String source = Files.readString(file);
                    for (String banned : FORBIDDEN) {
                        assertTrue(!source.contains(banned), file + " contains " + banned);
                    }
                    if (!file.endsWith("ImResponder.java") && !file.endsWith("SubscriptionReporter.java")
                            && !file.endsWith("InteractionServer.java")) {
                        assertTrue(!source.contains(CLOCK), file + " uses a clock");
                    }
                    scanned++;
                }
            }
        }
        assertTrue(scanned > 30, "scanned " + scanned + " files");
    }
}
