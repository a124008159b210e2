package org.cpebridge.dect.internal;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.cpebridge.core.model.DeviceId;
import org.cpebridge.core.time.Scheduler;
import org.cpebridge.dect.hanfun.HanfunMessage;
import org.cpebridge.dect.ule.LinkId;

/** What the adapter knows about one registered device at run time. Owned by the adapter's serial executor. */
public final class Session {
    /** Requests a sleeping device may have waiting for its wake-up. */
    public static final int MAX_QUEUED = 8;

    /** A request waiting for its response. */
    public record Pending(CompletableFuture<HanfunMessage> future, Scheduler.Cancellable timer) {
    }

    /** A request waiting for the device to wake up. */
    public record Queued(int unit, HanfunMessage message, CompletableFuture<HanfunMessage> future,
            Scheduler.Cancellable[] timer) {
    }

    public final String uidKey;
    public final DeviceId id;
    public int address;
    public LinkId link;
    public DeviceModel model;
    /** Reachability and sleep; replaced when the device registers with a new model. */
    public Presence presence;
    public final Map<Integer, Pending> pending = new HashMap<>();
    public final ArrayDeque<Queued> queue = new ArrayDeque<>();
    private int nextReference;

    public Session(String uidKey, DeviceId id) {
        this.uidKey = uidKey;
        this.id = id;
    }

    /** The next application reference not waiting for a response (1..255), or -1 if all are in use. */
    public int allocateReference() {
        for (int tries = 0; tries < 255; tries++) {
            nextReference = nextReference % 255 + 1;
            if (!pending.containsKey(nextReference)) {
                return nextReference;
            }
        }
        return -1;
    }
}
