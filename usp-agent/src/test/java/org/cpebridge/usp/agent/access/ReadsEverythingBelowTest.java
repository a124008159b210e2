package org.cpebridge.usp.agent.access;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.cpebridge.privacy.policy.AccessPolicy;
import org.cpebridge.privacy.policy.Rights;
import org.cpebridge.privacy.policy.TargetKind;
import org.junit.jupiter.api.Test;

/**
 * {@link CompiledRoles#readsEverythingBelow} lets a Get skip the per-item questions of a subtree, so it must never say
 * true where {@link CompiledRoles#rights} would deny reading one object or parameter at or below the path (the
 * privacy rule of issue 20: the same decisions, asked once). Checked on the shipped kinds of roles and on 3,000 random
 * role sets (targets plain, wildcard, instance, exact, search; Orders with ties; enabled or not), each asked about
 * every object path of a small model and every path below it; and it must say true where the answer is plainly
 * everything (full access), or the shortcut would never be taken.
 */
class ReadsEverythingBelowTest {
    /** Object paths of a small model, and the paths at or below each that a Get may ask about. */
    private static final List<String> OBJECTS = List.of("Device.", "Device.ProxiedDevice.", "Device.ProxiedDevice.1.",
            "Device.ProxiedDevice.2.", "Device.ProxiedDevice.1.IoTCapability.",
            "Device.ProxiedDevice.1.IoTCapability.2.",
            "Device.ProxiedDevice.2.IoTCapability.1.BinaryControl.", "Device.LocalAgent.",
            "Device.LocalAgent.Subscription.", "Device.LocalAgent.Subscription.2.", "Device.DeviceInfo.",
            "Device.X_CPEBRIDGE_Privacy.");
    private static final List<String> BELOW = List.of("", "Name", "Alias", "IoTCapability.", "IoTCapability.1.",
            "IoTCapability.2.Name", "IoTCapability.2.BinaryControl.", "IoTCapability.2.BinaryControl.Value",
            "ProxiedDevice.", "ProxiedDevice.1.", "ProxiedDevice.2.Name", "ProxiedDevice.1.IoTCapability.2.Name",
            "ProxiedDevice.2.IoTCapability.1.BinaryControl.Value", "LocalAgent.", "LocalAgent.EndpointID",
            "LocalAgent.Subscription.2.Enable", "Subscription.2.", "Subscription.2.Enable", "2.Enable", "1.Name",
            "2.IoTCapability.1.BinaryControl.Value", "BinaryControl.", "Value", "SerialNumber",
            "DeviceInfo.SerialNumber",
            "X_CPEBRIDGE_Privacy.Grant.", "Enable", "1.", "2.");
    private static final List<String> TARGETS = List.of("Device.", "Device.ProxiedDevice.", "Device.ProxiedDevice.*.",
            "Device.ProxiedDevice.{i}.", "Device.ProxiedDevice.1.", "Device.ProxiedDevice.2.Name",
            "Device.ProxiedDevice.*.Name", "Device.ProxiedDevice.1.IoTCapability.",
            "Device.ProxiedDevice.*.IoTCapability.*.BinaryControl.Value", "Device.ProxiedDevice.*.IoTCapability.2.",
            "Device.ProxiedDevice", "Device.ProxiedDevice.1", "Device.LocalAgent.", "Device.LocalAgent.Subscription.",
            "Device.LocalAgent.Subscription.2.Enable", "Device.DeviceInfo.SerialNumber", "Device.X_CPEBRIDGE_Privacy.",
            "Device.ProxiedDevice.[Name==\"a\"].", "Device.ProxiedDevice.[Name==\"b\"].Name", "Other.", "Device..A");
    private static final List<String> RIGHTS = List.of("rwxn", "r---", "----", "-w--", "r--n", "---n");
    /** Search targets: Name=="a" is row 2, Name=="b" is row 1. */
    private static final TargetExpander EXPANDER = target -> target.contains("\"a\"")
            ? List.of(target.replace("[Name==\"a\"]", "2")) : List.of(target.replace("[Name==\"b\"]", "1"));

