package org.cpebridge.usp.agent.notify;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** ReferenceList matching of TR-369 "Notifications and Subscriptions" (Partial Paths, wildcards). */
class ReferenceMatcherTest {
    private static final String VALUE = "Device.ProxiedDevice.3.IoTCapability.1.BinaryControl.Value";

    @Test
    void parameterPathMatchesOnlyItself() {
        assertTrue(ReferenceMatcher.matches(VALUE, VALUE));
        assertFalse(ReferenceMatcher.matches(VALUE, "Device.ProxiedDevice.3.IoTCapability.1.BinaryControl.Type"));
        assertFalse(ReferenceMatcher.matches("Device.ProxiedDevice.3.Name", "Device.ProxiedDevice.3.Name.X"));
    }

    @Test
    void partialPathCoversEverythingBelow() {
        assertTrue(ReferenceMatcher.matches("Device.ProxiedDevice.", VALUE));
        assertTrue(ReferenceMatcher.matches("Device.ProxiedDevice.3.", VALUE));
        assertTrue(ReferenceMatcher.matches("Device.", VALUE));
        assertFalse(ReferenceMatcher.matches("Device.ProxiedDevice.4.", VALUE));
        assertFalse(ReferenceMatcher.matches("Device.ProxiedDevice.3", VALUE), "no trailing dot: a parameter path");
    }

    @Test
    void wildcardStandsForAnyInstanceNumber() {
        assertTrue(ReferenceMatcher.matches("Device.ProxiedDevice.*.IoTCapability.*.BinaryControl.Value", VALUE));
        assertTrue(ReferenceMatcher.matches("Device.ProxiedDevice.*.", "Device.ProxiedDevice.12."));
        assertFalse(ReferenceMatcher.matches("Device.*.3.", VALUE), "* is for instance numbers only");
    }

    @Test
    void searchExpressionsNeverMatch() {
        assertFalse(ReferenceMatcher.matches("Device.ProxiedDevice.[Name==\"x\"].", VALUE));
        assertFalse(ReferenceMatcher.matches("Device.ProxiedDevice.{i}.", VALUE));
    }
}
