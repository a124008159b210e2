package org.cpebridge.usp.error;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The message error codes come from one table: no other source of the agent writes a 70xx code as a number. */
class UspErrorsTest {
    private static final Path MAIN = Path.of("src", "main", "java", "org", "cpebridge", "usp");
    private static final Pattern STRING_LITERAL = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Pattern CODE = Pattern.compile("(?<![\\w.])70[0-9][0-9](?![\\w.])");

    @Test
    void noMessageErrorCodeIsWrittenAsANumberOutsideTheTable() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            files.filter(p -> p.toString().endsWith(".java") && !p.getParent().endsWith("error"))
                    .forEach(p -> scan(p, found));
        }
        assertEquals(List.of(), found);
    }

    @Test
    void standardReasonsNameEveryCode() {
        assertEquals("Attempt to update non-writeable parameter", UspReasons.standard(UspErrors.NOT_WRITABLE));
        for (int code = UspErrors.MESSAGE_FAILED; code <= UspErrors.INVALID_COMMAND_ARGUMENTS; code++) {
            assertEquals(false, UspReasons.standard(code).startsWith("Error "), "code " + code);
        }
        assertEquals("Error 7100", UspReasons.standard(7100));
    }

    private static void scan(Path file, List<String> found) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.startsWith("*") || line.startsWith("/*") || line.startsWith("//")) {
                continue;
            }
            String code = STRING_LITERAL.matcher(line).replaceAll("\"\"");
            int comment = code.indexOf("//");
            if (comment >= 0) {
                code = code.substring(0, comment);
            }
            if (CODE.matcher(code).find()) {
                found.add(file + ":" + (i + 1) + ": " + line);
            }
        }
    }
}
