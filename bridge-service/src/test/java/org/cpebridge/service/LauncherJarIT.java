package org.cpebridge.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's run command, {@code bridge-service/target/cpe-bridge} (run by failsafe after `package`): the shipped
 * launcher starts the packaged jar with every flag of the shipped jvm.options, in order, reaches READY and stops on
 * SIGTERM with exit code 0. The flags are read from the running JVM's own command line (/proc), so a launcher that
 * dropped or mangled one fails here.
 */
class LauncherJarIT {

    @TempDir
    Path dir;

    @Test
    void theLauncherRunsThePackagedJarWithTheShippedFlags() throws Exception {
        Path launcher = Path.of("target", "cpe-bridge");
        Path options = Path.of("target", "jvm.options");
        assertTrue(Files.isExecutable(launcher), "package puts the executable launcher at " + launcher.toAbsolutePath());
        List<String> flags = shippedFlags(options);
        assertTrue(flags.contains("-XX:+ExitOnOutOfMemoryError"), "jvm.options: " + flags);
        assertTrue(flags.stream().anyMatch(flag -> flag.startsWith("-Xmx")), "jvm.options caps the heap: " + flags);

        Path runtime = Path.of("target", "runtime", "bin", "java");
        Path expectedJava = Files.isExecutable(runtime) ? runtime.toRealPath()
                : Path.of(System.getProperty("java.home"), "bin", "java").toRealPath();
        try (ServiceProcess bridge = ServiceProcess.startLauncher(dir, launcher,
                Map.of("JAVA_HOME", System.getProperty("java.home"), "JAVA_OPTS", ""),
                "--data-dir", dir.resolve("data").toString())) {
            String ready = bridge.awaitLine("READY", 90);
            assertTrue(ready.contains("adapters: dect,zigbee") && ready.contains("faces: matter"), ready);

            // The launcher exec's java: the bridge's pid is the JVM's.
            assertEquals(expectedJava, Path.of("/proc", Long.toString(bridge.pid()), "exe").toRealPath());
            List<String> commandLine = commandLine(bridge.pid());
            int jarAt = commandLine.indexOf("-jar");
            assertTrue(jarAt > 0, commandLine.toString());
            assertEquals(Path.of("target", "cpe-bridge.jar").toRealPath(), Path.of(commandLine.get(jarAt + 1)).toRealPath());
            List<String> jvmArguments = commandLine.subList(1, jarAt);
            int searchFrom = 0;
            for (String flag : flags) {
                int at = jvmArguments.subList(searchFrom, jvmArguments.size()).indexOf(flag);
                assertTrue(at >= 0, flag + " in order in " + jvmArguments);
                searchFrom += at + 1;
            }
            assertFalse(String.join(" ", jvmArguments).contains("#"), "no comment reaches the JVM: " + jvmArguments);

            assertEquals(0, bridge.terminate(30), bridge.output());
            assertFalse(bridge.output().contains("Exception"), bridge.output());
            assertFalse(bridge.errors().contains("Exception"), bridge.errors());
            // The JVM's own warnings (unified logging's "[warning]") would reach a router's log at every start: the
            // shipped flags must not contradict each other (-Xms8m with -Xmn8m did).
            assertFalse((bridge.output() + bridge.errors()).contains("[warning]"), bridge.output() + bridge.errors());
        }
    }

