package org.cpebridge.privacy.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.cpebridge.core.model.DeviceId;
import org.cpebridge.core.model.PrivacyClass;
import org.junit.jupiter.api.Test;

/** The seam the USP agent calls: rights arithmetic, the request record and the full-access default. */
class AccessPolicySeamTest {

    @Test
    void rightsParseTheUspPermissionStringExactly() {
        // TR-181 Device:2.19 Permission.{i}.Param: 4 characters, always in the order rwxn, '-' for a missing right.
        assertEquals(new Rights(true, false, true, false), Rights.parse("r-x-"));
        assertEquals("r--n", Rights.parse("r--n").toString());
        for (String bad : new String[] {"", "rwx", "rwxnn", "wrxn", "RWXN", "r x-", "----\n"}) {
            assertThrows(IllegalArgumentException.class, () -> Rights.parse(bad), bad);
        }
    }

    @Test
    void andKeepsWhatBothAllowOrKeepsWhatEitherAllows() {
        assertEquals(Rights.parse("r---"), Rights.parse("rw--").and(Rights.parse("r--n")));
        assertEquals(Rights.parse("rw-n"), Rights.parse("rw--").or(Rights.parse("r--n")));
        assertEquals(Rights.NONE, Rights.ALL.and(Rights.NONE));
    }

    @Test
    void fullAccessAllowsEverythingWithOrWithoutADevice() {
        DeviceTarget plug = new DeviceTarget(DeviceId.of("zigbee", "0x01"), "onOff", "on", PrivacyClass.STATE);
        AccessRequest bare = AccessRequest.of("proto::isp", TargetKind.PARAMETER, "Device.X.1.Value");
        assertEquals(Optional.empty(), bare.device());
        assertEquals(Optional.of(plug), bare.withDevice(Optional.of(plug)).device());
        assertEquals(Rights.ALL, AccessPolicy.FULL_ACCESS.rights(bare.withDevice(Optional.of(plug))));
        assertEquals(Rights.ALL, AccessPolicy.FULL_ACCESS.rights("proto::isp", TargetKind.COMMAND_EVENT, "Device.X()"));
    }

    @Test
    void aPolicyCanDecideByPrivacyClassAlone() {
        AccessPolicy noState = r -> r.device().map(d -> d.privacy() == PrivacyClass.STATE).orElse(false)
                ? Rights.NONE : Rights.ALL;
        DeviceTarget value = new DeviceTarget(DeviceId.of("zigbee", "0x01"), "onOff", "on", PrivacyClass.STATE);
        DeviceTarget name = new DeviceTarget(DeviceId.of("zigbee", "0x01"), "", "name", PrivacyClass.IDENTITY);
        AccessRequest request = AccessRequest.of("proto::isp", TargetKind.PARAMETER, "Device.X.1.Value");
        assertEquals(Rights.NONE, noState.rights(request.withDevice(Optional.of(value))));
        assertEquals(Rights.ALL, noState.rights(request.withDevice(Optional.of(name))));
    }

    @Test
    void requestsNeedEveryField() {
        assertThrows(NullPointerException.class, () -> AccessRequest.of(null, TargetKind.OBJECT, "Device."));
        assertThrows(NullPointerException.class, () -> new DeviceTarget(DeviceId.of("zigbee", "0x01"), "", "",
                null));
    }
}
