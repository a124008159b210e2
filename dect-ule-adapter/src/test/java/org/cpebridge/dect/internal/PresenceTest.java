package org.cpebridge.dect.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.cpebridge.dect.internal.Presence.Action;
import org.cpebridge.dect.internal.Presence.State;
import org.cpebridge.dect.internal.Presence.Transition;
import org.junit.jupiter.api.Test;

/** Every transition of {@link Presence}. */
class PresenceTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration AWAKE = Duration.ofMillis(1500);
    private static final Duration SILENCE = Duration.ofSeconds(90);

    private static Presence sleepy() {
        return new Presence(true, AWAKE, SILENCE, "no keep-alive for 3 periods");
    }

    private static Presence mains() {
        return new Presence(false, AWAKE, SILENCE, "no keep-alive for 3 periods");
    }

    private static Instant at(long millis) {
        return T0.plusMillis(millis);
    }

    private static void expect(Transition transition, State state, Action... actions) {
        assertEquals(state, transition.state());
        assertEquals(List.of(actions), transition.actions());
    }

    @Test
    void detachedRefusesAndIgnoresHeardAndTick() {
        Presence presence = sleepy();
        assertEquals(State.DETACHED, presence.state());
        Transition refused = presence.on(new Presence.Outgoing(at(0)));
        expect(refused, State.DETACHED, Action.REFUSE);
        assertEquals("no link to the device", refused.reason());
        expect(presence.on(new Presence.Heard(at(0))), State.DETACHED);
        expect(presence.on(new Presence.Tick(at(0))), State.DETACHED);
        expect(presence.on(new Presence.Detached(at(0), "gone")), State.DETACHED);
    }

    @Test
    void attachedIsAwakeAndReachable() {
        Presence presence = sleepy();
        expect(presence.on(new Presence.Attached(at(0))), State.AWAKE, Action.MARK_REACHABLE, Action.FLUSH_QUEUE);
        expect(presence.on(new Presence.Outgoing(at(1000))), State.AWAKE, Action.SEND_NOW);
    }

    @Test
    void sleepyDeviceFallsAsleepAfterTheWindowAndWakesWhenHeard() {
        Presence presence = sleepy();
        presence.on(new Presence.Attached(at(0)));
        expect(presence.on(new Presence.Tick(at(1499))), State.AWAKE);
        expect(presence.on(new Presence.Tick(at(1500))), State.ASLEEP);
        expect(presence.on(new Presence.Outgoing(at(2000))), State.ASLEEP, Action.QUEUE);
        expect(presence.on(new Presence.Heard(at(10_000))), State.AWAKE, Action.FLUSH_QUEUE);
        expect(presence.on(new Presence.Outgoing(at(10_100))), State.AWAKE, Action.SEND_NOW);
        // no tick in between: the send itself notices the window is over
        expect(presence.on(new Presence.Outgoing(at(11_600))), State.ASLEEP, Action.QUEUE);
    }

    @Test
    void mainsDeviceStaysAwake() {
        Presence presence = mains();
        presence.on(new Presence.Attached(at(0)));
        expect(presence.on(new Presence.Tick(at(60_000))), State.AWAKE);
        expect(presence.on(new Presence.Outgoing(at(60_000))), State.AWAKE, Action.SEND_NOW);
    }

    @Test
    void silenceMakesUnreachableAndHearingBringsItBack() {
        Presence sleepyOne = sleepy();
        for (Presence presence : List.of(sleepyOne, mains())) {
            presence.on(new Presence.Attached(at(0)));
            assertEquals(List.of(), presence.on(new Presence.Tick(at(90_000))).actions(), "not yet");
            Transition lost = presence.on(new Presence.Tick(at(90_001)));
            expect(lost, State.UNREACHABLE, Action.MARK_UNREACHABLE);
            assertEquals("no keep-alive for 3 periods", lost.reason());
            expect(presence.on(new Presence.Tick(at(120_000))), State.UNREACHABLE);
            // issue 19: an unreachable device is still tried (a sleepy one when it wakes up)
            expect(presence.on(new Presence.Outgoing(at(120_000))), State.UNREACHABLE,
                    presence == sleepyOne ? Action.QUEUE : Action.SEND_NOW);
            expect(presence.on(new Presence.Heard(at(130_000))), State.AWAKE, Action.MARK_REACHABLE,
                    Action.FLUSH_QUEUE);
        }
    }

    @Test
    void sendAfterLongSilenceMarksUnreachableWithoutATickAndStillTries() {
        Presence presence = mains();
        presence.on(new Presence.Attached(at(0)));
        Transition late = presence.on(new Presence.Outgoing(at(100_000)));
        expect(late, State.UNREACHABLE, Action.MARK_UNREACHABLE, Action.SEND_NOW);
        assertEquals("no keep-alive for 3 periods", late.reason());
    }

    @Test
    void mainsNodeWithoutKeepAliveStaysReachableWhileItsLinkIsUp() {
        Presence presence = new Presence(false, false, AWAKE, SILENCE, "no keep-alive for 3 periods");
        presence.on(new Presence.Attached(at(0)));
        expect(presence.on(new Presence.Tick(at(300_000))), State.AWAKE);
        expect(presence.on(new Presence.Outgoing(at(300_000))), State.AWAKE, Action.SEND_NOW);
    }

    @Test
    void sleepyDeviceIsWatchedEvenWithoutDeclaringKeepAlive() {
        Presence presence = new Presence(true, false, AWAKE, SILENCE, "no keep-alive for 3 periods");
        presence.on(new Presence.Attached(at(0)));
        expect(presence.on(new Presence.Tick(at(90_001))), State.UNREACHABLE, Action.MARK_UNREACHABLE);
    }

    @Test
    void twoUnansweredRequestsInARowMakeUnreachableAndAnAnswerBringsItBack() {
        Presence presence = new Presence(false, false, AWAKE, SILENCE, "no keep-alive for 3 periods");
        presence.on(new Presence.Attached(at(0)));
        expect(presence.on(new Presence.Unanswered(at(5_000), "did not answer within 5000 ms")), State.AWAKE);
        presence.on(new Presence.Heard(at(6_000)));
        expect(presence.on(new Presence.Unanswered(at(11_000), "did not answer within 5000 ms")), State.AWAKE);
        Transition lost = presence.on(new Presence.Unanswered(at(16_000), "did not answer within 5000 ms"));
        expect(lost, State.UNREACHABLE, Action.MARK_UNREACHABLE);
        assertEquals("did not answer within 5000 ms (2 requests in a row unanswered)", lost.reason());
        expect(presence.on(new Presence.Outgoing(at(17_000))), State.UNREACHABLE, Action.SEND_NOW);
        Transition back = presence.on(new Presence.Heard(at(17_100)));
        expect(back, State.AWAKE, Action.MARK_REACHABLE, Action.FLUSH_QUEUE);
        assertEquals("heard from it again", back.reason());
    }

    @Test
    void unboundNodeIsRefusedAndNotRevivedByPacketsUntilItIsAttachedAgain() {
        Presence presence = mains();
        presence.on(new Presence.Attached(at(0)));
        Transition unbound = presence.on(new Presence.Unbound(at(1_000), "forgot its address"));
        expect(unbound, State.UNBOUND, Action.FAIL_ALL, Action.MARK_UNREACHABLE);
        Transition refused = presence.on(new Presence.Outgoing(at(1_100)));
        expect(refused, State.UNBOUND, Action.REFUSE);
        assertEquals("forgot its address", refused.reason());
        expect(presence.on(new Presence.Heard(at(1_200))), State.UNBOUND);
        expect(presence.on(new Presence.Tick(at(200_000))), State.UNBOUND);
        expect(presence.on(new Presence.Attached(at(200_001))), State.AWAKE, Action.MARK_REACHABLE,
                Action.FLUSH_QUEUE);
        // from DETACHED (a node reconnecting after a bridge restart) it is unreachable at once, nothing to fail
        Presence fresh = mains();
        expect(fresh.on(new Presence.Unbound(at(0), "unchecked")), State.UNBOUND, Action.MARK_UNREACHABLE);
    }

    @Test
    void detachFromAnyLinkedStateFailsEverything() {
        for (int variant = 0; variant < 3; variant++) {
            Presence presence = sleepy();
            presence.on(new Presence.Attached(at(0)));
            if (variant == 1) {
                presence.on(new Presence.Tick(at(2000)));
            } else if (variant == 2) {
                presence.on(new Presence.Tick(at(100_000)));
            }
            Transition detached = presence.on(new Presence.Detached(at(100_000), "link to the base closed"));
            expect(detached, State.DETACHED, Action.FAIL_ALL, Action.MARK_UNREACHABLE);
            assertEquals("link to the base closed", detached.reason());
            expect(presence.on(new Presence.Attached(at(100_001))), State.AWAKE, Action.MARK_REACHABLE,
                    Action.FLUSH_QUEUE);
        }
    }
}
