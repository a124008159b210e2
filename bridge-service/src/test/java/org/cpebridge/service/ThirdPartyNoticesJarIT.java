package org.cpebridge.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The third-party licences that ship with the jar (run by failsafe after `package`). The shaded jar carries classes
 * of other projects, whose licences ask that their texts and notices go with every binary copy:
 * {@code src/main/dist/licenses} holds them with an index, {@code THIRD-PARTY-NOTICES.txt}, which lists each library's
 * artifacts with their versions. These tests keep that index true to the jar as dependencies change: every artifact
 * the jar carries classes of is listed (a new or upgraded dependency fails here until its entry is written), every
 * listed artifact is still in the jar, and every licence file the index names ships both in the jar and beside it.
 */
class ThirdPartyNoticesJarIT {

    private static final Path JAR = Path.of("target", "cpe-bridge.jar");
    private static final Path RUNTIME_CLASSPATH = Path.of("target", "runtime-classpath.txt");
    private static final Path SOURCE = Path.of("src", "main", "dist", "licenses");
    private static final Path BESIDE_THE_JAR = Path.of("target", "licenses");
    private static final String IN_THE_JAR = "META-INF/licenses/";
    private static final String INDEX = "THIRD-PARTY-NOTICES.txt";
    /** An artifact line of the index: two spaces or more, then groupId:artifactId:version alone on the line. */
    private static final Pattern ARTIFACT = Pattern.compile("(?m)^\\s{2,}([\\w.-]+):([\\w.-]+):([\\w.-]+)\\s*$");
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9.-]+\\.txt");

    @Test
    void everyArtifactTheJarCarriesClassesOfIsListedWithItsVersionAndNoOther() throws IOException {
        Set<String> listed = listedArtifacts();
        Set<String> jarClasses;
        try (ZipFile jar = new ZipFile(JAR.toFile())) {
            jarClasses = jar.stream().map(ZipEntry::getName).filter(name -> name.endsWith(".class"))
                    .collect(Collectors.toSet());
        }
        assertTrue(Files.isRegularFile(RUNTIME_CLASSPATH), "package writes " + RUNTIME_CLASSPATH.toAbsolutePath());

        Set<String> carried = new TreeSet<>();
        TreeMap<String, Long> unlisted = new TreeMap<>();
        int ours = 0;
        for (String element : Files.readString(RUNTIME_CLASSPATH).strip().split(java.io.File.pathSeparator)) {
            if (!element.endsWith(".jar")) {
                continue;
            }
            try (ZipFile library = new ZipFile(element)) {
                if (library.stream().anyMatch(entry -> entry.getName().startsWith("org/cpebridge/"))) {
                    ours++;
                    continue;
                }
                long classesInTheJar = library.stream().map(ZipEntry::getName)
                        .filter(name -> name.endsWith(".class") && jarClasses.contains(name)).count();
                if (classesInTheJar == 0) {
                    continue;
                }
                String path = element.replace(java.io.File.separatorChar, '/');
                String artifact = listed.stream().filter(coordinates -> path.contains(repositoryPath(coordinates)))
                        .findFirst().orElse(null);
                if (artifact == null) {
                    unlisted.put(path, classesInTheJar);
                } else {
                    carried.add(artifact);
                }
            }
        }
        assertTrue(ours > 5, "the runtime class path holds our modules' jars too: " + ours);
        assertEquals(new TreeMap<>(), unlisted,
                "jars the shaded jar carries classes of (with how many) that " + INDEX + " does not list");
        assertEquals(new TreeSet<>(listed), carried, INDEX + " lists exactly the artifacts the jar carries classes of");
    }

    @Test
    void everyLicenceFileTheIndexNamesShipsInTheJarAndBesideItUnchanged() throws IOException {
        String index = Files.readString(SOURCE.resolve(INDEX), StandardCharsets.UTF_8);
        Set<String> named = new TreeSet<>();
        Matcher matcher = FILE_NAME.matcher(index);
        while (matcher.find()) {
            named.add(matcher.group());
        }
        named.add(INDEX);
        Set<String> inTheDirectory;
        try (Stream<Path> files = Files.list(SOURCE)) {
            inTheDirectory = files.map(file -> file.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(inTheDirectory, named, "the index names every licence file in " + SOURCE + ", and no other");

        try (ZipFile jar = new ZipFile(JAR.toFile())) {
            assertEquals(List.of(), jar.stream().map(ZipEntry::getName)
                            .filter(name -> name.matches("META-INF/[^/]*(LICEN[CS]E|NOTICE)[^/]*")).toList(),
                    "no single library's licence at the jar's root, where it would read as the whole jar's");
            for (String file : named) {
                byte[] source = Files.readAllBytes(SOURCE.resolve(file));
                assertTrue(source.length > 100, file + " holds a licence or notice text");
                ZipEntry entry = jar.getEntry(IN_THE_JAR + file);
                assertNotNull(entry, IN_THE_JAR + file + " in " + JAR);
                try (InputStream in = jar.getInputStream(entry)) {
                    assertArrayEquals(source, in.readAllBytes(), file + " in the jar");
                }
                assertArrayEquals(source, Files.readAllBytes(BESIDE_THE_JAR.resolve(file)), file + " beside the jar");
            }
        }
    }

    private static Set<String> listedArtifacts() throws IOException {
        String index = Files.readString(SOURCE.resolve(INDEX), StandardCharsets.UTF_8);
        Set<String> listed = new TreeSet<>();
        Matcher matcher = ARTIFACT.matcher(index);
        while (matcher.find()) {
            listed.add(matcher.group(1) + ":" + matcher.group(2) + ":" + matcher.group(3));
        }
        assertTrue(listed.size() >= 5, "the index lists artifacts: " + listed);
        return listed;
    }

    /** Where a Maven repository keeps groupId:artifactId:version's jar (the file name's stem included). */
    private static String repositoryPath(String coordinates) {
        String[] parts = coordinates.split(":");
        return "/" + parts[0].replace('.', '/') + "/" + parts[1] + "/" + parts[2] + "/" + parts[1] + "-" + parts[2];
    }
}