    /**
     * Issue 23, "on request": the service prints the pairing code only while a commissioning window is open, and
     * {@code cpe-bridge --pairing-code} prints it whenever the router's console asks: the same manual code the
     * first start showed, read from the data directory while the service runs, without touching it (no line in
     * the log, the service stops cleanly afterwards).
     */
    @Test
    void thePairingCodeIsPrintedOnRequestWhileTheServiceRuns() throws Exception {
        Path launcher = Path.of("target", "cpe-bridge");
        Path data = dir.resolve("data");
        Map<String, String> environment = Map.of("JAVA_HOME", System.getProperty("java.home"), "JAVA_OPTS", "");
        ProcessBuilder before = new ProcessBuilder(launcher.toString(), "--pairing-code", "--data-dir",
                data.toString());
        before.environment().putAll(environment);
        Process none = before.redirectErrorStream(true).start();
        String noCode = new String(none.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, none.waitFor());
        assertTrue(noCode.contains("No Matter pairing code yet"), noCode);
        assertFalse(Files.exists(data), "--pairing-code created the data directory");

        try (ServiceProcess bridge = ServiceProcess.startLauncher(dir, launcher, environment,
                "--data-dir", data.toString())) {
            bridge.awaitLine("READY", 90);
            String shown = bridge.output().lines().filter(line -> line.startsWith("Manual pairing code: "))
                    .findFirst().orElseThrow(() -> new AssertionError("no code at first start: " + bridge.output()));

            ProcessBuilder request = new ProcessBuilder(launcher.toString(), "--pairing-code", "--data-dir",
                    data.toString());
            request.environment().putAll(environment);
            Process asked = request.redirectErrorStream(true).start();
            String printed = new String(asked.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, asked.waitFor(), printed);
            assertTrue(printed.lines().anyMatch(shown::equals), shown + " in " + printed);
            assertTrue(printed.contains("QR code: MT:"), printed);
            assertFalse(printed.contains("INFO") || printed.contains("WARN"), "a log line: " + printed);

            assertEquals(0, bridge.terminate(30), bridge.output());
        }
    }

