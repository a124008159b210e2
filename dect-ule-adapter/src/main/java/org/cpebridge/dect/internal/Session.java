package org.cpebridge.dect.internal;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

import org.cpebridge.core.model.DeviceId;
import org.cpebridge.core.time.Scheduler;
import org.cpebridge.dect.hanfun.HanfunMessage;
import org.cpebridge.dect.ule.LinkId;

/** What the adapter knows about one registered device at run time. Owned by the adapter's serial executor. */
public final class Session {
    /** Requests that may wait for their turn (or for a sleeping device to wake up). */
    public static final int MAX_QUEUED = 16;

    /** The one request on the link waiting for its response. */
    public record InFlight(int reference, CompletableFuture<HanfunMessage> future, Scheduler.Cancellable timer) {
    }

    /**
     * A request waiting for its turn.
     *
     * @param check whether the device's presence decides if it may go (false for the adapter's own address check)
     */
    public record Queued(int unit, HanfunMessage message, CompletableFuture<HanfunMessage> future,
            Scheduler.Cancellable[] timer, boolean check) {
    }

    public final String uidKey;
    public final DeviceId id;
    public int address;
    public LinkId link;
    public DeviceModel model;
    /** Reachability and sleep; replaced when the device registers with a new model. */
    public Presence presence;
    /** At most one request per node is on the link: the next goes when the answer or the timeout comes. */
    public InFlight inFlight;
    public final ArrayDeque<Queued> queue = new ArrayDeque<>();
    private int nextReference;

    public Session(String uidKey, DeviceId id) {
        this.uidKey = uidKey;
        this.id = id;
    }

    /** The next application reference (1..255), never the one in flight. */
    public int allocateReference() {
        nextReference = nextReference % 255 + 1;
        if (inFlight != null && inFlight.reference() == nextReference) {
            nextReference = nextReference % 255 + 1;
        }
        return nextReference;
    }
}
