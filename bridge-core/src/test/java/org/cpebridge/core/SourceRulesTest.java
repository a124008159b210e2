package org.cpebridge.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cpebridge.core.testing.SourceRules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceRulesTest {

    @Test
    void theCoreImportsNoTransportLibraryAndPrintsNothing() {
        assertEquals(List.of(), SourceRules.violations(Path.of("src/main/java"), List.of(), List.of()));
    }

    @Test
    void theRulesCatchWhatTheyAreFor(@TempDir Path root) throws Exception {
        Path codec = root.resolve("org/cpebridge/x/codec/Codec.java");
        Files.createDirectories(codec.getParent());
        Files.writeString(codec, "package org.cpebridge.x.codec;\nimport io.netty.buffer.ByteBuf;\n"
                + "class Codec { void f() { System.out.println(); } }\n");
        Path transport = root.resolve("org/cpebridge/x/transport/Udp.java");
        Files.createDirectories(transport.getParent());
        Files.writeString(transport, "package org.cpebridge.x.transport;\nimport io.netty.buffer.ByteBuf;\n");
        List<String> problems = SourceRules.violations(root, List.of("org.cpebridge.x.transport"), List.of());
        assertEquals(2, problems.size(), problems.toString());
        assertEquals(List.of(), SourceRules.violations(root, List.of("org.cpebridge.x"), List.of("Codec")));
    }
}
