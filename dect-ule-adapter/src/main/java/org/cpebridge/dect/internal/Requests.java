package org.cpebridge.dect.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import org.cpebridge.core.model.DeviceException;
import org.cpebridge.core.model.ErrorKind;
import org.cpebridge.core.time.Scheduler;
import org.cpebridge.dect.hanfun.Address;
import org.cpebridge.dect.hanfun.HanfunMessage;
import org.cpebridge.dect.hanfun.Packet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests from the base to devices: each gets an application reference and a timeout, and its response is matched
 * by link and reference (never by address: some nodes answer from the broadcast address).
 *
 * <p>At most one request per node is on the link; the others wait in the node's bounded queue, and the next goes
 * when the answer or the timeout comes. The hanfun reference transport handles one frame per socket read and drops
 * the rest of the buffer, so frames that arrive together are lost; one request at a time keeps an interview whole.
 * Requests for a sleeping device wait in the same queue until it next transmits.
 *
 * <p>Owned by the adapter's serial executor: every method runs on it, and timers hop back onto it through
 * {@code executor}.
 */
public final class Requests {
    private static final Logger LOG = LoggerFactory.getLogger(Requests.class);

    /** Puts one packet on the device's link; false if the link refused it. */
    @FunctionalInterface
    public interface Transmitter {
        boolean transmit(Session session, Packet packet);
    }

    private final Scheduler scheduler;
    private final Executor executor;
    private final Clock clock;
    private final Duration commandTimeout;
    private final Duration asleepTimeout;
    private final Transmitter transmitter;
    private final Reachability reachability;

    public Requests(Scheduler scheduler, Executor executor, Clock clock, Duration commandTimeout,
            Duration asleepTimeout, Transmitter transmitter, Reachability reachability) {
        this.scheduler = scheduler;
        this.executor = executor;
        this.clock = clock;
        this.commandTimeout = commandTimeout;
        this.asleepTimeout = asleepTimeout;
        this.transmitter = transmitter;
        this.reachability = reachability;
    }

    /**
     * Queues a request and completes with its response (on the executor). It goes on the link when no other request
     * to the device waits for an answer and the device listens (a sleeping one when it next transmits).
     */
    public CompletableFuture<HanfunMessage> request(Session session, int unit, HanfunMessage message) {
        Presence.Transition transition = reachability.on(session, new Presence.Outgoing(clock.instant()));
        if (transition.actions().contains(Presence.Action.REFUSE) || session.link == null) {
            return CompletableFuture.failedFuture(new DeviceException(ErrorKind.UNREACHABLE,
                    session.id + " is unreachable: " + transition.reason()));
        }
        return enqueue(session, unit, message, true);
    }

    /**
     * Queues a request the adapter itself needs whatever the device's presence says (checking that a reconnected node
     * still has its address): it waits only for its turn on the link.
     */
    public CompletableFuture<HanfunMessage> requestUnchecked(Session session, int unit, HanfunMessage message) {
        if (session.link == null) {
            return CompletableFuture.failedFuture(new DeviceException(ErrorKind.UNREACHABLE,
                    session.id + " has no link"));
        }
        return enqueue(session, unit, message, false);
    }

    private CompletableFuture<HanfunMessage> enqueue(Session session, int unit, HanfunMessage message,
            boolean check) {
        CompletableFuture<HanfunMessage> future = new CompletableFuture<>();
        if (session.queue.size() >= Session.MAX_QUEUED) {
            future.completeExceptionally(new DeviceException(ErrorKind.BUSY,
                    session.id + " has " + Session.MAX_QUEUED + " requests waiting"));
            return future;
        }
        Scheduler.Cancellable[] timer = new Scheduler.Cancellable[1];
        Session.Queued queued = new Session.Queued(unit, message, future, timer, check);
        timer[0] = scheduler.schedule(asleepTimeout, () -> executor.execute(() -> {
            if (session.queue.remove(queued)) {
                String why = session.presence.state() == Presence.State.ASLEEP
                        ? " is asleep and did not wake up within " : " did not get its turn within ";
                future.completeExceptionally(new DeviceException(ErrorKind.TIMEOUT,
                        session.id + why + asleepTimeout.toSeconds() + " s"));
            }
        }));
        session.queue.add(queued);
        pump(session);
        return future;
    }

