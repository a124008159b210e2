package org.cpebridge.usp.agent.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.cpebridge.privacy.policy.Rights;
import org.cpebridge.privacy.policy.TargetKind;
import org.junit.jupiter.api.Test;

/**
 * {@link CompiledRoles} walks a path once through a tree of all the roles' targets; it must give exactly the union
 * of what {@link Role#rights} gives role by role (the rule: the covering enabled permission with the highest Order,
 * of equal Orders the later one, search targets only when they outrank it).
 */
class CompiledRolesTest {
    private static final List<String> PATHS = List.of("Device.", "Device", "Device.ProxiedDevice.",
            "Device.ProxiedDevice.1.", "Device.ProxiedDevice.1.Name", "Device.ProxiedDevice.2.Name",
            "Device.ProxiedDevice.{i}.Name", "Device.ProxiedDevice.x.Name",
            "Device.ProxiedDevice.1.IoTCapability.2.BinaryControl.Value", "Device.ProxiedDevice.[Name==\"a.b\"].Name",
            "Device.LocalAgent.Subscription.2.Enable", "Device.LocalAgent.SubscriptionX.", "Device.LocalAgent.",
            "Device.LocalAgent.EndpointID", "Device.LocalAgent.MTP.1.Enable", "Device.SelfTestDiagnostics()",
            "Device.Reboot()", "Device.X_CPEBRIDGE_Privacy.DailyEnergy.1.Total", "Device.X_CPEBRIDGE_Privacy.Grant.",
            "Device.X_CPEBRIDGE_Privacy.", "Device..A", "", ".", "Device.DeviceInfo.SerialNumber", "Other.");

    private static Role role(String name, boolean enable, Permission... permissions) {
        return new Role(name, enable, List.of(permissions));
    }

    private static List<List<Role>> roleSets() {
        Role isp = role("ISP-Operations", true,
                Permission.of(1, "Device.", "r--n", "r--n", "r--n", "r--n"),
                Permission.of(2, "Device.LocalAgent.Subscription.", "rw-n", "rw-n", "rw-n", "r--n"),
                Permission.of(3, "Device.SelfTestDiagnostics(),Device.Reboot()", "----", "----", "----", "r-xn"),
                Permission.of(4, "Device.X_CPEBRIDGE_Privacy.", "----", "----", "----", "----"),
                Permission.of(5, "Device.X_CPEBRIDGE_Privacy.DailyEnergy.", "r---", "r---", "r---", "----"));
        Role untrusted = role("Untrusted", true,
                Permission.of(1, "Device.LocalAgent.", "----", "r---", "----", "----"),
                Permission.of(2, "Device.LocalAgent.MTP.,Device.LocalAgent.Controller.", "----", "----", "----", "----"),
                Permission.of(3, "Device.LocalAgent.EndpointID", "r---", "----", "----", "----"));
        Role ties = role("Ties", true,
                Permission.of(7, "Device.ProxiedDevice.*.", "rw--", "rw--", "rw--", "rw--"),
                Permission.of(7, "Device.ProxiedDevice.{i}.Name", "r---", "r---", "r---", "r---"),
                new Permission(false, 9, List.of("Device."), Rights.ALL, Rights.ALL, Rights.ALL, Rights.ALL),
                Permission.of(7, "Device.ProxiedDevice.1.", "---n", "---n", "---n", "---n"),
                Permission.of(2, "Device..A,.,", "--x-", "--x-", "--x-", "--x-"));
        Role searching = role("Search", true,
                Permission.of(1, "Device.ProxiedDevice.", "r---", "r---", "r---", "r---"),
                Permission.of(5, "Device.ProxiedDevice.[Name==\"a.b\"].,Device.Reboot()", "rwxn", "rwxn", "rwxn",
                        "rwxn"),
                Permission.of(3, "Device.ProxiedDevice.[Name==\"x\"].", "-w--", "-w--", "-w--", "-w--"));
        Role off = role("Off", false, Permission.of(1, "Device.", "rwxn", "rwxn", "rwxn", "rwxn"));
        return List.of(List.of(), List.of(Role.fullAccess()), List.of(isp), List.of(untrusted), List.of(ties),
                List.of(searching), List.of(off), List.of(isp, untrusted, ties), List.of(off, searching, isp));
    }

    @Test
    void givesTheUnionOfEachRolesRightsOnEveryPath() {
        // Search targets: the one on Name=="a.b" names row 2, the other nothing.
        TargetExpander expander = target -> target.contains("a.b")
                ? List.of("Device.ProxiedDevice.2.") : List.of();
        int allowed = 0;
        for (List<Role> roles : roleSets()) {
            CompiledRoles compiled = CompiledRoles.of(roles);
            for (TargetKind kind : TargetKind.values()) {
                for (String path : PATHS) {
                    Rights expected = Rights.NONE;
                    for (Role role : roles) {
                        expected = expected.or(role.rights(kind, path, expander));
                    }
                    assertEquals(expected, compiled.rights(kind, path, expander), roles + " " + kind + " " + path);
                    allowed += expected.equals(Rights.NONE) ? 0 : 1;
                }
            }
        }
        assertTrue(allowed > 100, "the cases exercise both answers: " + allowed);
    }
}
