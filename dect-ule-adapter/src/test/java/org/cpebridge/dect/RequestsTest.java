package org.cpebridge.dect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.cpebridge.core.event.EventBus;
import org.cpebridge.core.model.Device;
import org.cpebridge.core.model.DeviceException;
import org.cpebridge.core.model.DeviceId;
import org.cpebridge.core.model.ErrorKind;
import org.cpebridge.core.registry.DeviceRegistry;
import org.cpebridge.core.testing.ManualClock;
import org.cpebridge.core.testing.ManualScheduler;
import org.cpebridge.bytes.Bytes;
import org.cpebridge.dect.hanfun.HanfunMessage;
import org.cpebridge.dect.hanfun.HanfunMessage.CommandResponse;
import org.cpebridge.dect.hanfun.HanfunMessage.OnOffAction;
import org.cpebridge.dect.hanfun.HanfunMessage.OnOffCommand;
import org.cpebridge.dect.hanfun.HanfunMessage.Unit;
import org.cpebridge.dect.hanfun.InterfaceAddress;
import org.cpebridge.dect.hanfun.InterfaceUid;
import org.cpebridge.dect.hanfun.Packet;
import org.cpebridge.dect.hanfun.Profile;
import org.cpebridge.dect.hanfun.ResultCode;
import org.cpebridge.dect.internal.DeviceModel;
import org.cpebridge.dect.internal.Presence;
import org.cpebridge.dect.internal.Reachability;
import org.cpebridge.dect.internal.Requests;
import org.cpebridge.dect.internal.Session;
import org.cpebridge.dect.ule.LinkId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The per-node request queue of {@link Requests}, in lockstep with manual time and a recording link. */
class RequestsTest {
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);
    private static final HanfunMessage ON = new OnOffCommand(OnOffAction.ON, true);

    private final ManualClock clock = new ManualClock();
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final DeviceRegistry registry = new DeviceRegistry(new EventBus(Runnable::run), clock,
            new TestContext.MemoryStore());
    private final List<Packet> sent = new ArrayList<>();
    private final Session session = new Session("node", DeviceId.of("dect", "node"));
    private Requests requests;

    @BeforeEach
    void setUp() {
        Reachability reachability = new Reachability(registry, clock, () -> { });
        requests = new Requests(scheduler, Runnable::run, clock, COMMAND_TIMEOUT, Duration.ofSeconds(25),
                (target, packet) -> sent.add(packet), reachability);
        reachability.attach(requests);
        session.address = 1;
        session.link = new LinkId(1);
        session.model = DeviceModel.of(List.of(new Unit(1, Profile.SIMPLE_LIGHT.uid(), List.of())));
        session.presence = new Presence(false, false, Duration.ofMillis(1500), Duration.ofSeconds(90), "silent");
        registry.register(Device.builder(session.id).capabilities(session.model.capabilities())
                .reachable(true, "").build());
        reachability.on(session, new Presence.Attached(clock.instant()));
    }

    private void answer(int reference) {
        assertTrue(requests.answered(session, reference, new CommandResponse(
                InterfaceAddress.server(InterfaceUid.ON_OFF), 1, ResultCode.OK, Bytes.EMPTY)));
    }

    private static ErrorKind failure(CompletableFuture<HanfunMessage> future) {
        try {
            future.get();
            throw new AssertionError("completed normally");
        } catch (ExecutionException e) {
            return DeviceException.from(e.getCause()).kind();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void oneRequestOnTheLinkAtATimeTheNextWhenTheAnswerComes() {
        CompletableFuture<HanfunMessage> first = requests.request(session, 1, ON);
        CompletableFuture<HanfunMessage> second = requests.request(session, 1, ON);
        CompletableFuture<HanfunMessage> third = requests.request(session, 1, ON);
        assertEquals(1, sent.size(), "only the first is on the link");
        answer(sent.get(0).reference());
        assertTrue(first.isDone());
        assertEquals(2, sent.size());
        assertFalse(second.isDone());
        answer(sent.get(1).reference());
        answer(sent.get(2).reference());
        assertTrue(second.isDone() && third.isDone());
        assertEquals(3, sent.stream().map(Packet::reference).distinct().count(), "each its own reference");
    }

    @Test
    void anAnswerWithAnotherReferenceCompletesNothing() {
        CompletableFuture<HanfunMessage> first = requests.request(session, 1, ON);
        int other = sent.get(0).reference() % 255 + 1;
        assertFalse(requests.answered(session, other, new CommandResponse(InterfaceAddress.server(InterfaceUid.ON_OFF),
                1, ResultCode.OK, Bytes.EMPTY)));
        assertFalse(first.isDone());
    }

    @Test
    void aTimeoutLetsTheNextGoAndTwoInARowMakeTheNodeUnreachableButStillTried() {
        CompletableFuture<HanfunMessage> first = requests.request(session, 1, ON);
        CompletableFuture<HanfunMessage> second = requests.request(session, 1, ON);
        scheduler.advance(COMMAND_TIMEOUT);
        assertEquals(ErrorKind.TIMEOUT, failure(first));
        assertEquals(2, sent.size(), "the next went when the timeout came");
        assertTrue(registry.device(session.id).orElseThrow().reachable(), "one miss is not enough");
        scheduler.advance(COMMAND_TIMEOUT);
        assertEquals(ErrorKind.TIMEOUT, failure(second));
        Device lost = registry.device(session.id).orElseThrow();
        assertFalse(lost.reachable());
        assertEquals("did not answer within 5000 ms (2 requests in a row unanswered)", lost.statusReason());

        CompletableFuture<HanfunMessage> tried = requests.request(session, 1, ON);
        assertEquals(3, sent.size(), "an unreachable node is still tried");
        requests.answered(session, sent.get(2).reference(), new CommandResponse(
                InterfaceAddress.server(InterfaceUid.ON_OFF), 1, ResultCode.OK, Bytes.EMPTY));
        assertTrue(tried.isDone());
    }

    @Test
    void theQueueIsBounded() {
        List<CompletableFuture<HanfunMessage>> accepted = new ArrayList<>();
        for (int i = 0; i < 1 + Session.MAX_QUEUED; i++) {
            accepted.add(requests.request(session, 1, ON));
        }
        assertTrue(accepted.stream().noneMatch(CompletableFuture::isDone));
        assertEquals(ErrorKind.BUSY, failure(requests.request(session, 1, ON)));
    }

    @Test
    void aRequestThatDoesNotGetItsTurnWithinTheQueueTimeoutFails() {
        // a silent node: each request holds the line for the 5 s command timeout; the sixth and seventh would go at
        // 25 s and 30 s, past the 25 s a request may wait (counted from when it was made)
        List<CompletableFuture<HanfunMessage>> futures = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            futures.add(requests.request(session, 1, ON));
        }
        scheduler.advance(Duration.ofSeconds(24));
        assertFalse(futures.get(6).isDone());
        scheduler.advance(Duration.ofSeconds(1));
        assertEquals(ErrorKind.TIMEOUT, failure(futures.get(5)));
        assertEquals(ErrorKind.TIMEOUT, failure(futures.get(6)));
        assertEquals(5, sent.size(), "the sixth and seventh never went on the link");
    }
}