    /** Completes the request a response answers; false if the request in flight has another reference. */
    public boolean answered(Session session, int reference, HanfunMessage response) {
        Session.InFlight inFlight = session.inFlight;
        if (inFlight == null || inFlight.reference() != reference) {
            return false;
        }
        inFlight.timer().cancel();
        session.inFlight = null;
        inFlight.future().complete(response);
        pump(session);
        return true;
    }

    /** Sends what waited for the device to wake up, one request at a time. */
    public void flushQueue(Session session) {
        pump(session);
    }

    /** Fails every waiting and in-flight request of the device. */
    public void failAll(Session session, ErrorKind kind, String reason) {
        Session.InFlight inFlight = session.inFlight;
        session.inFlight = null;
        if (inFlight != null) {
            inFlight.timer().cancel();
            inFlight.future().completeExceptionally(new DeviceException(kind, session.id + ": " + reason));
        }
        java.util.List<Session.Queued> waiting = java.util.List.copyOf(session.queue);
        session.queue.clear();
        for (Session.Queued queued : waiting) {
            queued.timer()[0].cancel();
            queued.future().completeExceptionally(new DeviceException(kind, session.id + ": " + reason));
        }
    }

    /** Puts the next waiting request on the link if none is in flight and the device listens. */
    private void pump(Session session) {
        while (session.inFlight == null && session.link != null && !session.queue.isEmpty()) {
            Session.Queued next = session.queue.peek();
            if (next.check()) {
                Presence.Transition transition = reachability.on(session, new Presence.Outgoing(clock.instant()));
                if (!transition.actions().contains(Presence.Action.SEND_NOW)) {
                    LOG.debug("[dect {}] {}: request waits", session.id, transition.state());
                    return; // asleep: a packet from the device flushes the queue; refused: failAll follows
                }
            }
            session.queue.poll();
            next.timer()[0].cancel();
            sendRequest(session, next.unit(), next.message(), next.future());
        }
    }

    private void sendRequest(Session session, int unit, HanfunMessage message, CompletableFuture<HanfunMessage> future) {
        int reference = session.allocateReference();
        boolean expectsResponse = message.type().expectsResponse();
        if (expectsResponse) {
            Scheduler.Cancellable timer = scheduler.schedule(commandTimeout, () -> executor.execute(() ->
                    timedOut(session, reference)));
            session.inFlight = new Session.InFlight(reference, future, timer);
        }
        if (!send(session, Address.device(session.address, unit), reference, message)) {
            if (expectsResponse) {
                session.inFlight.timer().cancel();
                session.inFlight = null;
            }
            future.completeExceptionally(new DeviceException(ErrorKind.BUSY, "the base refused the packet"));
        } else if (!expectsResponse) {
            future.complete(null);
        }
    }

    private void timedOut(Session session, int reference) {
        Session.InFlight inFlight = session.inFlight;
        if (inFlight == null || inFlight.reference() != reference) {
            return;
        }
        session.inFlight = null;
        String reason = session.id + " did not answer within " + commandTimeout.toMillis() + " ms";
        inFlight.future().completeExceptionally(new DeviceException(ErrorKind.TIMEOUT, reason));
        reachability.on(session, new Presence.Unanswered(clock.instant(), "did not answer within "
                + commandTimeout.toMillis() + " ms"));
        pump(session);
    }

    /** Sends one packet from the base to the device (a request, or the answer to one of its requests). */
    public boolean send(Session session, Address destination, int reference, HanfunMessage message) {
        if (session.link == null) {
            return false;
        }
        Packet packet = Packet.of(Address.BASE, destination, reference, message);
        LOG.trace("[dect {}] -> {}", session.id, packet);
        return transmitter.transmit(session, packet);
    }
}
