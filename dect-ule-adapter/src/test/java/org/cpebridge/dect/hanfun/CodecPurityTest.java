package org.cpebridge.dect.hanfun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The codec package stays sans-I/O: no network libraries, sockets, threads or clocks (ARCHITECTURE.md). */
class CodecPurityTest {
    private static final List<String> FORBIDDEN = List.of("io.netty", "org.eclipse.paho", "javax.jmdns", "java.net.",
            "java.nio.channels", "java.time.Clock", "java.util.concurrent", "new Thread", "System.out");

    @Test
    void codecSourcesImportNoIo() throws IOException {
        Path sources = Path.of("src/main/java/org/cpebridge/dect/hanfun");
        assertTrue(Files.isDirectory(sources), "run from the module directory");
        try (Stream<Path> files = Files.list(sources)) {
            List<String> offending = files.filter(file -> file.toString().endsWith(".java"))
                    .flatMap(file -> {
                        try {
                            String text = Files.readString(file);
                            return FORBIDDEN.stream().filter(text::contains).map(word -> file.getFileName() + ": " + word);
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    }).toList();
            assertEquals(List.of(), offending);
        }
    }
}
