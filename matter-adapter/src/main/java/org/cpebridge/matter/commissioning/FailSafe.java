package org.cpebridge.matter.commissioning;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The commissioning fail-safe (Matter core 11.10.7.2): armed by an administrator, extended by it, and on expiry or
 * on disarm without commit every change made under it is rolled back in reverse order (pending trusted root, NOC
 * and fabric, ACL entries, breadcrumb). CommissioningComplete commits the changes and disarms.
 *
 * <p>Sans-I/O: the owner arms its own timer for {@link #expiresAt()} and calls {@link #checkExpiry()} when it fires.
 * Owned by the node loop.
 */
public final class FailSafe {

    private static final Logger LOG = LoggerFactory.getLogger(FailSafe.class);

    /** Who armed the fail-safe: a PASE session (by local session id) or a fabric (by index). */
    public record Holder(boolean pase, int id) {
        public static Holder paseSession(int localSessionId) {
            return new Holder(true, localSessionId);
        }

        public static Holder fabric(int fabricIndex) {
            return new Holder(false, fabricIndex);
        }
    }

    /** The outcome of an ArmFailSafe, as the command's ErrorCode. */
    public enum ArmResult {
        OK(0),
        BUSY_WITH_OTHER_ADMIN(4);

        private final int code;

        ArmResult(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }
    }

    private record Rollback(String what, Runnable undo) {
    }

    private final Clock clock;
    private final Duration maxCumulative;
    private Holder holder;
    private Instant expiresAt;
    private Instant cumulativeDeadline;
    private final List<Rollback> rollbacks = new ArrayList<>();
    private Integer addedFabricIndex;

    public FailSafe(Clock clock, Duration maxCumulative) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.maxCumulative = Objects.requireNonNull(maxCumulative, "maxCumulative");
    }

    /**
     * ArmFailSafe: arms for {@code expiry} from now (never past the cumulative limit of the first arming), or with a
     * zero expiry disarms at once, rolling back. An administrator other than the holder is told it is busy.
     */
    public ArmResult arm(Holder by, Duration expiry) {
        if (holder != null && !holder.equals(by)) {
            return ArmResult.BUSY_WITH_OTHER_ADMIN;
        }
        if (expiry.isZero()) {
            if (holder != null) {
                expire("disarmed by its administrator");
            }
            return ArmResult.OK;
        }
        Instant now = clock.instant();
        if (holder == null) {
            holder = by;
            cumulativeDeadline = now.plus(maxCumulative);
        }
        Instant requested = now.plus(expiry);
        expiresAt = requested.isAfter(cumulativeDeadline) ? cumulativeDeadline : requested;
        return ArmResult.OK;
    }

    public boolean isArmed() {
        return holder != null;
    }

    public Optional<Holder> holder() {
        return Optional.ofNullable(holder);
    }

    /** When the owner's timer must call {@link #checkExpiry()}; empty when disarmed. */
    public Optional<Instant> expiresAt() {
        return Optional.ofNullable(expiresAt);
    }

    /** AddNOC records the fabric it added, the one whose CASE session may send CommissioningComplete. */
    public void fabricAdded(int fabricIndex) {
        if (holder == null) {
            throw new IllegalStateException("no fail-safe armed for AddNOC");
        }
        addedFabricIndex = fabricIndex;
    }

    /** The fabric added under this fail-safe, if any. */
    public Optional<Integer> addedFabric() {
        return Optional.ofNullable(addedFabricIndex);
    }

    /** Registers how to undo a change made under the fail-safe. */
    public void onRollback(String what, Runnable undo) {
        if (holder == null) {
            throw new IllegalStateException("no fail-safe armed for " + what);
        }
        rollbacks.add(new Rollback(what, undo));
    }

    /** Rolls back if the fail-safe is due. Returns true when it expired now. */
    public boolean checkExpiry() {
        if (holder != null && !clock.instant().isBefore(expiresAt)) {
            expire("the fail-safe timer expired");
            return true;
        }
        return false;
    }

    /** CommissioningComplete: keeps every change and disarms. */
    public void commit() {
        rollbacks.clear();
        disarm();
    }

    /** Rolls back everything done under the fail-safe, newest first, and disarms. */
    public void expire(String reason) {
        LOG.info("[matter] fail-safe ends without commissioning ({}): rolling back {} change(s)", reason,
                rollbacks.size());
        for (int i = rollbacks.size() - 1; i >= 0; i--) {
            Rollback rollback = rollbacks.get(i);
            try {
                rollback.undo().run();
            } catch (RuntimeException e) {
                LOG.warn("[matter] rolling back {} failed", rollback.what(), e);
            }
        }
        rollbacks.clear();
        disarm();
    }

    private void disarm() {
        addedFabricIndex = null;
        holder = null;
        expiresAt = null;
        cumulativeDeadline = null;
    }
}
