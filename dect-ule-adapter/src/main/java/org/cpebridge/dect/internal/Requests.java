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
 * by link and reference (never by address: some nodes answer from the broadcast address). Requests for a sleeping
 * device wait (bounded) until it next transmits.
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

    /** Sends a request and completes with its response (on the executor); waits for a sleeping device to wake. */
    public CompletableFuture<HanfunMessage> request(Session session, int unit, HanfunMessage message) {
        CompletableFuture<HanfunMessage> future = new CompletableFuture<>();
        Presence.Transition transition = reachability.on(session, new Presence.Outgoing(clock.instant()));
        if (transition.actions().contains(Presence.Action.REFUSE) || session.link == null) {
            future.completeExceptionally(new DeviceException(ErrorKind.UNREACHABLE,
                    session.id + " is unreachable: " + transition.reason()));
        } else if (transition.actions().contains(Presence.Action.QUEUE)) {
            if (session.queue.size() >= Session.MAX_QUEUED) {
                future.completeExceptionally(new DeviceException(ErrorKind.BUSY,
                        session.id + " is asleep with " + Session.MAX_QUEUED + " requests waiting"));
                return future;
            }
            Scheduler.Cancellable[] timer = new Scheduler.Cancellable[1];
            Session.Queued queued = new Session.Queued(unit, message, future, timer);
            timer[0] = scheduler.schedule(asleepTimeout, () -> executor.execute(() -> {
                if (session.queue.remove(queued)) {
                    future.completeExceptionally(new DeviceException(ErrorKind.TIMEOUT,
                            session.id + " is asleep and did not wake up within " + asleepTimeout.toSeconds() + " s"));
                }
            }));
            session.queue.add(queued);
            LOG.debug("[dect {}] asleep: request queued until it wakes up", session.id);
        } else {
            sendRequest(session, unit, message, future);
        }
        return future;
    }

    /** Completes the request a response answers; false if no request waits for its reference. */
    public boolean answered(Session session, int reference, HanfunMessage response) {
        Session.Pending pending = session.pending.remove(reference);
        if (pending == null) {
            return false;
        }
        pending.timer().cancel();
        pending.future().complete(response);
        return true;
    }

    /** Sends what waited for the device to wake up. */
    public void flushQueue(Session session) {
        while (!session.queue.isEmpty() && session.link != null) {
            Session.Queued queued = session.queue.poll();
            queued.timer()[0].cancel();
            LOG.debug("[dect {}] awake: sending a queued request", session.id);
            sendRequest(session, queued.unit(), queued.message(), queued.future());
        }
    }

    /** Fails every waiting and in-flight request of the device. */
    public void failAll(Session session, ErrorKind kind, String reason) {
        for (Session.Pending pending : session.pending.values()) {
            pending.timer().cancel();
            pending.future().completeExceptionally(new DeviceException(kind, session.id + ": " + reason));
        }
        session.pending.clear();
        for (Session.Queued queued : session.queue) {
            queued.timer()[0].cancel();
            queued.future().completeExceptionally(new DeviceException(kind, session.id + ": " + reason));
        }
        session.queue.clear();
    }

    private void sendRequest(Session session, int unit, HanfunMessage message, CompletableFuture<HanfunMessage> future) {
        int reference = session.allocateReference();
        if (reference < 0) {
            future.completeExceptionally(new DeviceException(ErrorKind.BUSY, session.id + " has too many requests"));
            return;
        }
        if (message.type().expectsResponse()) {
            Scheduler.Cancellable timer = scheduler.schedule(commandTimeout, () -> executor.execute(() -> {
                Session.Pending pending = session.pending.remove(reference);
                if (pending != null) {
                    pending.future().completeExceptionally(new DeviceException(ErrorKind.TIMEOUT,
                            session.id + " did not answer within " + commandTimeout.toMillis() + " ms"));
                }
            }));
            session.pending.put(reference, new Session.Pending(future, timer));
        }
        if (!send(session, Address.device(session.address, unit), reference, message)) {
            Session.Pending pending = session.pending.remove(reference);
            if (pending != null) {
                pending.timer().cancel();
            }
            future.completeExceptionally(new DeviceException(ErrorKind.BUSY, "the base refused the packet"));
        } else if (!message.type().expectsResponse()) {
            future.complete(null);
        }
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
