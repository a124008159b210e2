package org.cpebridge.privacy.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cpebridge.core.model.DeviceId;
import org.cpebridge.core.model.PrivacyClass;
import org.cpebridge.core.store.FileDurableStore;
import org.cpebridge.core.testing.ManualClock;
import org.cpebridge.privacy.grant.GrantBook;
import org.cpebridge.privacy.grant.GrantScope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Roles by privacy class, the household's everything, and grants on top. */
class HouseholdPrivacyPolicyTest {
    private static final DeviceId PLUG = new DeviceId("fake", "plug");
    private static final String VALUE = "Device.ProxiedDevice.3.IoTCapability.1.BinaryControl.Value";

    @TempDir
    java.nio.file.Path dir;

    private final ManualClock clock = new ManualClock();
    private final Map<String, List<String>> roles = Map.of("home", List.of("Household"),
            "isp", List.of("ISP-Operations"), "stranger", List.of("Untrusted"));

    private HouseholdPrivacyPolicy policy(GrantBook grants) {
        return new HouseholdPrivacyPolicy(PrivacyRules.SHIPPED, id -> roles.getOrDefault(id, List.of("Untrusted")),
                grants, GrantScope.PLAIN);
    }

    private static AccessRequest on(String controller, String path, PrivacyClass privacy) {
        return AccessRequest.of(controller, TargetKind.PARAMETER, path)
                .withDevice(Optional.of(new org.cpebridge.privacy.policy.DeviceTarget(PLUG, "onOff", "on", privacy)));
    }

    @Test
    void eachShippedRoleReachesItsClasses() {
        HouseholdPrivacyPolicy policy = policy(new GrantBook(new FileDurableStore(dir), clock));
        for (PrivacyClass c : PrivacyClass.values()) {
            assertEquals(Rights.ALL, policy.rights(on("home", VALUE, c)), c.name());
            boolean isp = c == PrivacyClass.INVENTORY || c == PrivacyClass.HEALTH;
            assertEquals(isp ? Rights.ALL : Rights.NONE, policy.rights(on("isp", VALUE, c)), c.name());
            assertEquals(Rights.NONE, policy.rights(on("stranger", VALUE, c)), c.name());
        }
        // No device behind the path: the ControllerTrust rows decide alone.
        assertEquals(Rights.ALL, policy.rights("isp", TargetKind.PARAMETER, "Device.LocalAgent.EndpointID"));
        assertTrue(policy.isHousehold("home"));
        assertFalse(policy.isHousehold("isp"));
        // So the agent skips the device lookup for the household's Controllers.
        assertTrue(policy.allowsEverything("home"));
        assertFalse(policy.allowsEverything("isp"));
        assertTrue(AccessPolicy.FULL_ACCESS.allowsEverything("isp"));
        // What the agent asks before it looks a device up: the classes rights() gives everything on.
        for (PrivacyClass c : PrivacyClass.values()) {
            assertTrue(policy.reaches("home", c), c.name());
            assertEquals(c == PrivacyClass.INVENTORY || c == PrivacyClass.HEALTH, policy.reaches("isp", c), c.name());
            assertFalse(policy.reaches("stranger", c), c.name());
        }
    }

    @Test
    void whatAControllerReachesFollowsItsRolesAndGrantsDoNotWidenIt() throws Exception {
        java.util.List<String> names = new java.util.ArrayList<>(List.of("ISP-Operations"));
        GrantBook grants = new GrantBook(new FileDurableStore(dir), clock);
        HouseholdPrivacyPolicy policy = new HouseholdPrivacyPolicy(PrivacyRules.SHIPPED, id -> names, grants,
                GrantScope.PLAIN);
        assertTrue(policy.reaches("isp", PrivacyClass.HEALTH));
        assertEquals(Rights.ALL, policy.rights(on("isp", VALUE, PrivacyClass.HEALTH)));
        // The same list changed in place (a role taken away): the next question sees it.
        names.set(0, "Untrusted");
        assertFalse(policy.reaches("isp", PrivacyClass.HEALTH));
        assertEquals(Rights.NONE, policy.rights(on("isp", VALUE, PrivacyClass.HEALTH)));
        names.set(0, "Household");
        assertTrue(policy.reaches("isp", PrivacyClass.STATE));
        assertTrue(policy.isHousehold("isp"));
        names.set(0, "ISP-Operations");
        assertFalse(policy.isHousehold("isp"));
        // A grant opens a scope (a device, a path), not a class everywhere: reaches() stays false for it.
        grants.grant("isp", "Device.ProxiedDevice.3.", "STATE", 7200, "support");
        assertEquals(Rights.parse("r--n"), policy.rights(on("isp", VALUE, PrivacyClass.STATE)));
        assertFalse(policy.reaches("isp", PrivacyClass.STATE));
    }

    @Test
    void aGrantOpensItsScopeForItsControllerUntilItExpires() throws Exception {
        GrantBook grants = new GrantBook(new FileDurableStore(dir), clock);
        HouseholdPrivacyPolicy policy = policy(grants);
        grants.grant("isp", "Device.ProxiedDevice.3.", "STATE", 7200, "support may read the thermostat");
        assertEquals(Rights.parse("r--n"), policy.rights(on("isp", VALUE, PrivacyClass.STATE)));
        assertEquals(Rights.NONE, policy.rights(on("isp", VALUE.replace(".3.", ".4."), PrivacyClass.STATE)));
        assertEquals(Rights.NONE, policy.rights(on("isp", VALUE, PrivacyClass.ENERGY)));
        assertEquals(Rights.NONE, policy.rights(on("stranger", VALUE, PrivacyClass.STATE)));
        clock.advance(Duration.ofSeconds(7199));
        assertTrue(policy.rights(on("isp", VALUE, PrivacyClass.STATE)).read());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(Rights.NONE, policy.rights(on("isp", VALUE, PrivacyClass.STATE)));
    }

    @Test
    void aControlGrantAllowsCommands() throws Exception {
        GrantBook grants = new GrantBook(new FileDurableStore(dir), clock);
        grants.grant("isp", "Device.ProxiedDevice.*.IoTCapability.1.", "CONTROL", 60, "");
        assertEquals(Rights.ALL, policy(grants).rights(on("isp",
                "Device.ProxiedDevice.3.IoTCapability.1.BinaryControl.Toggle()", PrivacyClass.CONTROL)));
    }
}
