package org.cpebridge.matter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * What the module graph cannot say about matter-protocol. The graph already keeps bridge-core out (the parent pom's
 * module rule) and netty, JmDNS and Paho out (this module's enforcer rule). Left to check in the sources: no socket
 * API, no threads, no console, no wall-clock reads; and only the state machines that own timers take a clock
 * (ARCHITECTURE.md: codecs have no sockets, threads or clocks in them). Surefire runs in the module directory.
 */
class ProtocolSourceRulesTest {

    private static final Path MAIN = Path.of("src/main/java/org/cpebridge/matter");

    private static final List<String> FORBIDDEN = List.of("import java.net.", "new Thread(", "System.out",
            "System.currentTimeMillis", "Instant.now(");

    private static final String CLOCK = "import java.time.Clock";

    /** The state machines with timers (MRP, the IM server and its subscriptions); each gets an injected clock. */
    private static final Set<String> CLOCKED = Set.of("ExchangeManager.java", "ReliableExchange.java",
            "PeerActivity.java", "ImResponder.java", "SubscriptionReporter.java", "InteractionServer.java");

    @Test
    void protocolSourcesHaveNoSocketsThreadsConsoleOrWallClock() throws IOException {
        List<String> problems = new ArrayList<>();
        int scanned = 0;
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file);
                for (String banned : FORBIDDEN) {
                    if (source.contains(banned)) {
                        problems.add(file + " contains " + banned);
                    }
                }
                if (source.contains(CLOCK) && !CLOCKED.contains(file.getFileName().toString())) {
                    problems.add(file + " takes a clock; only " + CLOCKED + " may");
                }
                scanned++;
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(scanned > 150, "scanned only " + scanned + " files: the rule would pass vacuously");
    }
}
