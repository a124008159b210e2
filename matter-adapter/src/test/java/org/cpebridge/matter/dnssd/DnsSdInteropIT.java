package org.cpebridge.matter.dnssd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.cpebridge.core.json.Json;
import org.cpebridge.matter.testing.NamespacedProcess;
import org.cpebridge.matter.testing.NetNsPair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Our JmDNS advertiser in network namespace A, found from namespace B by the matter.js scanner
 * ({@code src/test/interop/discover.mjs}) and by raw mDNS queries ({@link MdnsQueryProcess}). Nothing here
 * touches the machine's real interfaces: both sides bind to their end of a veth pair the test creates. Fails
 * when {@code ip}, {@code node} or the npm packages are missing ({@code scripts/setup-test-peers.sh} installs them).
 */
class DnsSdInteropIT {

    private static final Path INTEROP = Path.of("src/test/interop");
    private static final Duration STEP = Duration.ofSeconds(60);
    private static final String INSTANCE = "0A1B2C3D4E5F6071";
    private static final String HOST = "B75AFB458ECD";
    private static final String CFID = "87E1B004E235A130";
    private static final String NODE = "0000000000000001";
    private static final String INSTANCE_OF_OPERATIONAL = CFID + "-" + NODE + "._matter._tcp.local";
    // As Java prints them (MdnsQueryProcess uses InetAddress.getHostAddress).
    private static final String ULA_A = "fd77:0:0:0:0:0:0:1";
    private static final String LINK_LOCAL_A = "fe80:0:0:0:0:0:0:1";

    private NetNsPair pair;
    private NamespacedProcess advertiser;

    @BeforeEach
    void startAdvertiser() throws Exception {
        assertTrue(Files.isDirectory(INTEROP.resolve("node_modules/@matter/main")),
                "matter.js is not installed in " + INTEROP.toAbsolutePath() + ": run scripts/setup-test-peers.sh");
        pair = NetNsPair.create();
        advertiser = NamespacedProcess.startJvm(pair.namespaceA(), AdvertiserProcess.class, pair.interfaceA(), HOST);
        advertiser.awaitLine(line -> line.startsWith("READY"), STEP);
    }

    @AfterEach
    void stop() throws Exception {
        if (advertiser != null) {
            advertiser.send("exit");
            advertiser.awaitExit(STEP);
            advertiser.close();
        }
        if (pair != null) {
            pair.close();
        }
    }

    @Test
    void matterJsFindsTheCommissionableBridgeWithItsTxtRecordsAndAddresses() throws Exception {
        command("commissionable " + INSTANCE + " 3840 65521 32768 BASIC");

        Map<String, Object> result = discover("--long-discriminator", "3840");

        assertEquals(Boolean.TRUE, result.get("found"), result.toString());
        @SuppressWarnings("unchecked")
        Map<String, Object> device = (Map<String, Object>) result.get("device");
        assertEquals(INSTANCE, device.get("deviceIdentifier"));
        assertEquals(3840, ((Number) device.get("D")).intValue());
        assertEquals(1, ((Number) device.get("CM")).intValue());
        assertEquals("65521+32768", String.valueOf(device.get("VP")));
        assertEquals("cpe-bridge test", device.get("DN"));
        assertEquals(33, ((Number) device.get("PH")).intValue());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> addresses = (List<Map<String, Object>>) device.get("addresses");
        List<String> ips = addresses.stream().map(a -> String.valueOf(a.get("ip"))).toList();
        assertTrue(ips.contains(NetNsPair.ULA_A), "addresses " + addresses);
        assertTrue(addresses.stream().allMatch(a -> ((Number) a.get("port")).intValue() == 5540), "" + addresses);
    }

    @Test
    void matterJsFindsItByTheShortDiscriminatorOfTheManualCode() throws Exception {
        command("commissionable " + INSTANCE + " 3840 65521 32768 BASIC");

        Map<String, Object> result = discover("--short-discriminator", "15");

        assertEquals(Boolean.TRUE, result.get("found"), result.toString());
    }

    @Test
    void everySubtypeIsAnsweredWithAllAddresses() throws Exception {
        command("commissionable " + INSTANCE + " 3840 65521 32768 BASIC");
        String instance = INSTANCE + "._matterc._udp.local";

        for (String subtype : List.of("_L3840", "_S15", "_V65521", "_CM")) {
            List<String> records = query(subtype + "._sub._matterc._udp.local", "PTR");
            assertTrue(records.contains("PTR " + subtype + "._sub._matterc._udp.local " + instance),
                    subtype + ": " + records);
            assertTrue(records.contains("SRV " + instance + " 5540 " + HOST + ".local"), subtype + ": " + records);
            assertTrue(records.contains("AAAA " + HOST + ".local " + ULA_A), subtype + ": " + records);
            assertTrue(records.contains("AAAA " + HOST + ".local " + LINK_LOCAL_A),
                    subtype + ": " + records);
            assertTrue(records.contains("TXT " + instance + " D=3840 CM=1 VP=65521+32768 DN=cpe-bridge test PH=33"
                    + " SII=500 SAI=300 SAT=4000"), subtype + ": " + records);
        }
        // A subtype we do not have gets no answer.
        assertEquals(List.of(), query("_L3841._sub._matterc._udp.local", "PTR"));
    }

