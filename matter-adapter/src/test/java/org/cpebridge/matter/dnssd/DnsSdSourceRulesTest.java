package org.cpebridge.matter.dnssd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.cpebridge.core.testing.SourceRules;
import org.junit.jupiter.api.Test;

/** Only the mDNS responder touches netty's DNS codec, and no netty type appears in the DNS-SD API. */
class DnsSdSourceRulesTest {

    private static final Path MAIN = Path.of("src/main/java");
    private static final Path DNSSD = MAIN.resolve("org/cpebridge/matter/dnssd");

    @Test
    void onlyTheDnssdImplementationImportsNettysDnsCodec() throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            List<String> offenders = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> !p.startsWith(DNSSD.resolve("internal")))
                    .filter(p -> read(p).contains("import io.netty.handler.codec.dns."))
                    .map(Path::toString).toList();
            assertEquals(List.of(), offenders);
        }
    }

    @Test
    void dnssdFollowsTheHouseRules() {
        assertEquals(List.of(), SourceRules.violations(MAIN,
                List.of("org.cpebridge.matter.dnssd", "org.cpebridge.matter.transport"), List.of()));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
