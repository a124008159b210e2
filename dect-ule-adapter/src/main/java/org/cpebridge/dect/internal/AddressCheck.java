package org.cpebridge.dect.internal;

import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Consumer;

import org.cpebridge.dect.hanfun.Address;
import org.cpebridge.dect.hanfun.HanfunMessage;
import org.cpebridge.dect.hanfun.HanfunMessage.GetAttributePack;
import org.cpebridge.dect.hanfun.HanfunMessage.GetAttributePackResponse;
import org.cpebridge.dect.hanfun.HanfunMessage.RegisterResponse;
import org.cpebridge.dect.hanfun.InterfaceAddress;
import org.cpebridge.dect.hanfun.InterfaceUid;
import org.cpebridge.dect.hanfun.ResultCode;
import org.cpebridge.dect.ule.LinkId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks that a node which reconnected without registering still has its HAN-FUN address, and gives it back when it
 * lost it.
 *
 * <p>A restarted hanfun reference node comes back from the unregistered address 0x7FFF. Facts from hanfun 1.5.3
 * ({@code inc/hanfun/devices.h} {@code to_local}, {@code src/devices.cpp} {@code receive},
 * {@code src/core/device_management_client.cpp}): a node answers a request to one of its units at an address that is
 * not its own with FAIL_UNKNOWN; an unregistered node still takes packets to unit 0; and its Device Management client
 * adopts the address in any REGISTER response it gets. So the check reads an attribute pack on the node's first unit
 * at its known address: any other answer proves the address; FAIL_UNKNOWN or silence means it is lost, and the base
 * sends a REGISTER response with the address the node's UID already has (to 0x7FFF, unit 0), then checks again. A node
 * that still does not answer stays unreachable until it registers.
 *
 * <p>Owned by the adapter's serial executor.
 */
public final class AddressCheck {
    private static final Logger LOG = LoggerFactory.getLogger(AddressCheck.class);
    private static final Address UNREGISTERED_UNIT_0 = new Address(false, Address.BROADCAST_DEVICE, 0);

    private final Requests requests;
    private final Reachability reachability;
    private final Clock clock;
    private final Consumer<Session> rebound;

    /** @param rebound called when a node took its address back: it restarted, so its report rules are gone */
    public AddressCheck(Requests requests, Reachability reachability, Clock clock, Consumer<Session> rebound) {
        this.requests = requests;
        this.reachability = reachability;
        this.clock = clock;
        this.rebound = rebound;
    }

    /** The reason a node shows while its address is not confirmed. */
    public static String uncheckedReason(int address) {
        return String.format(Locale.ROOT, "reconnected without registering; waiting for it to answer at address"
                + " 0x%04X or register again (a restarted node forgets its address)", address);
    }

    /** Starts the check of a node in the {@link Presence.State#UNBOUND} state. */
    public void verify(Session session) {
        check(session, false);
    }

    private void check(Session session, boolean afterRebind) {
        Map.Entry<Integer, Set<Integer>> first = session.model.interfaces().entrySet().stream()
                .min(Map.Entry.comparingByKey()).orElse(null);
        if (first == null) {
            // nothing but unit 0, which an unregistered node answers too: nothing to tell the two apart
            reachability.on(session, new Presence.Attached(clock.instant()));
            return;
        }
        int itf = first.getValue().stream().min(Integer::compare).orElse(InterfaceUid.ON_OFF);
        LinkId link = session.link;
        requests.requestUnchecked(session, first.getKey(), new GetAttributePack(InterfaceAddress.server(itf),
                HanfunMessage.PACK_MANDATORY, java.util.List.of())).whenComplete((response, error) -> {
                    if (!link.equals(session.link) || session.presence.state() != Presence.State.UNBOUND) {
                        return; // the node registered or went away meanwhile
                    }
                    if (error == null && resultOf(response) != ResultCode.FAIL_UNKNOWN.code()) {
                        reachability.on(session, new Presence.Attached(clock.instant()));
                        if (afterRebind) {
                            LOG.info("[dect {}] took its address 0x{} back", session.id,
                                    Integer.toHexString(session.address));
                            rebound.accept(session);
                        }
                    } else if (!afterRebind) {
                        LOG.info("[dect {}] lost its address 0x{}: giving it back by its UID", session.id,
                                Integer.toHexString(session.address));
                        requests.send(session, UNREGISTERED_UNIT_0, 0,
                                new RegisterResponse(ResultCode.OK, session.address, OptionalInt.empty()));
                        check(session, true);
                    } else {
                        LOG.info("[dect {}] did not take its address back; waiting for it to register again",
                                session.id);
                    }
                });
    }

    /** The result byte of an answer (a node without its address answers only that byte). */
    private static int resultOf(HanfunMessage response) {
        if (response instanceof GetAttributePackResponse pack) {
            return pack.result().code();
        }
        if (response instanceof HanfunMessage.Raw raw && raw.payload().length() > 0) {
            return raw.payload().get(0) & 0xFF;
        }
        return ResultCode.OK.code();
    }
}
