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
 * The matter.js controller commissions the bridge's Matter face over a veth pair between two network namespaces:
 * discovery by the manual pairing code's short discriminator, PASE, device attestation checked against an offline
 * trust store holding only the test PAA and the test CD signer (any warning rejects), CSR, AddNOC, operational
 * discovery, CASE, CommissioningComplete, then a read of Basic Information over CASE. The first controller then opens
 * an enhanced commissioning window through which a second controller joins on its own fabric, and removes that
 * fabric again. The bridge is then restarted from its data directory and the first controller reconnects over CASE
 * with its stored fabric.
 */
class MatterJsCommissioningInteropIT {

    private static final Duration STEP = MatterJsControllerSide.STEP;

    @TempDir
    Path work;

    @Test
    void matterJsCommissionsTheBridgeAdmitsASecondAdminAndReconnectsAfterARestart() throws Exception {
        Path bridgeData = work.resolve("bridge");
        Path controllerData = Files.createDirectories(work.resolve("controller"));
        Path secondControllerData = Files.createDirectories(work.resolve("second-controller"));

        try (NetNsPair pair = NetNsPair.create()) {
            MatterJsControllerSide controllers = MatterJsControllerSide.create(pair, work);
            try (NamespacedProcess bridge = controllers.startBridge(BridgeFaceProcess.class, bridgeData)) {
                assertEquals("SHOW Manual pairing code: 3497-011-2332",
                        bridge.awaitLine(l -> l.startsWith("SHOW Manual pairing code:"), STEP));
                bridge.awaitLine("READY"::equals, STEP);

                Map<String, Object> result = controllers.commission(MatterJsControllerSide.PAIRING_CODE,
                        controllerData);
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> findings = (List<Map<String, Object>>) result.get("attestationFindings");
                assertTrue(findings.stream().allMatch(f -> "info".equals(f.get("level"))), findings.toString());
                assertBasicInformation(result);
                assertTimeSynchronization(result);

                // Multi-admin: the first controller opens an enhanced window, a second ecosystem joins with the
                // code it got, then the first administrator removes the second's fabric.
                String secondCode = controllers.openWindow(controllerData);
                Map<String, Object> second = controllers.commission(secondCode, secondControllerData);
                assertBasicInformation(second);

                Map<String, Object> removal = controllers.reconnect(controllerData, "--remove-other-fabrics");
                assertEquals(2, ((List<?>) removal.get("fabricsBefore")).size(), removal.toString());
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> removed = (List<Map<String, Object>>) removal.get("removed");
                assertEquals(1, removed.size(), removal.toString());
                assertEquals(0, ((Number) removed.get(0).get("statusCode")).intValue(), removal.toString());
                assertEquals(1, ((List<?>) removal.get("fabricsAfter")).size(), removal.toString());

                bridge.closeStdin();
                assertEquals(0, bridge.awaitExit(STEP), bridge.stderr());
            }
            try (NamespacedProcess restarted = controllers.startBridge(BridgeFaceProcess.class, bridgeData)) {
                // Paired now: no commissioning window, no pairing code.
                assertTrue(restarted.awaitLine(l -> l.startsWith("SHOW This bridge is paired with 1"), STEP)
                        .contains("1 Matter fabric"));
                restarted.awaitLine("READY"::equals, STEP);
                Map<String, Object> again = controllers.reconnect(controllerData);
                assertEquals(Boolean.TRUE, again.get("reconnected"), again.toString());
                assertBasicInformation(again);
                restarted.closeStdin();
                assertEquals(0, restarted.awaitExit(STEP), restarted.stderr());
            }
        }
    }

    /**
     * The bridge runs without secure time (time.client off): Time Synchronization shows no time until the controller's
     * SetUTCTime, which it must then take, shown with the Admin source one granularity level lower.
     */
    @SuppressWarnings("unchecked")
    private static void assertTimeSynchronization(Map<String, Object> result) {
        Map<String, Object> time = (Map<String, Object>) result.get("time");
        Map<String, Object> before = (Map<String, Object>) time.get("before");
        Map<String, Object> after = (Map<String, Object>) time.get("after");
        org.junit.jupiter.api.Assertions.assertNull(before.get("utcTime"), time.toString());
        assertEquals(0, ((Number) before.get("granularity")).intValue(), time.toString());
        assertEquals(0, ((Number) before.get("timeSource")).intValue(), time.toString());
        assertEquals("accepted", time.get("setUtcTime"), time.toString());
        long sent = new java.math.BigDecimal(String.valueOf(time.get("sentMicros"))).longValueExact();
        long shown = new java.math.BigDecimal(String.valueOf(after.get("utcTime"))).longValueExact();
        assertTrue(shown >= sent && shown - sent < 60_000_000L, time.toString());
        assertEquals(2, ((Number) after.get("granularity")).intValue(), "seconds: one below milliseconds");
        assertEquals(2, ((Number) after.get("timeSource")).intValue(), "Admin");
    }

    @SuppressWarnings("unchecked")
    private static void assertBasicInformation(Map<String, Object> result) {
        Map<String, Object> basic = (Map<String, Object>) result.get("basicInformation");
        assertEquals("cpe-bridge project", basic.get("vendorName"), result.toString());
        assertEquals(65521, ((Number) basic.get("vendorId")).intValue());
        assertEquals(32768, ((Number) basic.get("productId")).intValue());
        assertEquals("CPEB-TEST0001", basic.get("serialNumber"));
    }
}
