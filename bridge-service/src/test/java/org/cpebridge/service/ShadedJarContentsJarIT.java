package org.cpebridge.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
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
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The shaded jar's diet (run by failsafe after `package`). The pom minimizes the jar (maven-shade's class graph from
 * every org.cpebridge class, which it keeps whole) and leaves out Bouncy Castle packages and its Java 9 copies by
 * name, so these tests check what a class graph cannot see as well as what it can: nothing of Bouncy Castle's
 * post-quantum package, no module-info that would make tools take the jar for one of its dependencies' modules, no
 * class our code reaches (jdeps' class graph) that the runtime class path ships but the jar lacks, every provider a
 * {@code META-INF/services} file names, and every shipped class a kept class names in a string (what
 * {@code Class.forName} loads).
 *
 * <p>"Shipped" means on bridge-service's runtime class path, which `package` writes to
 * {@code target/runtime-classpath.txt}; a class on none of those jars (netty's optional tcnative, Brotli, BlockHound,
 * Bouncy Castle's PKIX...) was never in the jar and its users check for it before use.
 */
class ShadedJarContentsJarIT {

    private static final Path JAR = Path.of("target", "cpe-bridge.jar");
    private static final Path RUNTIME_CLASSPATH = Path.of("target", "runtime-classpath.txt");
    private static final Pattern EDGE = Pattern.compile("^\\s+(\\S+)\\s+->\\s+(\\S+)\\s+(.*)$");
    /** A string constant that has the shape of a binary class name: a lower-case package, then a type. */
    private static final Pattern CLASS_NAME = Pattern.compile("(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*");
    private static final Pattern VERSIONED = Pattern.compile("^META-INF/versions/\\d+/");
    /**
     * Shipped classes that kept classes name in a string and the pom leaves out on purpose, each with its user's
     * fallback: netty's SSL utilities look Bouncy Castle's JCA provider up by name and use the JDK's when it is absent.
     */
    private static final Set<String> LEFT_OUT_ON_PURPOSE = Set.of("org.bouncycastle.jce.provider.BouncyCastleProvider");

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
    void noClassOurCodeReachesIsLeftOutOfTheJar() throws Exception {
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
        assertTrue(edges.keySet().stream().anyMatch(name -> name.startsWith("io.netty.")), "jdeps saw netty");

        Set<String> shipped = shippedClasses();
        Set<String> reached = new HashSet<>();
        Deque<String> toVisit = new ArrayDeque<>();
        edges.keySet().stream().filter(name -> name.startsWith("org.cpebridge.")).forEach(toVisit::add);
        Set<String> leftOut = new TreeSet<>();
        while (!toVisit.isEmpty()) {
            String from = toVisit.pop();
            if (!reached.add(from)) {
                continue;
            }
            for (String to : edges.getOrDefault(from, Set.of())) {
                if (missing.contains(to) && shipped.contains(to)) {
                    leftOut.add(from + " -> " + to);
                }
                if (edges.containsKey(to)) {
                    toVisit.push(to);
                }
            }
        }
        assertTrue(reached.stream().anyMatch(name -> name.startsWith("org.bouncycastle.")), "the graph was followed");
        assertEquals(Set.of(), leftOut);
    }

    @Test
    void everyServiceProviderIsInTheJar() throws Exception {
        List<String> missingProviders = new ArrayList<>();
        Set<String> services = new TreeSet<>();
        try (ZipFile jar = new ZipFile(JAR.toFile())) {
            for (ZipEntry entry : jar.stream().toList()) {
                if (entry.isDirectory() || !entry.getName().startsWith("META-INF/services/")) {
                    continue;
                }
                String service = entry.getName().substring("META-INF/services/".length());
                services.add(service);
                try (InputStream in = jar.getInputStream(entry)) {
                    for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                        String provider = line.split("#", 2)[0].strip();
                        if (!provider.isEmpty() && jar.getEntry(classFile(provider)) == null) {
                            missingProviders.add(service + ": " + provider);
                        }
                    }
                }
            }
        }
        // The seams the service finds by ServiceLoader: adapters, faces, the simulated DECT base, SLF4J's provider.
        assertTrue(services.containsAll(List.of("org.cpebridge.core.spi.AdapterFactory",
                "org.cpebridge.core.spi.FaceFactory", "org.cpebridge.dect.ule.SimulatedBase$Provider",
                "org.slf4j.spi.SLF4JServiceProvider")), services.toString());
        assertEquals(List.of(), missingProviders);
    }

    @Test
    void everyShippedClassAKeptClassNamesIsInTheJar() throws Exception {
        Set<String> shipped = shippedClasses();
        Set<String> leftOut = new TreeSet<>();
        int classNames = 0;
        try (ZipFile jar = new ZipFile(JAR.toFile())) {
            for (ZipEntry entry : jar.stream().toList()) {
                if (!entry.getName().endsWith(".class") || entry.getName().endsWith("module-info.class")) {
                    continue;
                }
                List<String> strings;
                try (InputStream in = jar.getInputStream(entry)) {
                    strings = stringConstants(in);
                }
                for (String string : strings) {
                    if (!CLASS_NAME.matcher(string).matches()) {
                        continue;
                    }
                    classNames++;
                    if (!shipped.contains(string) || LEFT_OUT_ON_PURPOSE.contains(string)) {
                        continue;
                    }
                    if (jar.getEntry(classFile(string)) == null) {
                        leftOut.add(entry.getName() + " names " + string);
                    }
                }
            }
        }
        // The scan itself works: kept classes hold class names in strings (protobuf-lite names the full runtime's
        // classes, which are on no class path here). Since Paho left, none of them names a shipped class.
        assertTrue(classNames > 0, "the constant-pool scan found class names in strings");
        assertEquals(Set.of(), leftOut);
    }

    /** Every class (binary name) in the jars of bridge-service's runtime class path. */
    private static Set<String> shippedClasses() throws IOException {
        assertTrue(Files.isRegularFile(RUNTIME_CLASSPATH), "package writes " + RUNTIME_CLASSPATH.toAbsolutePath());
        Set<String> classes = new HashSet<>();
        for (String element : Files.readString(RUNTIME_CLASSPATH).strip().split(java.io.File.pathSeparator)) {
            if (!element.endsWith(".jar")) {
                continue;
            }
            try (ZipFile jar = new ZipFile(element)) {
                jar.stream().map(ZipEntry::getName)
                        .filter(name -> name.endsWith(".class") && !name.endsWith("module-info.class"))
                        .map(name -> VERSIONED.matcher(name).replaceFirst(""))
                        .map(name -> name.substring(0, name.length() - ".class".length()).replace('/', '.'))
                        .forEach(classes::add);
            }
        }
        assertTrue(classes.contains("io.netty.channel.Channel"), "the runtime class path names netty's jars");
        return classes;
    }

    /** The CONSTANT_String values of a class file (JVMS 4.4). */
    private static List<String> stringConstants(InputStream classFile) throws IOException {
        DataInputStream in = new DataInputStream(classFile);
        assertEquals(0xCAFEBABE, in.readInt());
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        List<Integer> stringIndexes = new ArrayList<>();
        for (int index = 1; index < count; index++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[index] = in.readUTF();
                case 8 -> stringIndexes.add(in.readUnsignedShort());
                case 7, 16, 19, 20 -> in.readUnsignedShort();
                case 15 -> in.skipNBytes(3);
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
                case 5, 6 -> {
                    in.skipNBytes(8);
                    index++;
                }
                default -> throw new IOException("constant pool tag " + tag);
            }
        }
        List<String> strings = new ArrayList<>();
        for (int index : stringIndexes) {
            strings.add(utf8[index]);
        }
        assertFalse(strings.contains(null));
        return strings;
    }

    private static String classFile(String binaryName) {
        return binaryName.replace('.', '/') + ".class";
    }

    /** jdeps names a class of a multi-release jar's META-INF/versions/N as "N/name". */
    private static String unversioned(String name) {
        return name.replaceFirst("^\\d+/", "");
    }
}
