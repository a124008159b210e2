package org.cpebridge.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.EnumSet;
import org.cpebridge.core.model.PrivacyClass;
import org.junit.jupiter.api.Test;

class PlainWordsTest {

    @Test
    void anIspOperationsControllerInTheIssuesWords() {
        assertEquals("It can see: which devices you have, whether they work, battery levels. It cannot see: vendor, "
                + "model and serial numbers, readings and whether things are on, when they are used, energy use. It "
                + "cannot control them.", PlainWords.describe(EnumSet.of(PrivacyClass.INVENTORY, PrivacyClass.HEALTH)));
    }

    @Test
    void everythingAndNothing() {
        assertEquals("It can see: vendor, model and serial numbers, which devices you have, whether they work, battery "
                + "levels, readings and whether things are on, when they are used, energy use. It can control them.",
                PlainWords.describe(EnumSet.allOf(PrivacyClass.class)));
        assertEquals("It can see nothing of your devices. It cannot see: vendor, model and serial numbers, which "
                + "devices you have, whether they work, battery levels, readings and whether things are on, when "
                + "they are used, energy use. It cannot control them.",
                PlainWords.describe(EnumSet.noneOf(PrivacyClass.class)));
    }
}
