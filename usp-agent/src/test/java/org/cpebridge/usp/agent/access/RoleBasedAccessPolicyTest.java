package org.cpebridge.usp.agent.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.cpebridge.core.model.DeviceId;
import org.cpebridge.core.model.PrivacyClass;
import org.cpebridge.privacy.policy.AccessPolicy;
import org.cpebridge.privacy.policy.AccessRequest;
import org.cpebridge.privacy.policy.DeviceTarget;
import org.cpebridge.privacy.policy.Rights;
import org.cpebridge.privacy.policy.TargetKind;
import org.junit.jupiter.api.Test;

/** ControllerTrust semantics from TR-181 Device:2.19 Permission.{i} and TR-369 "A Controller's Role". */
class RoleBasedAccessPolicyTest {

    @Test
    void rightsStrings() {
        assertEquals(new Rights(true, false, true, false), Rights.parse("r-x-"));
        assertEquals(Rights.ALL, Rights.parse("rwxn"));
        assertEquals(Rights.NONE, Rights.parse("----"));
        assertEquals("r--n", Rights.parse("r--n").toString());
        for (String bad : new String[] {"rwx", "rwxnn", "wrxn", "R---", "r-x?"}) {
            assertThrows(IllegalArgumentException.class, () -> Rights.parse(bad), bad);
        }
    }

    @Test
    void partialTargetCoversSubtreeExactTargetOnlyItself() {
        Permission p = Permission.of(1, "Device.LocalAgent., Device.DeviceInfo.Manufacturer", "r---", "r---",
                "r---", "----");
        assertTrue(p.covers("Device.LocalAgent.Controller.1.EndpointID"));
        assertTrue(p.covers("Device.LocalAgent."));
        assertTrue(p.covers("Device.DeviceInfo.Manufacturer"));
        assertFalse(p.covers("Device.DeviceInfo.SoftwareVersion"));
        assertFalse(p.covers("Device.DeviceInfo.Manufacturer2"));
        assertFalse(p.covers("Device."));
    }

    @Test
    void wildcardTargetsMatchInstanceNumbersAndTables() {
        Permission p = Permission.of(1, "Device.ProxiedDevice.*.IoTCapability.*.BinaryControl.", "r---", "r---",
                "r---", "--x-");
        assertTrue(p.covers("Device.ProxiedDevice.4.IoTCapability.2.BinaryControl.Value"));
        assertTrue(p.covers("Device.ProxiedDevice.4.IoTCapability.2.BinaryControl.Toggle()"));
        assertTrue(p.covers("Device.ProxiedDevice.{i}.IoTCapability.{i}.BinaryControl."));
        assertFalse(p.covers("Device.ProxiedDevice.4.IoTCapability.2.LevelControl.Value"));
        assertFalse(p.covers("Device.ProxiedDevice.[Alias==\"x\"].IoTCapability.2.BinaryControl.Value"));
    }

    @Test
    void tp469_2_21_higherOrderWinsWithinARole() {
        Role isp = new Role("ISP", true, List.of(
                Permission.of(1, "Device.", "r---", "r---", "r---", "r---"),
                Permission.of(5, "Device.ProxiedDevice.", "----", "----", "----", "----"),
                Permission.of(9, "Device.ProxiedDevice.*.Online", "r---", "----", "----", "----")));
        assertEquals(Rights.parse("r---"), isp.rights(TargetKind.PARAMETER, "Device.DeviceInfo.Manufacturer"));
        assertEquals(Rights.NONE, isp.rights(TargetKind.PARAMETER, "Device.ProxiedDevice.1.Name"));
        assertEquals(Rights.parse("r---"), isp.rights(TargetKind.PARAMETER, "Device.ProxiedDevice.1.Online"));
        assertEquals(Rights.NONE, isp.rights(TargetKind.OBJECT, "Device.ProxiedDevice.1.Online"));
    }

