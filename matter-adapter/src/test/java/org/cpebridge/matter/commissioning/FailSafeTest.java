package org.cpebridge.matter.commissioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.cpebridge.core.testing.ManualClock;
import org.junit.jupiter.api.Test;

class FailSafeTest {

    private final ManualClock clock = new ManualClock();
    private final FailSafe failSafe = new FailSafe(clock, Duration.ofSeconds(900));
    private final List<String> undone = new ArrayList<>();

    @Test
    void expiryRollsBackEveryPendingChangeNewestFirst() {
        assertEquals(FailSafe.ArmResult.OK, failSafe.arm(FailSafe.Holder.paseSession(0), Duration.ofSeconds(60)));
        failSafe.onRollback("trusted root", () -> undone.add("root"));
        failSafe.onRollback("noc", () -> undone.add("noc"));
        failSafe.onRollback("acl", () -> undone.add("acl"));
        clock.advance(Duration.ofSeconds(59));
        assertFalse(failSafe.checkExpiry());
        clock.advance(Duration.ofSeconds(1));
        assertTrue(failSafe.checkExpiry());
        assertEquals(List.of("acl", "noc", "root"), undone);
        assertFalse(failSafe.isArmed());
        assertFalse(failSafe.checkExpiry(), "nothing to roll back twice");
        assertEquals(3, undone.size());
    }

    @Test
    void commitKeepsTheChanges() {
        failSafe.arm(FailSafe.Holder.paseSession(0), Duration.ofSeconds(60));
        failSafe.onRollback("noc", () -> undone.add("noc"));
        failSafe.fabricAdded(1);
        failSafe.commit();
        clock.advance(Duration.ofMinutes(5));
        assertFalse(failSafe.checkExpiry());
        assertTrue(undone.isEmpty());
        assertTrue(failSafe.addedFabric().isEmpty());
    }

    @Test
    void extendingNeverPassesTheCumulativeLimit() {
        failSafe.arm(FailSafe.Holder.fabric(1), Duration.ofSeconds(600));
        clock.advance(Duration.ofSeconds(500));
        failSafe.arm(FailSafe.Holder.fabric(1), Duration.ofSeconds(600));
        assertEquals(clock.instant().plusSeconds(400), failSafe.expiresAt().orElseThrow());
    }

    @Test
    void anotherAdministratorIsBusyAndZeroDisarms() {
        failSafe.arm(FailSafe.Holder.fabric(1), Duration.ofSeconds(60));
        failSafe.onRollback("label", () -> undone.add("label"));
        assertEquals(FailSafe.ArmResult.BUSY_WITH_OTHER_ADMIN,
                failSafe.arm(FailSafe.Holder.fabric(2), Duration.ofSeconds(60)));
        assertEquals(FailSafe.ArmResult.OK, failSafe.arm(FailSafe.Holder.fabric(1), Duration.ZERO));
        assertEquals(List.of("label"), undone);
        assertFalse(failSafe.isArmed());
        assertThrows(IllegalStateException.class, () -> failSafe.onRollback("x", () -> { }));
    }

    @Test
    void aFailingRollbackDoesNotStopTheOthers() {
        failSafe.arm(FailSafe.Holder.paseSession(0), Duration.ofSeconds(1));
        failSafe.onRollback("first", () -> undone.add("first"));
        failSafe.onRollback("broken", () -> {
            throw new IllegalStateException("bug");
        });
        clock.advance(Duration.ofSeconds(1));
        assertTrue(failSafe.checkExpiry());
        assertEquals(List.of("first"), undone);
    }
}
