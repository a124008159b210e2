package org.cpebridge.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Test
    void aCastOfParsedJsonToAMapOrListIsCaughtOutsideTheJsonPackage(@TempDir Path root) throws Exception {
        String casts = "class Store { void f(Map<String, Object> doc) {\n"
                + "    for (Object o : (List<Object>) doc.get(\"rows\")) { }\n"
                + "    Map<String, Object> row = (Map<String, Object>) doc;\n"
                + "    ((Map<String, Object>) doc.get(\"values\")).forEach((k, v) -> { });\n"
                + "    Map<?, ?> any = (Map<?, ?>) doc; List<?> list = (List<?>) (Object) doc; } }\n";
        Path store = root.resolve("org/cpebridge/x/Store.java");
        Files.createDirectories(store.getParent());
        Files.writeString(store, "package org.cpebridge.x;\n" + casts);
        Path json = root.resolve("org/cpebridge/core/json/Json.java");
        Files.createDirectories(json.getParent());
        Files.writeString(json, "package org.cpebridge.core.json;\n" + casts);
        Path typed = root.resolve("org/cpebridge/x/Typed.java");
        Files.writeString(typed, "package org.cpebridge.x;\nclass Typed { void f(Map<String, Object> doc) {\n"
                + "    Map<String, Object> row = Json.requireObject(doc.get(\"row\"), \"row\");\n"
                + "    List<Object> rows = Json.asArray(doc.get(\"rows\")).orElse(List.of());\n"
                + "    // a comment may say (Map<String, Object>) value\n } }\n");

        List<String> problems = SourceRules.violations(root, List.of(), List.of());

        assertEquals(4, problems.size(), problems.toString());
        assertTrue(problems.stream().allMatch(p -> p.startsWith(Path.of("org/cpebridge/x/Store.java") + ":")),
                problems.toString());
    }
}