    @Test
    void closingTheWindowDropsCmAndWithdrawingRemovesTheService() throws Exception {
        command("commissionable " + INSTANCE + " 3840 65521 32768 BASIC");
        assertFalse(query("_CM._sub._matterc._udp.local", "PTR").isEmpty());

        command("commissionable " + INSTANCE + " 3840 65521 32768 NOT_OPEN");

        assertEquals(List.of(), query("_CM._sub._matterc._udp.local", "PTR"));
        List<String> records = query("_L3840._sub._matterc._udp.local", "PTR");
        assertTrue(records.stream().anyMatch(r -> r.startsWith("TXT ") && r.contains(" CM=0 ")), "" + records);
        assertTrue(records.stream().noneMatch(r -> r.contains("_CM._sub")), "" + records);

        command("withdraw-commissionable");

        assertEquals(List.of(), query("_matterc._udp.local", "PTR"));
    }

    @Test
    void operationalServiceIsPublishedPerFabricAndWithdrawnWithIt() throws Exception {
        command("operational " + CFID + " " + NODE);
        String instance = CFID + "-" + NODE + "._matter._tcp.local";

        List<String> records = query("_I" + CFID + "._sub._matter._tcp.local", "PTR");

        assertTrue(records.contains("PTR _I" + CFID + "._sub._matter._tcp.local " + instance), "" + records);
        assertTrue(records.contains("SRV " + instance + " 5540 " + HOST + ".local"), "" + records);
        assertTrue(records.contains("TXT " + instance + " SII=500 SAI=300 SAT=4000"), "" + records);
        assertTrue(records.contains("AAAA " + HOST + ".local " + ULA_A), "" + records);

        command("withdraw-operational " + CFID + " " + NODE);

        assertEquals(List.of(), query("_matter._tcp.local", "PTR"));
    }

    /**
     * RFC 6762 section 9: a second responder (namespace B) that starts with our host name hears our answer to its
     * probe, renames its host and publishes its service on the new name; ours keeps its name.
     */
    @Test
    void aSecondResponderWithOurHostNameRenamesItsHost() throws Exception {
        command("operational " + CFID + " " + NODE);
        String otherInstance = "1111111111111111-0000000000000002._matter._tcp.local";
        try (NamespacedProcess second = NamespacedProcess.startJvm(pair.namespaceB(), AdvertiserProcess.class,
                pair.interfaceB(), HOST)) {
            second.awaitLine(line -> line.startsWith("READY"), STEP);
            second.send("operational 1111111111111111 0000000000000002");
            second.awaitLine(line -> line.startsWith("OK "), STEP);

            List<String> theirs = query(pair.namespaceA(), pair.interfaceA(), otherInstance, "SRV").stream()
                    .filter(record -> record.startsWith("SRV ")).toList();
            List<String> ours = query(INSTANCE_OF_OPERATIONAL, "SRV").stream()
                    .filter(record -> record.startsWith("SRV ")).toList();

            assertEquals(1, theirs.size(), theirs.toString());
            assertFalse(theirs.get(0).endsWith(" " + HOST + ".local"), theirs.toString());
            assertTrue(theirs.get(0).startsWith("SRV " + otherInstance + " 5540 "), theirs.toString());
            assertEquals(List.of("SRV " + INSTANCE_OF_OPERATIONAL + " 5540 " + HOST + ".local"), ours);
            second.send("exit");
            second.awaitExit(STEP);
        }
    }

    private void command(String line) throws IOException, InterruptedException {
        advertiser.send(line);
        String answer = advertiser.awaitLine(l -> l.startsWith("OK ") || l.startsWith("ERROR "), STEP);
        assertTrue(answer.startsWith("OK "), answer + "\n" + advertiser.stderr());
    }

    private Map<String, Object> discover(String... identifier) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("node", "discover.mjs"));
        command.addAll(List.of(identifier));
        command.addAll(List.of("--interface", pair.interfaceB(), "--timeout", "30"));
        try (NamespacedProcess node = NamespacedProcess.start(pair.namespaceB(), command, INTEROP, "discover.mjs")) {
            String line = node.awaitLine(l -> l.startsWith("{"), STEP);
            int exit = node.awaitExit(STEP);
            assertTrue(exit == 0 || exit == 2, "discover.mjs exit " + exit + "\n" + node.stderr());
            return Json.parseObject(line);
        }
    }

    private List<String> query(String name, String type) throws IOException, InterruptedException {
        return query(pair.namespaceB(), pair.interfaceB(), name, type);
    }

    private List<String> query(String namespace, String interfaceName, String name, String type)
            throws IOException, InterruptedException {
        try (NamespacedProcess query = NamespacedProcess.startJvm(namespace, MdnsQueryProcess.class,
                interfaceName, name, type, "2500")) {
            List<String> records = new ArrayList<>();
            String line;
            while (!(line = query.awaitLine(l -> true, STEP)).equals("END")) {
                records.add(line);
            }
            assertEquals(0, query.awaitExit(STEP), query.stderr());
            assertTrue(records.stream().noneMatch(r -> r.startsWith("MALFORMED")), records.stream()
                    .collect(Collectors.joining("\n")));
            return records;
        }
    }
}