    /**
     * The class-data archive, as a vendor installs the bridge (a copy of the packaged files, so that target/ keeps no
     * archive): with no archive, the launcher's default says so on stderr and has the first run make it as it stops;
     * the next run maps it (it is in the JVM's memory map) with no CDS message at all. A new jar (here: the same
     * bytes with another modification time, which the JVM alone would silently refuse to map) makes the archive
     * stale: {@code CPE_BRIDGE_CDS=check} says so, and the next run makes it again, which its successor maps. An
     * archive cut short as it was written (killed mid-write) is dropped, not mapped, and made again. A note
     * of what the archive was made for without the archive (a run killed before it exits) is not current either; a
     * one-shot command ({@code --help}) neither makes an archive nor says anything about it.
     */
    @Test
    void theFirstRunMakesTheClassDataArchiveAndARunAfterTheJarChangedMakesItAgain() throws Exception {
        Path installed = Files.createDirectories(dir.resolve("opt"));
        for (String file : new String[] {"cpe-bridge", "cpe-bridge.jar", "jvm.options"}) {
            Files.copy(Path.of("target", file), installed.resolve(file),
                    java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
        Path launcher = installed.resolve("cpe-bridge");
        Path archive = installed.resolve("cpe-bridge.jsa");
        assertEquals(1, check(launcher), "no archive yet");

        // A one-shot command, which may run beside the service, leaves the archive to the service's run.
        ProcessBuilder help = new ProcessBuilder(launcher.toAbsolutePath().toString(), "--help")
                .redirectErrorStream(true);
        help.environment().putAll(launcherEnvironment());
        Process helpRun = help.start();
        String helpText = new String(helpRun.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(helpRun.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), helpText);
        assertEquals(0, helpRun.exitValue(), helpText);
        assertFalse(helpText.contains("class-data archive"), helpText);
        assertFalse(Files.exists(archive) || Files.exists(installed.resolve("cpe-bridge.jsa.made-for")), helpText);

        Path fresh = installed.resolve("cpe-bridge.jsa.new");
        runMakingTheArchive(launcher);
        assertTrue(Files.size(fresh) > 0, "archive written at exit, beside the final name: " + fresh);
        assertEquals(0, check(launcher), "the archive is current once a short JVM mapped it");
        assertTrue(Files.exists(archive) && !Files.exists(fresh), "taken as " + archive);
        runMappingTheArchive(launcher, archive);

        Path jar = installed.resolve("cpe-bridge.jar");
        Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(
                Files.getLastModifiedTime(jar).toMillis() + 60_000));
        assertEquals(1, check(launcher), "an archive made for the jar before is stale");
        runMakingTheArchive(launcher);
        assertEquals(0, check(launcher), "made again for the new jar");
        runMappingTheArchive(launcher, archive);

        // A run killed while the JVM writes the archive (a power cut at shutdown) leaves it cut short; a JDK 17 that
        // maps a truncated dynamic archive aborts, so the next start must drop it, start without, and make it again.
        byte[] whole = Files.readAllBytes(archive);
        Files.write(fresh, java.util.Arrays.copyOf(whole, whole.length / 4));
        Files.move(installed.resolve("cpe-bridge.jsa.made-for"), installed.resolve("cpe-bridge.jsa.new.made-for"));
        Files.delete(archive);
        try (ServiceProcess bridge = ServiceProcess.startLauncher(dir, launcher, launcherEnvironment(),
                "--data-dir", dir.resolve("data").toString())) {
            bridge.awaitLine("READY", 90);
            assertEquals(0, bridge.terminate(60), bridge.output());
            assertTrue(bridge.errors().contains("cannot be mapped (cut short?); dropped"), bridge.errors());
            assertTrue(bridge.errors().contains("this run makes it as it stops"), bridge.errors());
        }
        assertEquals(0, check(launcher), "made again after the cut-short one was dropped");
        runMappingTheArchive(launcher, archive);

        // A run killed before it exits writes no archive, but its note is there: still not current.
        Files.delete(archive);
        assertTrue(Files.exists(installed.resolve("cpe-bridge.jsa.made-for")));
        assertEquals(1, check(launcher), "a note without its archive");
    }

    private void runMakingTheArchive(Path launcher) throws Exception {
        try (ServiceProcess bridge = ServiceProcess.startLauncher(dir, launcher, launcherEnvironment(),
                "--data-dir", dir.resolve("data").toString())) {
            bridge.awaitLine("READY", 90);
            assertEquals(0, bridge.terminate(60), bridge.output());
            assertTrue(bridge.errors().contains("cpe-bridge: no class-data archive for this jar and java"),
                    bridge.errors());
        }
    }

    private void runMappingTheArchive(Path launcher, Path archive) throws Exception {
        try (ServiceProcess bridge = ServiceProcess.startLauncher(dir, launcher, launcherEnvironment(),
                "--data-dir", dir.resolve("data").toString())) {
            bridge.awaitLine("READY", 90);
            String maps = Files.readString(Path.of("/proc", Long.toString(bridge.pid()), "maps"));
            assertTrue(maps.contains(archive.toRealPath().toString()), "the JVM maps " + archive);
            assertEquals(0, bridge.terminate(30), bridge.output());
            String everything = bridge.output() + bridge.errors();
            assertFalse(everything.contains("[cds]") || everything.contains("class-data archive"), everything);
            assertFalse(everything.contains("Exception"), everything);
        }
    }

    /** The launcher's CPE_BRIDGE_CDS=check: its exit code (it takes an archive made at the last stop first). */
    private int check(Path launcher) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(launcher.toAbsolutePath().toString()).redirectErrorStream(true);
        builder.environment().putAll(launcherEnvironment());
        builder.environment().put("CPE_BRIDGE_CDS", "check");
        Process process = builder.start();
        String said = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), said);
        assertTrue(said.contains("class-data archive"), said);
        return process.exitValue();
    }

    private static Map<String, String> launcherEnvironment() {
        return Map.of("JAVA_HOME", System.getProperty("java.home"), "JAVA_OPTS", "");
    }

    /** jvm.options as the launcher reads it: '#' to the end of a line is a comment, blank lines are skipped. */
    private static List<String> shippedFlags(Path options) throws Exception {
        return Files.readAllLines(options).stream()
                .map(line -> line.replaceFirst("#.*", "").strip())
                .filter(line -> !line.isEmpty())
                .toList();
    }

    private static List<String> commandLine(long pid) throws Exception {
        String raw = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                StandardCharsets.UTF_8);
        return Arrays.asList(raw.split("\0"));
    }
}
