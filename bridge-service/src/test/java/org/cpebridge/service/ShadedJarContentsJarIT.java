package org.cpebridge.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The shaded jar's diet (run by failsafe after `package`): nothing of Bouncy Castle's post-quantum package, no
 * module-info that would make tools take the jar for one of its dependencies' modules, and - since the pom leaves
 * out Bouncy Castle packages by name - no class our code can reach needs a Bouncy Castle class that is not in the
 * jar (jdeps' class graph, followed from every org.cpebridge class).
 */
class ShadedJarContentsJarIT {

    private static final Path JAR = Path.of("target", "cpe-bridge.jar");
    private static final Pattern EDGE = Pattern.compile("^\\s+(\\S+)\\s+->\\s+(\\S+)\\s+(.*)$");

    @Test
    void noPostQuantumBouncyCastleAndNoModuleInfo() throws Exception {
        List<String> offending;
        try (ZipFile jar = new ZipFile(JAR.toFile())) {
            offending = jar.stream().map(entry -> entry.getName())
                    .filter(name -> name.matches("(META-INF/versions/\\d+/)?org/bouncycastle/pqc/.*")
                            || name.endsWith("module-info.class"))
                    .toList();
        }
        assertEquals(List.of(), offending);
    }

    @Test
    void everyBouncyCastleClassOurCodeReachesIsInTheJar() {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = jdeps.run(new PrintWriter(out), new PrintWriter(err), "--multi-release", "17", "-verbose:class",
                "-filter:none", JAR.toString());
        assertEquals(0, code, err.toString());

        Map<String, Set<String>> edges = new HashMap<>();
        Set<String> missing = new HashSet<>();
        for (String line : out.toString().split("\n")) {
            Matcher edge = EDGE.matcher(line);
            if (!edge.matches()) {
                continue;
            }
            String from = unversioned(edge.group(1));
            String to = unversioned(edge.group(2));
            edges.computeIfAbsent(from, key -> new HashSet<>()).add(to);
            if (edge.group(3).strip().equals("not found")) {
                missing.add(to);
            }
        }
        assertTrue(edges.keySet().stream().anyMatch(name -> name.startsWith("org.cpebridge.matter.")),
                "jdeps saw the jar's classes: " + err);

        Set<String> reached = new HashSet<>();
        Deque<String> toVisit = new ArrayDeque<>();
        edges.keySet().stream().filter(name -> name.startsWith("org.cpebridge.")).forEach(toVisit::add);
        Set<String> missingReached = new TreeSet<>();
        while (!toVisit.isEmpty()) {
            String from = toVisit.pop();
            if (!reached.add(from)) {
                continue;
            }
            for (String to : edges.getOrDefault(from, Set.of())) {
                if (to.startsWith("org.bouncycastle.") && missing.contains(to)) {
                    missingReached.add(from + " -> " + to);
                }
                // Follow our classes and Bouncy Castle's only: netty's optional Bouncy Castle PEM support (bcpkix)
                // was never in the jar and netty checks for it before use.
                if ((to.startsWith("org.cpebridge.") || to.startsWith("org.bouncycastle."))
                        && edges.containsKey(to)) {
                    toVisit.push(to);
                }
            }
        }
        assertEquals(Set.of(), missingReached);
    }

    /** jdeps names a class of a multi-release jar's META-INF/versions/N as "N/name". */
    private static String unversioned(String name) {
        return name.replaceFirst("^\\d+/", "");
    }
}
