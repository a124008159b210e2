package org.cpebridge.usp.agent.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Permission#covers(String, String)} compares a target with a path in place (it runs for every permission on
 * every item of an answer); it must say exactly what comparing their {@link Permission#tokens} says, which is how the
 * coverage rule is written (TR-369 Targets: a target ending in '.' covers its subtree, {@code *} and {@code {i}}
 * match an instance).
 */
class PermissionCoversTest {
    private static final List<String> TARGETS = List.of("Device.", "Device", "Device.ProxiedDevice.",
            "Device.ProxiedDevice.*.", "Device.ProxiedDevice.{i}.Name", "Device.ProxiedDevice.3.",
            "Device.ProxiedDevice.*.IoTCapability.*.BinaryControl.Value", "Device.LocalAgent.Subscription.",
            "Device.SelfTestDiagnostics()", "Device.X_CPEBRIDGE_Privacy.", "Device.X_CPEBRIDGE_Privacy.DailyEnergy.",
            "*.", "Device..A", "Device.ProxiedDevice.*", "", ".", "Device.ProxiedDevice.[Name==\"a.b\"].",
            "Device.Proxied", "Device.ProxiedDevice.1");
    private static final List<String> PATHS = List.of("Device.", "Device", "Device.ProxiedDevice.",
            "Device.ProxiedDevice", "Device.ProxiedDevice.1.", "Device.ProxiedDevice.1", "Device.ProxiedDevice.3.Name",
            "Device.ProxiedDevice.{i}.Name", "Device.ProxiedDevice.13.Name", "Device.ProxiedDevice.x.Name",
            "Device.ProxiedDevice.*.Name", "Device.ProxiedDevice.1.IoTCapability.2.BinaryControl.Value",
            "Device.ProxiedDevice.1.IoTCapability.2.BinaryControl.Value.",
            "Device.ProxiedDevice.[Name==\"a.b\"].Name", "Device.ProxiedDevice.[Name==\"a.b\"].",
            "Device.LocalAgent.Subscription.2.Enable", "Device.LocalAgent.SubscriptionX.", "Device.SelfTestDiagnostics()",
            "Device.X_CPEBRIDGE_Privacy.DailyEnergy.1.Total", "Device.X_CPEBRIDGE_Privacy.Grant.", "Device..A",
            "Device..", "", ".", "..", "Device.ProxiedDevice.1.Name.", "Device.ProxiedDeviceX.1.Name",
            "Device.Proxied", "Device.ProxiedDevice.1[", "Device.ProxiedDevice.[a].x", "Device.ProxiedDevice.*.");

    @Test
    void inPlaceComparisonAgreesWithTheTokenRuleOnEveryPair() {
        int covered = 0;
        for (String target : TARGETS) {
            for (String path : PATHS) {
                boolean expected = byTokens(target, path);
                assertEquals(expected, Permission.covers(target, path), target + " over " + path);
                covered += expected ? 1 : 0;
            }
        }
        assertTrue(covered > 30, "the pairs exercise both answers: " + covered);
    }

    @Test
    void examples() {
        assertTrue(Permission.covers("Device.", "Device.ProxiedDevice.1.Name"));
        assertTrue(Permission.covers("Device.ProxiedDevice.*.", "Device.ProxiedDevice.12.IoTCapability.1."));
        assertFalse(Permission.covers("Device.ProxiedDevice.*.", "Device.ProxiedDevice.Name"));
        assertFalse(Permission.covers("Device.LocalAgent.Subscription.", "Device.LocalAgent.SubscriptionX.1."));
        assertFalse(Permission.covers("Device.ProxiedDevice.{i}.Name", "Device.ProxiedDevice.1.Name.Extra"));
        assertFalse(Permission.covers("Device.ProxiedDevice.[Name==\"a\"].", "Device.ProxiedDevice.1.Name"));
    }

    /** The rule as written: compare token lists (what Permission did before it compared in place). */
    private static boolean byTokens(String targetText, String pathText) {
        List<String> target = Permission.tokens(targetText);
        List<String> path = Permission.tokens(pathText);
        boolean partial = targetText.endsWith(".");
        if (partial ? path.size() < target.size() : path.size() != target.size()) {
            return false;
        }
        for (int i = 0; i < target.size(); i++) {
            String t = target.get(i);
            String p = path.get(i);
            if (t.startsWith("[")) {
                return false;
            }
            if (t.equals(p)) {
                continue;
            }
            boolean instanceLike = p.equals("{i}") || (!p.isEmpty() && Character.isDigit(p.charAt(0)));
            if ((t.equals("*") || t.equals("{i}")) && instanceLike) {
                continue;
            }
            return false;
        }
        return true;
    }
}
