package org.cpebridge.dect.internal;

import java.time.Clock;
import java.util.Collection;
import java.util.Optional;

import org.cpebridge.core.model.Device;
import org.cpebridge.core.model.ErrorKind;
import org.cpebridge.core.registry.DeviceRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds each device's {@link Presence} machine and carries out what it asks for: reachability in the core, failing or
 * flushing the device's requests.
 *
 * <p>Owned by the adapter's serial executor.
 */
public final class Reachability {
    private static final Logger LOG = LoggerFactory.getLogger(Reachability.class);

    private final DeviceRegistry registry;
    private final Clock clock;
    private final Runnable networkChanged;
    private Requests requests;

    /** @param networkChanged called after a device's reachability changed (the adapter reports its radio network) */
    public Reachability(DeviceRegistry registry, Clock clock, Runnable networkChanged) {
        this.registry = registry;
        this.clock = clock;
        this.networkChanged = networkChanged;
    }

    /** The requests this failing and flushing acts on (the two refer to each other). */
    public void attach(Requests deviceRequests) {
        this.requests = deviceRequests;
    }

    /** Feeds one event to the device's presence machine and carries out the result. */
    public Presence.Transition on(Session session, Presence.Event event) {
        Presence.Transition transition = session.presence.on(event);
        act(session, transition);
        return transition;
    }

    /** A packet came from the device. */
    public void heard(Session session) {
        on(session, new Presence.Heard(clock.instant()));
    }

    /** The periodic check: devices silent for too long become unreachable, sleepy ones fall asleep. */
    public void tick(Collection<Session> sessions) {
        for (Session session : sessions) {
            if (session.presence != null) {
                on(session, new Presence.Tick(clock.instant()));
            }
        }
    }

    private void act(Session session, Presence.Transition transition) {
        for (Presence.Action action : transition.actions()) {
            switch (action) {
                case MARK_REACHABLE -> setReachable(session, true, transition.reason());
                case MARK_UNREACHABLE -> setReachable(session, false, transition.reason());
                case FAIL_ALL -> requests.failAll(session, ErrorKind.UNREACHABLE, transition.reason());
                case FLUSH_QUEUE -> requests.flushQueue(session);
                default -> {
                    // SEND_NOW, QUEUE and REFUSE answer a request and are handled by Requests
                }
            }
        }
    }

    /** Every change is logged at INFO with its reason: a device going away is what an operator asks about first. */
    private void setReachable(Session session, boolean reachable, String reason) {
        Optional<Device> device = registry.device(session.id);
        if (device.isPresent() && device.get().reachable() != reachable) {
            LOG.info("[dect {}] {}: {}", session.id, reachable ? "reachable" : "unreachable", reason);
            registry.setReachable(session.id, reachable, reachable ? "" : reason);
            networkChanged.run();
        } else if (device.isPresent() && !reachable && !reason.equals(device.get().statusReason())) {
            // still unreachable, for a new reason (the link came back but the address is not confirmed)
            LOG.info("[dect {}] still unreachable: {}", session.id, reason);
            registry.register(device.get().withReachability(false, reason));
        }
    }
}
