package org.cpebridge.matter.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.cpebridge.matter.testing.BridgeFaceProcess;
import org.cpebridge.matter.testing.NamespacedProcess;
import org.cpebridge.matter.testing.NetNsPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Access control against two matter.js controllers on two fabrics, over a veth pair between two network
 * namespaces: the first commissions the bridge and opens an enhanced commissioning window, the second joins on its
 * own fabric and cuts its own ACL entry down to View. From then on, in that same CASE session, in a fresh one and
 * after a restart of the bridge, the second fabric is refused with UNSUPPORTED_ACCESS (0x7E) for reading the ACL,
 * writing the ACL and NodeLabel, and every Administer command (timed ones included), while it still reads what
 * View allows; the first fabric's invalid ACL entries are CONSTRAINT_ERROR (0x87) and change nothing;
 * CurrentFabricIndex is each reader's own fabric; and every attribute every AttributeList names reads with data.
 * Last, the first controller, whose NOC carries CASE Authenticated Tag 0001 version 1, replaces its node-id entry by
 * one naming that CAT and keeps Administer in a fresh session; an entry asking for version 2 locks it out.
 */
class MatterJsAccessControlInteropIT {

    private static final Duration STEP = MatterJsControllerSide.STEP;
    private static final int UNSUPPORTED_ACCESS = 0x7E;
    private static final int CONSTRAINT_ERROR = 0x87;
    /** What probe tries besides the View read: each needs Administer (NodeLabel: Manage). */
    private static final List<String> REFUSED = List.of("readAcl", "writeNodeLabel", "writeAcl", "armFailSafe",
            "setRegulatoryConfig", "commissioningComplete", "csrRequest", "addTrustedRootCertificate",
            "updateFabricLabel", "removeFabric", "openCommissioningWindow", "revokeCommissioning");

    @TempDir
    Path work;

    @Test
    void aFabricCutDownToViewIsRefusedEveryAdministerPathBeforeAndAfterARestart() throws Exception {
        Path bridgeData = work.resolve("bridge");
        Path first = Files.createDirectories(work.resolve("first-controller"));
        Path second = Files.createDirectories(work.resolve("second-controller"));

        try (NetNsPair pair = NetNsPair.create()) {
            MatterJsControllerSide controllers = MatterJsControllerSide.create(pair, work);
            try (NamespacedProcess bridge = controllers.startBridge(BridgeFaceProcess.class, bridgeData)) {
                bridge.awaitLine("READY"::equals, STEP);
                controllers.commission(MatterJsControllerSide.PAIRING_CODE, first, "--cat", "00010001");
                controllers.commission(controllers.openWindow(first), second);

                Map<String, Object> firstBefore = acl(controllers, first, "fabric-index", "read-all-listed");
                assertEquals(1, number(firstBefore, "currentFabricIndex"), firstBefore.toString());
                @SuppressWarnings("unchecked")
                Map<String, Object> listed = (Map<String, Object>) firstBefore.get("listed");
                assertTrue(number(listed, "count") > 60, listed.toString());
                assertEquals(List.of(), listed.get("missing"), "every listed attribute reads with data");

                // The second administrator cuts itself down to View, then probes in the same CASE session.
                Map<String, Object> sameSession = acl(controllers, second, "fabric-index", "cut-to-view", "probe",
                        "fabric-index");
                assertEquals(2, number(sameSession, "currentFabricIndex"), sameSession.toString());
                assertEquals(0, number(sameSession, "cutToView"), sameSession.toString());
                assertViewOnly(sameSession);

                assertViewOnly(acl(controllers, second, "probe"));

                Map<String, Object> invalid = acl(controllers, first, "invalid-acl", "read-acl", "fabric-index");
                @SuppressWarnings("unchecked")
                Map<String, Object> statuses = (Map<String, Object>) invalid.get("invalidAcl");
                assertEquals(Map.of("groupAdminister", CONSTRAINT_ERROR, "subjectZero", CONSTRAINT_ERROR,
                        "paseEntry", CONSTRAINT_ERROR), intValues(statuses), invalid.toString());
                assertSingleAdministerEntry(invalid);
                assertEquals(1, number(invalid, "currentFabricIndex"));

                bridge.closeStdin();
                assertEquals(0, bridge.awaitExit(STEP), bridge.stderr());
            }
            try (NamespacedProcess restarted = controllers.startBridge(BridgeFaceProcess.class, bridgeData)) {
                restarted.awaitLine("READY"::equals, STEP);
                Map<String, Object> afterRestart = acl(controllers, second, "probe", "fabric-index");
                assertViewOnly(afterRestart);
                assertEquals(2, number(afterRestart, "currentFabricIndex"), afterRestart.toString());
                Map<String, Object> firstAfter = acl(controllers, first, "read-acl", "fabric-index");
                assertSingleAdministerEntry(firstAfter);
                assertEquals(1, number(firstAfter, "currentFabricIndex"));

                // CATs: the first controller is granted by the tag in its NOC once no entry names its node id.
                assertEquals(0, number(acl(controllers, first, "admin-by-cat"), "adminByCat"));
                Map<String, Object> byCat = acl(controllers, first, "read-acl", "cat-v2");
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> entries = (List<Map<String, Object>>) byCat.get("acl");
                assertEquals(1, entries.size(), byCat.toString());
                assertEquals(List.of(Long.toUnsignedString(0xFFFF_FFFD_0001_0001L)), entries.get(0).get("subjects"),
                        byCat.toString());
                @SuppressWarnings("unchecked")
                Map<String, Object> catV2 = (Map<String, Object>) byCat.get("catV2");
                assertEquals(0, number(catV2, "write"), byCat.toString());
                assertEquals(UNSUPPORTED_ACCESS, number(catV2, "readAcl"), "version 1 does not satisfy version 2");
                restarted.closeStdin();
                assertEquals(0, restarted.awaitExit(STEP), restarted.stderr());
            }
        }
    }

    /** The probe's View read succeeds and everything else is UNSUPPORTED_ACCESS. */
    @SuppressWarnings("unchecked")
    private static void assertViewOnly(Map<String, Object> result) {
        Map<String, Object> probe = (Map<String, Object>) result.get("probe");
        assertEquals(0, number(probe, "viewReadVendorName"), result.toString());
        for (String operation : REFUSED) {
            assertEquals(UNSUPPORTED_ACCESS, number(probe, operation), operation + " in " + probe);
        }
    }

    @SuppressWarnings("unchecked")
    private static void assertSingleAdministerEntry(Map<String, Object> result) {
        List<Map<String, Object>> entries = (List<Map<String, Object>>) result.get("acl");
        assertEquals(1, entries.size(), result.toString());
        assertEquals(5, number(entries.get(0), "privilege"), result.toString());
        assertEquals(2, number(entries.get(0), "authMode"), result.toString());
        assertEquals(List.of(result.get("controllerNodeId")), entries.get(0).get("subjects"), result.toString());
    }

    private static Map<String, Integer> intValues(Map<String, Object> map) {
        Map<String, Integer> values = new java.util.TreeMap<>();
        map.forEach((k, v) -> values.put(k, v instanceof Number n ? n.intValue() : -1));
        return values;
    }

    private static int number(Map<String, Object> map, String key) {
        Object value = map.get(key);
        assertTrue(value instanceof Number, key + " is " + value + " in " + map);
        return ((Number) value).intValue();
    }

    private static Map<String, Object> acl(MatterJsControllerSide controllers, Path fabricDir, String... actions)
            throws Exception {
        return controllers.run("acl.mjs", "--fabric-dir", fabricDir.toString(), "--actions",
                String.join(",", actions));
    }
}
