package org.cpebridge.matter.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Two fresh network namespaces joined by a veth pair, for tests that need multicast (mDNS) without touching the
 * machine's real interfaces. Side A gets {@code fd77::1/64} and {@code fe80::1/64}, side B {@code fd77::2/64} and
 * {@code fe80::2/64}, all without duplicate address detection, so they are usable as soon as the links are up.
 * Names are random per instance, so parallel or crashed runs never collide. {@link #close} deletes both namespaces
 * (which destroys the veth pair) after killing any process still inside them; a shutdown hook does the same if
 * the test JVM exits without closing. Needs root and {@code ip} (iproute2); a missing {@code ip} fails the test.
 */
public final class NetNsPair implements AutoCloseable {

    /** Side A's unique local address. */
    public static final String ULA_A = "fd77::1";
    /** Side B's unique local address. */
    public static final String ULA_B = "fd77::2";
    /** Side A's link-local address. */
    public static final String LINK_LOCAL_A = "fe80::1";
    /** Side B's link-local address. */
    public static final String LINK_LOCAL_B = "fe80::2";

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    private final String namespaceA;
    private final String namespaceB;
    private final String interfaceA;
    private final String interfaceB;
    private final Thread cleanupHook;
    private boolean closed;

    private NetNsPair(String suffix) {
        this.namespaceA = "cpeb-" + suffix + "-a";
        this.namespaceB = "cpeb-" + suffix + "-b";
        // Interface names are at most 15 characters.
        this.interfaceA = "vcpa" + suffix;
        this.interfaceB = "vcpb" + suffix;
        this.cleanupHook = new Thread(this::deleteQuietly, "netns-cleanup-" + suffix);
    }

    /** Creates both namespaces, the veth pair and the addresses, and waits until both links are usable. */
    public static NetNsPair create() throws IOException, InterruptedException {
        byte[] random = new byte[4];
        new SecureRandom().nextBytes(random);
        NetNsPair pair = new NetNsPair(HexFormat.of().formatHex(random));
        Runtime.getRuntime().addShutdownHook(pair.cleanupHook);
        try {
            pair.setUp();
        } catch (IOException | InterruptedException | RuntimeException e) {
            pair.close();
            throw e;
        }
        return pair;
    }

    private void setUp() throws IOException, InterruptedException {
        run("ip", "netns", "add", namespaceA);
        run("ip", "netns", "add", namespaceB);
        run("ip", "link", "add", interfaceA, "type", "veth", "peer", "name", interfaceB);
        run("ip", "link", "set", interfaceA, "netns", namespaceA);
        run("ip", "link", "set", interfaceB, "netns", namespaceB);
        configureSide(namespaceA, interfaceA, ULA_A, LINK_LOCAL_A);
        configureSide(namespaceB, interfaceB, ULA_B, LINK_LOCAL_B);
        awaitUsable(namespaceA, interfaceA);
        awaitUsable(namespaceB, interfaceB);
    }

    private static void configureSide(String namespace, String iface, String ula, String linkLocal)
            throws IOException, InterruptedException {
        run("ip", "-n", namespace, "link", "set", "lo", "up");
        // No kernel-generated link-local: we assign a fixed one so tests know it, and skip DAD for both.
        run("ip", "-n", namespace, "link", "set", iface, "addrgenmode", "none");
        run("ip", "-n", namespace, "link", "set", iface, "multicast", "on");
        run("ip", "-n", namespace, "-6", "addr", "add", ula + "/64", "dev", iface, "nodad");
        run("ip", "-n", namespace, "-6", "addr", "add", linkLocal + "/64", "dev", iface, "nodad");
        run("ip", "-n", namespace, "link", "set", iface, "up");
    }

    private static void awaitUsable(String namespace, String iface) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String state = "";
        while (System.nanoTime() < deadline) {
            String link = run("ip", "-n", namespace, "link", "show", "dev", iface);
            String addresses = run("ip", "-n", namespace, "-6", "addr", "show", "dev", iface);
            boolean up = link.contains("state UP") || link.contains(",LOWER_UP");
            if (up && !addresses.contains("tentative") && addresses.contains("fd77::")
                    && addresses.contains("fe80::")) {
                return;
            }
            state = link + addresses;
            Thread.sleep(100);
        }
        throw new IOException("veth " + iface + " in " + namespace + " did not come up: " + state);
    }

    /** Side A's namespace name. */
    public String namespaceA() {
        return namespaceA;
    }

    /** Side B's namespace name. */
    public String namespaceB() {
        return namespaceB;
    }

    /** Side A's veth interface name (inside namespace A). */
    public String interfaceA() {
        return interfaceA;
    }

    /** Side B's veth interface name (inside namespace B). */
    public String interfaceB() {
        return interfaceB;
    }

    /** The command prefix that runs a program inside a namespace: {@code ip netns exec <ns>}. */
    public static List<String> inNamespace(String namespace, List<String> command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        full.addAll(command);
        return full;
    }

    /** Runs a short command inside a namespace and returns its output; fails on a non-zero exit. */
    public String exec(String namespace, String... command) throws IOException, InterruptedException {
        return run(inNamespace(namespace, List.of(command)).toArray(String[]::new));
    }

    /** Runs a short command in the test's own namespace and returns stdout and stderr; fails on non-zero exit. */
    static String run(String... command) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("cannot run " + String.join(" ", command)
                    + " (is iproute2 installed? scripts/setup-test-peers.sh installs it)", e);
        }
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("timed out: " + String.join(" ", command));
        }
        String text = new String(output, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IOException("failed (" + process.exitValue() + "): " + String.join(" ", command) + "\n" + text);
        }
        return text;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        deleteQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanupHook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or about to; it does the same work.
        }
    }

    private void deleteQuietly() {
        for (String namespace : List.of(namespaceA, namespaceB)) {
            killProcessesIn(namespace);
            try {
                run("ip", "netns", "del", namespace);
            } catch (IOException | InterruptedException e) {
                // Already gone (setUp failed early) or being deleted by the hook.
            }
        }
    }

    /** Only our test's children live in a namespace we created, so everything in it is ours to end. */
    private static void killProcessesIn(String namespace) {
        try {
            String pids = run("ip", "netns", "pids", namespace).strip();
            for (String pid : pids.split("\\s+")) {
                if (!pid.isEmpty()) {
                    ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
        } catch (IOException | InterruptedException | NumberFormatException e) {
            // No such namespace any more.
        }
    }
}
