package org.cpebridge.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The house rule on class size (issue 18): no main class of any module over about 500 lines without a reason at its
 * top. A file longer than {@link #LIMIT} lines must say, in the Javadoc above its top-level type, "Why one class" (or
 * "Why one file") and why. Runs from bridge-service, which sits beside every module in the repository.
 */
class ClassSizeTest {

    private static final int LIMIT = 550;
    private static final Pattern TOP_LEVEL_TYPE = Pattern.compile(
            "(?m)^(public |final |abstract |sealed |non-sealed )*(class|interface|record|enum) ");

    @Test
    void everyLongMainClassSaysWhyAtItsTop() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(root.resolve("pom.xml")) && Files.isDirectory(root.resolve("bridge-core")),
                "run from bridge-service inside the repository: " + root);
        List<String> unexplained = new ArrayList<>();
        int checked = 0;
        try (Stream<Path> modules = Files.list(root)) {
            for (Path module : modules.filter(m -> Files.isDirectory(m.resolve("src/main/java"))).toList()) {
                try (Stream<Path> files = Files.walk(module.resolve("src/main/java"))) {
                    for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                        List<String> lines = Files.readAllLines(file);
                        if (lines.size() <= LIMIT) {
                            continue;
                        }
                        checked++;
                        if (!explained(String.join("\n", lines))) {
                            unexplained.add(root.relativize(file) + " (" + lines.size() + " lines)");
                        }
                    }
                }
            }
        }
        assertTrue(checked > 0, "no long class found: the walk did not reach the modules");
        assertEquals(List.of(), unexplained, "classes over " + LIMIT + " lines that do not say why at their top");
    }

    @Test
    void theRuleReadsOnlyTheJavadocAboveTheType() {
        assertTrue(explained("/**\n * Does x.\n *\n * <p>Why one class of 600 lines: y.\n */\npublic final class A {\n}"));
        assertTrue(!explained("/** Does x. */\npublic final class A {\n // Why one class: not at the top\n}"));
    }

    private static boolean explained(String source) {
        Matcher type = TOP_LEVEL_TYPE.matcher(source);
        if (!type.find()) {
            return false;
        }
        String head = source.substring(0, type.start());
        int javadoc = head.lastIndexOf("/**");
        return javadoc >= 0 && (head.indexOf("Why one class", javadoc) >= 0 || head.indexOf("Why one file", javadoc) >= 0);
    }
}