    @Test
    void rolesCombineByUnionAndDisabledThingsCountForNothing() {
        Role reader = new Role("Reader", true, List.of(Permission.of(1, "Device.", "r---", "r---", "r---", "----")));
        Role operator = new Role("Operator", true,
                List.of(Permission.of(1, "Device.", "-w--", "-w--", "-w--", "--x-")));
        Role off = new Role("Off", false, List.of(Permission.of(1, "Device.", "rwxn", "rwxn", "rwxn", "rwxn")));
        Permission disabled = new Permission(false, 100, List.of("Device."), Rights.ALL, Rights.ALL, Rights.ALL,
                Rights.ALL);
        Role withDisabled = new Role("D", true, List.of(disabled));
        AccessPolicy policy = new RoleBasedAccessPolicy(Map.of(
                "proto::a", List.of(reader, operator),
                "proto::b", List.of(off, withDisabled))::get);
        assertEquals(Rights.parse("rw--"), policy.rights("proto::a", TargetKind.PARAMETER, "Device.X.Y"));
        assertEquals(Rights.parse("--x-"), policy.rights("proto::a", TargetKind.COMMAND_EVENT, "Device.Reboot()"));
        assertEquals(Rights.NONE, policy.rights("proto::b", TargetKind.PARAMETER, "Device.X.Y"));
    }

    @Test
    void defaults() {
        assertEquals(Rights.ALL, AccessPolicy.FULL_ACCESS.rights("proto::x", TargetKind.OBJECT, "Device."));
        assertEquals(Rights.ALL, Role.fullAccess().rights(TargetKind.INSTANTIATED_OBJECT, "Device.A.1."));
        assertEquals(Rights.NONE, Role.untrusted().rights(TargetKind.PARAMETER, "Device.A.1.B"));
        assertThrows(IllegalArgumentException.class, () -> Permission.of(-1, "Device.", "----", "----", "----",
                "----"));
    }

    @Test
    void targetListsSplitOutsideSearchExpressions() {
        assertEquals(List.of("Device.A.[B==\"x,y\"].", "Device.C."),
                Permission.splitTargets(" Device.A.[B==\"x,y\"]. ,, Device.C.,"));
        assertEquals(List.of("Device.[B==\"x"), Permission.splitTargets("Device.[B==\"x"), "unbalanced stays one item");
        assertEquals(List.of(), Permission.splitTargets(""));
    }

    @Test
    void searchTargetsCoverWhatTheExpanderResolvesThemTo() {
        String target = "Device.ProxiedDevice.[Type==\"Light\"].";
        List<String> asked = new ArrayList<>();
        TargetExpander lights = t -> {
            asked.add(t);
            return t.equals(target) ? List.of("Device.ProxiedDevice.4.", "Device.ProxiedDevice.7.") : List.of();
        };
        Permission hide = Permission.of(2, target, "----", "r---", "r---", "----");
        assertTrue(hide.covers("Device.ProxiedDevice.4.Name", lights));
        assertTrue(hide.covers("Device.ProxiedDevice.7.IoTCapability.1.BinaryControl.Value", lights));
        assertFalse(hide.covers("Device.ProxiedDevice.3.Name", lights));
        assertFalse(hide.covers("Device.ProxiedDevice.4.Name"), "without an expander a search covers nothing");
        Role role = new Role("R", true, List.of(Permission.of(1, "Device.", "r---", "r---", "r---", "----"), hide));
        assertEquals(Rights.NONE, role.rights(TargetKind.PARAMETER, "Device.ProxiedDevice.4.Name", lights));
        assertEquals(Rights.parse("r---"), role.rights(TargetKind.PARAMETER, "Device.ProxiedDevice.3.Name", lights));
        asked.clear();
        Role higherPlain = new Role("R", true, List.of(hide, Permission.of(9, "Device.", "r---", "r---", "r---",
                "----")));
        higherPlain.rights(TargetKind.PARAMETER, "Device.ProxiedDevice.3.Name", lights);
        assertEquals(List.of(), asked, "a search target that cannot outrank the covering permission is not evaluated");
    }

