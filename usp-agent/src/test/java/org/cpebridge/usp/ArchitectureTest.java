package org.cpebridge.usp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * ARCHITECTURE.md: only transport, mtp.*, mqtt and dnssd packages may import netty, Paho or JmDNS, and codec packages
 * see no sockets, threads or clocks.
 */
class ArchitectureTest {
    private static final Path MAIN = Path.of("src", "main", "java", "org", "cpebridge", "usp");
    private static final List<String> IO_LIBRARIES = List.of("import io.netty.", "import org.eclipse.paho.",
            "import javax.jmdns.");
    private static final List<String> SANS_IO_FORBIDDEN = List.of("import java.net.", "import java.nio.channels.",
            "java.time.Clock", "new Thread(", "Executors.");

    @Test
    void onlyMtpPackagesTouchIoLibraries() throws IOException {
        assertEquals(List.of(), violations(IO_LIBRARIES, path -> !path.contains("/mtp/")
                && !path.contains("/transport/")));
    }

    @Test
    void codecAndModelPackagesAreSansIo() throws IOException {
        assertEquals(List.of(), violations(SANS_IO_FORBIDDEN, path -> path.contains("/record/")
                || path.contains("/path/") || path.contains("/datamodel/") || path.contains("/message/")));
    }

    @Test
    void webSocketHandshakeAndSessionRulesAreSansIo() throws IOException {
        List<String> rules = List.of("WebSocketHandshake.java", "WebSocketSession.java");
        for (String rule : rules) {
            assertTrue(Files.exists(MAIN.resolve("mtp").resolve("websocket").resolve(rule)), rule);
        }
        List<String> forbidden = Stream.concat(IO_LIBRARIES.stream(), SANS_IO_FORBIDDEN.stream()).toList();
        assertEquals(List.of(), violations(forbidden, path -> path.contains("/mtp/websocket/")
                && rules.stream().anyMatch(path::endsWith)));
    }

    private static List<String> violations(List<String> forbidden, java.util.function.Predicate<String> applies)
            throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            return files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> applies.test(p.toString().replace('\\', '/')))
                    .flatMap(p -> {
                        try {
                            String text = Files.readString(p);
                            return forbidden.stream().filter(text::contains).map(f -> p + ": " + f);
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .toList();
        }
    }
}