    @Test
    void neverSaysTrueWhereOnePathAtOrBelowIsNotReadableOnRandomRoles() {
        Random random = new Random(20);
        int trueAnswers = 0;
        for (int set = 0; set < 3000; set++) {
            List<Role> roles = new ArrayList<>();
            for (int r = random.nextInt(3); r >= 0; r--) {
                List<Permission> permissions = new ArrayList<>();
                for (int p = random.nextInt(5); p >= 0; p--) {
                    List<String> targets = new ArrayList<>();
                    for (int t = random.nextInt(2); t >= 0; t--) {
                        targets.add(TARGETS.get(random.nextInt(TARGETS.size())));
                    }
                    permissions.add(new Permission(random.nextInt(8) > 0, 1 + random.nextInt(3), targets,
                            rights(random), rights(random), rights(random), rights(random)));
                }
                roles.add(new Role("R" + r, random.nextInt(6) > 0, permissions));
            }
            trueAnswers += check(CompiledRoles.of(roles));
        }
        assertTrue(trueAnswers > 1000, "the random roles must also give the shortcut: " + trueAnswers);
    }

    @Test
    void fullAccessReadsEverythingAndTheShippedRolesOnlyWhereTheyDo() {
        Role isp = new Role("ISP-Operations", true, List.of(
                Permission.of(1, "Device.", "r--n", "r--n", "r--n", "r--n"),
                Permission.of(2, "Device.LocalAgent.Subscription.", "rw-n", "rw-n", "rw-n", "r--n"),
                Permission.of(3, "Device.SelfTestDiagnostics(),Device.Reboot()", "----", "----", "----", "r-xn"),
                Permission.of(4, "Device.X_CPEBRIDGE_Privacy.", "----", "----", "----", "----"),
                Permission.of(5, "Device.X_CPEBRIDGE_Privacy.DailyEnergy.", "r---", "r---", "r---", "----")));
        CompiledRoles full = CompiledRoles.of(List.of(Role.fullAccess()));
        CompiledRoles ispRoles = CompiledRoles.of(List.of(isp));
        for (String object : OBJECTS) {
            assertTrue(full.readsEverythingBelow(object), object);
        }
        assertTrue(ispRoles.readsEverythingBelow("Device.ProxiedDevice."));
        assertFalse(ispRoles.readsEverythingBelow("Device."), "the privacy objects are hidden from the ISP");
        assertFalse(ispRoles.readsEverythingBelow("Device.X_CPEBRIDGE_Privacy."));
        assertFalse(CompiledRoles.of(List.of()).readsEverythingBelow("Device."));
        check(ispRoles);
    }

    @Test
    void theAgentsPoliciesPassItOnOnlyWhereEveryLayerSaysSo() {
        AccessPolicy fullRoles = new RoleBasedAccessPolicy(c -> List.of(Role.fullAccess()));
        AccessPolicy someData = request -> request.device().isPresent() ? Rights.NONE : Rights.ALL;
        assertTrue(new LayeredAccessPolicy(fullRoles, AccessPolicy.FULL_ACCESS, p -> Optional.empty())
                .readsEverythingBelow("c", "Device.ProxiedDevice."));
        assertFalse(new LayeredAccessPolicy(fullRoles, someData, p -> Optional.empty())
                .readsEverythingBelow("c", "Device.ProxiedDevice."), "a privacy policy that may deny device data");
        // Another Controller's subscription rows: hidden from one that may not manage Controllers.
        AccessPolicy readOnly = new RoleBasedAccessPolicy(c -> List.of(new Role("Read", true,
                List.of(Permission.of(1, "Device.", "r---", "r---", "r---", "r---")))));
        OwnSubscriptions own = new OwnSubscriptions(readOnly, row -> Optional.of("someone else"));
        assertFalse(own.readsEverythingBelow("c", "Device.LocalAgent."));
        assertFalse(own.readsEverythingBelow("c", "Device.LocalAgent.Subscription.2."));
        assertTrue(own.readsEverythingBelow("c", "Device.ProxiedDevice."));
        assertTrue(new OwnSubscriptions(fullRoles, row -> Optional.of("someone else"))
                .readsEverythingBelow("c", "Device.LocalAgent."), "full access manages Controllers");
    }

    /** Asserts the answer on every object path; returns how many were true. */
    private static int check(CompiledRoles roles) {
        int trueAnswers = 0;
        for (String object : OBJECTS) {
            if (!roles.readsEverythingBelow(object)) {
                continue;
            }
            trueAnswers++;
            for (String below : BELOW) {
                String path = object + below;
                assertTrue(roles.rights(TargetKind.PARAMETER, path, EXPANDER).read()
                        && roles.rights(TargetKind.OBJECT, path, EXPANDER).read(),
                        () -> path + " is not readable under " + roles.roles());
            }
        }
        return trueAnswers;
    }

    private static Rights rights(Random random) {
        return Rights.parse(RIGHTS.get(random.nextInt(RIGHTS.size())));
    }
}
