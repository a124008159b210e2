package org.cpebridge.matter.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cpebridge.core.json.Json;
import org.cpebridge.matter.testing.NamespacedProcess;
import org.cpebridge.matter.testing.NetNsPair;

/**
 * What the commissioning, access-control and groupcast interop tests share: the bridge in namespace A of a
 * {@link NetNsPair} with the test pairing code (discriminator 3840, passcode 20202021: manual code 3497-011-2332), and
 * the matter.js controller's scripts ({@code src/test/interop}) in namespace B, each run to its one JSON line, with
 * strict attestation against an offline trust store that holds only the SDK test PAA and CD signer. Owning thread:
 * the test's.
 */
final class MatterJsControllerSide {

    static final Path INTEROP = Path.of("src/test/interop");
    /** Long enough for any one step (a commissioning, a bridge start) on a loaded 2-core machine. */
    static final Duration STEP = Duration.ofSeconds(120);
    /** The manual pairing code of the bridge {@link #startBridge} starts. */
    static final String PAIRING_CODE = "34970112332";
    /** The SDK test PAA and CD signer live with the attestation code in matter-protocol. */
    private static final Path PROTOCOL = Path.of("../matter-protocol/src");
    private static final Path TEST_PAA = PROTOCOL.resolve("test/resources/attestation/Chip-Test-PAA-FFF1-Cert.pem");
    private static final Path TEST_CD_SIGNER = PROTOCOL.resolve(
            "main/resources/attestation/Chip-Test-CD-Signing-Cert.pem");

    private final NetNsPair pair;
    private final Path paaDir;

    private MatterJsControllerSide(NetNsPair pair, Path paaDir) {
        this.pair = pair;
        this.paaDir = paaDir;
    }

    /**
     * The controller side over {@code pair}, its PAA trust store made under {@code work}. Fails when matter.js is not
     * installed: a missing peer fails the test, it is never skipped.
     */
    static MatterJsControllerSide create(NetNsPair pair, Path work) throws IOException {
        assertTrue(Files.isDirectory(INTEROP.resolve("node_modules/@project-chip/matter.js")),
                "matter.js is not installed in " + INTEROP.toAbsolutePath() + ": run scripts/setup-test-peers.sh");
        Path paaDir = Files.createDirectories(work.resolve("paa"));
        Files.copy(TEST_PAA, paaDir.resolve(TEST_PAA.getFileName()));
        return new MatterJsControllerSide(pair, paaDir);
    }

    /**
     * Starts {@code main} (a bridge process of the test sources) in namespace A on {@code data}, with {@code leading}
     * arguments after the data directory, then the Matter face on the pair's interface with the test pairing code.
     */
    NamespacedProcess startBridge(Class<?> main, Path data, String... leading) throws IOException {
        List<String> arguments = new ArrayList<>(List.of(data.toString()));
        arguments.addAll(List.of(leading));
        arguments.addAll(List.of("matter.interface=" + pair.interfaceA(), "matter.discriminator=3840",
                "matter.passcode=20202021"));
        return NamespacedProcess.startJvm(pair.namespaceA(), main, arguments.toArray(String[]::new));
    }

    /**
     * commission.mjs: commissions the node with {@code pairingCode} onto a new fabric kept in {@code fabricDir}, with
     * strict attestation; {@code extra} adds arguments (e.g. {@code --cat}). Checks it was commissioned.
     */
    Map<String, Object> commission(String pairingCode, Path fabricDir, String... extra) throws Exception {
        List<String> arguments = new ArrayList<>(List.of("--pairing-code", pairingCode, "--paa-dir",
                paaDir.toString(), "--cd-signer", TEST_CD_SIGNER.toAbsolutePath().toString(), "--fabric-dir",
                fabricDir.toString()));
        arguments.addAll(List.of(extra));
        Map<String, Object> result = run("commission.mjs", arguments.toArray(String[]::new));
        assertEquals(Boolean.TRUE, result.get("commissioned"), result.toString());
        return result;
    }

    /** commission.mjs --reconnect: back to the node over CASE with the fabric in {@code fabricDir}. */
    Map<String, Object> reconnect(Path fabricDir, String... extra) throws Exception {
        List<String> arguments = new ArrayList<>(List.of("--reconnect", "--fabric-dir", fabricDir.toString()));
        arguments.addAll(List.of(extra));
        return run("commission.mjs", arguments.toArray(String[]::new));
    }

    /** The manual pairing code of the enhanced commissioning window the controller of {@code fabricDir} opens. */
    @SuppressWarnings("unchecked")
    String openWindow(Path fabricDir) throws Exception {
        Map<String, Object> opened = reconnect(fabricDir, "--open-window");
        return (String) ((Map<String, Object>) opened.get("window")).get("manualPairingCode");
    }

    /** Runs {@code script} in namespace B on the pair's interface; its JSON line, after checking it exited 0. */
    Map<String, Object> run(String script, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("node", script, "--interface", pair.interfaceB()));
        command.addAll(List.of(arguments));
        try (NamespacedProcess node = NamespacedProcess.start(pair.namespaceB(), command, INTEROP, script)) {
            String line = node.awaitLine(l -> l.startsWith("{"), STEP);
            int exit = node.awaitExit(STEP);
            assertEquals(0, exit, script + " failed: " + line + "\n" + node.stderr());
            return Json.parseObject(line);
        }
    }
}
