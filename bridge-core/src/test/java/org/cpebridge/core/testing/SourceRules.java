package org.cpebridge.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checks the house rules on a module's main sources (STYLE.md 2 and 10): codec packages import no transport
 * library, no main code prints to {@code System.out} except the classes that own the console, and no main code casts
 * a parsed JSON value to a map or list (the core's {@code Json.asObject}/{@code asArray}/{@code requireObject}/
 * {@code requireArray} do it once, checked). Each module's test calls {@link #violations} and asserts the list is
 * empty, so the message names every offending line.
 */
public final class SourceRules {

    /** Transport libraries that only transport, MTP, MQTT and DNS-SD packages may import. */
    public static final List<String> TRANSPORT_IMPORTS = List.of("io.netty.", "org.eclipse.paho.", "javax.jmdns.");

    /**
     * A cast to a map or list type, such as {@code (Map<String, Object>) doc.get("x")}: in this code base only parsed
     * JSON is read that way (a generic cast of anything else would be unchecked too), and {@code core.json} owns it.
     */
    private static final Pattern MAP_OR_LIST_CAST = Pattern.compile("\\((Map|List)<[^()]*>\\)\\s*[\\w(]");

    /** The one package that may make that cast: the JSON reader and its typed views. */
    private static final String JSON_PACKAGE = "org.cpebridge.core.json";

    private SourceRules() {
    }

    /**
     * Lists the rule violations under {@code sourceRoot} (normally {@code src/main/java}).
     *
     * @param transportPackages package names (or prefixes) that may import transport libraries
     * @param consoleClasses    simple class names that may write to {@code System.out}
     */
    public static List<String> violations(Path sourceRoot, List<String> transportPackages,
                                          List<String> consoleClasses) {
        List<String> problems = new ArrayList<>();
        if (!Files.isDirectory(sourceRoot)) {
            return problems;
        }
        try (Stream<Path> files = Files.walk(sourceRoot)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                List<String> lines = Files.readAllLines(file);
                String packageName = lines.stream().filter(l -> l.startsWith("package "))
                        .map(l -> l.substring(8, l.indexOf(';'))).findFirst().orElse("");
                boolean transportAllowed = transportPackages.stream().anyMatch(packageName::startsWith);
                String className = file.getFileName().toString().replace(".java", "");
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i).strip();
                    String where = sourceRoot.relativize(file) + ":" + (i + 1);
                    if (!transportAllowed && line.startsWith("import ")
                            && TRANSPORT_IMPORTS.stream().anyMatch(line::contains)) {
                        problems.add(where + " imports a transport library outside a transport package: " + line);
                    }
                    if (line.contains("System.out") && !consoleClasses.contains(className)) {
                        problems.add(where + " writes to System.out; log with SLF4J instead");
                    }
                    if (!packageName.equals(JSON_PACKAGE) && !line.startsWith("*") && !line.startsWith("//")
                            && MAP_OR_LIST_CAST.matcher(line).find()) {
                        problems.add(where + " casts to a JSON map or list; use Json.asObject/asArray/requireObject/"
                                + "requireArray: " + line);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return problems;
    }
}
