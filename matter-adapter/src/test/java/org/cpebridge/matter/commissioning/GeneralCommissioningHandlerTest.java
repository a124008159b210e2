package org.cpebridge.matter.commissioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.cpebridge.core.testing.ManualClock;
import org.cpebridge.matter.cluster.AccessSubject;
import org.cpebridge.matter.cluster.ClusterInstance;
import org.cpebridge.matter.cluster.CommandResult;
import org.cpebridge.matter.cluster.CommandSpec;
import org.cpebridge.matter.cluster.DataModel;
import org.cpebridge.matter.cluster.standard.GeneralCommissioning;
import org.cpebridge.matter.cluster.standard.StandardEndpoints;
import org.cpebridge.matter.im.ImException;
import org.cpebridge.matter.im.ImStatus;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvTag;
import org.junit.jupiter.api.Test;

/** ArmFailSafe, SetRegulatoryConfig and CommissioningComplete as Matter core 11.10.7 describes them. */
class GeneralCommissioningHandlerTest {

    private final ManualClock clock = new ManualClock();
    private final FailSafe failSafe = new FailSafe(clock, Duration.ofSeconds(900));
    private final List<Duration> timers = new ArrayList<>();
    private final List<Integer> completed = new ArrayList<>();
    private final GeneralCommissioningHandler handler = new GeneralCommissioningHandler(failSafe, clock,
            new GeneralCommissioningHandler.Hooks() {
                @Override
                public void scheduleExpiryCheck(Duration delay) {
                    timers.add(delay);
                }

                @Override
                public void commissioningComplete(int fabricIndex) {
                    completed.add(fabricIndex);
                }
            });
    private final ClusterInstance cluster;

    GeneralCommissioningHandlerTest() {
        DataModel model = new DataModel(new SplittableRandom(1));
        StandardEndpoints.addRootNode(model);
        cluster = model.cluster(0, GeneralCommissioning.ID).orElseThrow();
        cluster.set(GeneralCommissioning.LOCATION_CAPABILITY, new TlvElement.UnsignedInt(TlvTag.anonymous(), 2));
        cluster.set(GeneralCommissioning.BREADCRUMB, new TlvElement.UnsignedInt(TlvTag.anonymous(), 0));
    }

    private CommandSpec command(long id) {
        return cluster.spec().commands().stream().filter(c -> c.id() == id).findFirst().orElseThrow();
    }

    private static TlvElement fields(TlvElement... members) {
        return new TlvElement.Structure(TlvTag.anonymous(), List.of(members));
    }

    private static TlvElement uint(int tag, long value) {
        return new TlvElement.UnsignedInt(TlvTag.context(tag), value);
    }

    private static long errorCode(CommandResult result) {
        TlvElement.Structure response = (TlvElement.Structure) assertInstanceOf(CommandResult.Response.class, result)
                .fields();
        return ((TlvElement.UnsignedInt) response.members().get(0)).value();
    }

    private long breadcrumb() {
        return ((TlvElement.UnsignedInt) cluster.value(GeneralCommissioning.BREADCRUMB).orElseThrow()).value();
    }

    @Test
    void armFailSafeOverPaseSetsBreadcrumbAndTimer() throws Exception {
        CommandResult result = handler.invoke(AccessSubject.ofPase(), cluster,
                command(GeneralCommissioning.ARM_FAIL_SAFE), fields(uint(0, 60), uint(1, 7)));
        assertEquals(0, errorCode(result));
        assertEquals(7, breadcrumb());
        assertEquals(List.of(Duration.ofSeconds(60)), timers);
        assertTrue(failSafe.isArmed());

        // Expiry rolls the breadcrumb back to 0.
        clock.advance(Duration.ofSeconds(60));
        assertTrue(failSafe.checkExpiry());
        assertEquals(0, breadcrumb());
    }

    @Test
    void aSecondAdministratorIsBusy() throws Exception {
        handler.invoke(AccessSubject.ofCase(1, 100), cluster, command(GeneralCommissioning.ARM_FAIL_SAFE),
                fields(uint(0, 60), uint(1, 0)));
        assertEquals(4, errorCode(handler.invoke(AccessSubject.ofCase(2, 200), cluster,
                command(GeneralCommissioning.ARM_FAIL_SAFE), fields(uint(0, 60), uint(1, 0)))));
    }

    @Test
    void setRegulatoryConfigAcceptsTheEmptyCountryCodeGoogleSends() throws Exception {
        assertEquals(0, errorCode(handler.invoke(AccessSubject.ofPase(), cluster,
                command(GeneralCommissioning.SET_REGULATORY_CONFIG),
                fields(uint(0, 0), new TlvElement.Utf8(TlvTag.context(1), ""), uint(2, 3)))));
        assertEquals(3, breadcrumb());
        assertEquals(0, errorCode(handler.invoke(AccessSubject.ofPase(), cluster,
                command(GeneralCommissioning.SET_REGULATORY_CONFIG),
                fields(uint(0, 2), new TlvElement.Utf8(TlvTag.context(1), "DE"), uint(2, 4)))));
        ImException bad = assertThrows(ImException.class, () -> handler.invoke(AccessSubject.ofPase(), cluster,
                command(GeneralCommissioning.SET_REGULATORY_CONFIG),
                fields(uint(0, 0), new TlvElement.Utf8(TlvTag.context(1), "DEU"), uint(2, 4))));
        assertEquals(ImStatus.CONSTRAINT_ERROR, bad.status());
        assertEquals(1, errorCode(handler.invoke(AccessSubject.ofPase(), cluster,
                command(GeneralCommissioning.SET_REGULATORY_CONFIG),
                fields(uint(0, 3), new TlvElement.Utf8(TlvTag.context(1), ""), uint(2, 4)))));
        assertThrows(ImException.class, () -> handler.invoke(AccessSubject.ofPase(), cluster,
                command(GeneralCommissioning.SET_REGULATORY_CONFIG), fields(uint(0, 0))));
    }

    @Test
    void commissioningCompleteOnlyFromTheNewFabricOverCase() throws Exception {
        CommandSpec complete = command(GeneralCommissioning.COMMISSIONING_COMPLETE);
        assertEquals(3, errorCode(handler.invoke(AccessSubject.ofCase(1, 100), cluster, complete, fields())));
        handler.invoke(AccessSubject.ofPase(), cluster, command(GeneralCommissioning.ARM_FAIL_SAFE),
                fields(uint(0, 60), uint(1, 1)));
        assertEquals(2, errorCode(handler.invoke(AccessSubject.ofPase(), cluster, complete, fields())));
        failSafe.fabricAdded(1);
        assertEquals(2, errorCode(handler.invoke(AccessSubject.ofCase(2, 200), cluster, complete, fields())));
        assertEquals(0, errorCode(handler.invoke(AccessSubject.ofCase(1, 100), cluster, complete, fields())));
        assertEquals(List.of(1), completed);
        assertFalse(failSafe.isArmed());
        assertEquals(0, breadcrumb());
    }
}