    @Test
    void layeredPolicyAllowsWhatBothAllowAndLooksUpDevicesOnlyWhenNeeded() {
        DeviceId plug = DeviceId.of("zigbee", "0x01");
        List<String> lookedUp = new ArrayList<>();
        Function<String, Optional<DeviceTarget>> devices = path -> {
            lookedUp.add(path);
            return Optional.of(new DeviceTarget(plug, "onOff", "on", PrivacyClass.STATE));
        };
        AccessPolicy roles = r -> r.controllerId().equals("proto::isp") ? Rights.parse("r--n") : Rights.NONE;
        AccessPolicy noNotify = r -> r.device().isPresent() ? Rights.parse("rwx-") : Rights.NONE;
        AccessPolicy layered = new LayeredAccessPolicy(roles, noNotify, devices);
        assertEquals(Rights.parse("r---"), layered.rights("proto::isp", TargetKind.PARAMETER, "Device.P.1.V"));
        assertEquals(List.of("Device.P.1.V"), lookedUp);
        assertEquals(Rights.NONE, layered.rights("proto::other", TargetKind.PARAMETER, "Device.P.1.V"));
        assertEquals(1, lookedUp.size(), "roles deny: no lookup");
        AccessPolicy defaultPrivacy = new LayeredAccessPolicy(roles, AccessPolicy.FULL_ACCESS, devices);
        assertEquals(Rights.parse("r--n"), defaultPrivacy.rights("proto::isp", TargetKind.PARAMETER, "Device.P.1.V"));
        assertEquals(1, lookedUp.size(), "full-access privacy: no lookup");
        AccessPolicy everythingToIsp = new AccessPolicy() {
            @Override
            public Rights rights(AccessRequest request) {
                return Rights.NONE; // never asked: it allows everything to the one Controller the roles allow
            }

            @Override
            public boolean allowsEverything(String controllerId) {
                return controllerId.equals("proto::isp");
            }
        };
        assertEquals(Rights.parse("r--n"), new LayeredAccessPolicy(roles, everythingToIsp, devices)
                .rights("proto::isp", TargetKind.PARAMETER, "Device.P.1.V"));
        assertEquals(1, lookedUp.size(), "a privacy policy that allows the Controller everything: no lookup");
    }

    @Test
    void aClassThePathAloneTellsSkipsTheLookupOnlyWhereThePrivacyPolicyReachesIt() {
        DeviceId plug = DeviceId.of("zigbee", "0x01");
        List<String> lookedUp = new ArrayList<>();
        Function<String, Optional<DeviceTarget>> devices = path -> {
            lookedUp.add(path);
            return Optional.of(new DeviceTarget(plug, "", "", path.endsWith("Name") ? PrivacyClass.IDENTITY
                    : PrivacyClass.INVENTORY));
        };
        Function<String, PrivacyClass> classOfPath = path -> path.endsWith("Name") ? PrivacyClass.IDENTITY
                : path.endsWith("Type") ? PrivacyClass.INVENTORY : null;
        AccessPolicy roles = r -> Rights.parse("r--n");
        // Reaches INVENTORY only, and says so; its rights() would also give INVENTORY everything.
        AccessPolicy inventoryOnly = new AccessPolicy() {
            @Override
            public Rights rights(AccessRequest request) {
                return request.device().map(d -> d.privacy() == PrivacyClass.INVENTORY).orElse(true) ? Rights.ALL
                        : Rights.NONE;
            }

            @Override
            public boolean reaches(String controllerId, PrivacyClass privacy) {
                return privacy == PrivacyClass.INVENTORY;
            }
        };
        AccessPolicy layered = new LayeredAccessPolicy(roles, inventoryOnly, devices, classOfPath);
        assertEquals(Rights.parse("r--n"), layered.rights("proto::isp", TargetKind.PARAMETER, "Device.P.1.Type"));
        assertEquals(List.of(), lookedUp, "INVENTORY is reached whatever the device: no lookup");
        assertEquals(Rights.NONE, layered.rights("proto::isp", TargetKind.PARAMETER, "Device.P.1.Name"));
        assertEquals(List.of("Device.P.1.Name"), lookedUp, "a class it does not reach: the device decides");
        assertEquals(Rights.parse("r--n"), layered.rights("proto::isp", TargetKind.PARAMETER, "Device.P.1.Value"));
        assertEquals(List.of("Device.P.1.Name", "Device.P.1.Value"), lookedUp, "the path does not tell: lookup");
        // A policy that does not say what it reaches is asked with the device, as before.
        AccessPolicy silent = inventoryOnly::rights;
        assertEquals(Rights.parse("r--n"), new LayeredAccessPolicy(roles, silent, devices, classOfPath)
                .rights("proto::isp", TargetKind.PARAMETER, "Device.P.1.Type"));
        assertEquals(3, lookedUp.size());
    }
}
