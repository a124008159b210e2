package org.cpebridge.matter.commissioning;

import static org.cpebridge.matter.commissioning.CommandFields.text;
import static org.cpebridge.matter.commissioning.CommandFields.unsigned;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.cpebridge.matter.cluster.AccessSubject;
import org.cpebridge.matter.cluster.AuthMode;
import org.cpebridge.matter.cluster.ClusterInstance;
import org.cpebridge.matter.cluster.CommandHandler;
import org.cpebridge.matter.cluster.CommandResult;
import org.cpebridge.matter.cluster.CommandSpec;
import org.cpebridge.matter.cluster.standard.GeneralCommissioning;
import org.cpebridge.matter.im.ImException;
import org.cpebridge.matter.im.ImStatus;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvTag;

/**
 * The General Commissioning cluster's commands (Matter core 11.10.7): ArmFailSafe, SetRegulatoryConfig and
 * CommissioningComplete, over the {@link FailSafe}. Runs on the node loop.
 */
public final class GeneralCommissioningHandler implements CommandHandler {

    /** CommissioningErrorEnum (Matter core 11.10.5.1). */
    enum ErrorCode {
        OK(0), VALUE_OUTSIDE_RANGE(1), INVALID_AUTHENTICATION(2), NO_FAIL_SAFE(3), BUSY_WITH_OTHER_ADMIN(4);

        final int code;

        ErrorCode(int code) {
            this.code = code;
        }
    }

    /** What the face does when commissioning completes or the fail-safe's timer must be (re)armed. */
    public interface Hooks {
        /** Arm (or re-arm) a timer that calls {@link FailSafe#checkExpiry()} on the node loop. */
        void scheduleExpiryCheck(Duration delay);

        /** Commissioning succeeded on this fabric: close the commissioning window, advertise operationally. */
        void commissioningComplete(int fabricIndex);
    }

    private final FailSafe failSafe;
    private final java.time.Clock clock;
    private final Hooks hooks;

    public GeneralCommissioningHandler(FailSafe failSafe, java.time.Clock clock, Hooks hooks) {
        this.failSafe = Objects.requireNonNull(failSafe, "failSafe");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.hooks = Objects.requireNonNull(hooks, "hooks");
    }

    @Override
    public CommandResult invoke(AccessSubject subject, ClusterInstance cluster, CommandSpec command,
                                TlvElement fields) throws ImException {
        long id = command.id();
        if (id == GeneralCommissioning.ARM_FAIL_SAFE) {
            return armFailSafe(subject, cluster, fields);
        }
        if (id == GeneralCommissioning.SET_REGULATORY_CONFIG) {
            return setRegulatoryConfig(cluster, fields);
        }
        if (id == GeneralCommissioning.COMMISSIONING_COMPLETE) {
            return commissioningComplete(subject, cluster);
        }
        return CommandResult.status(ImStatus.UNSUPPORTED_COMMAND);
    }

    private CommandResult armFailSafe(AccessSubject subject, ClusterInstance cluster, TlvElement fields)
            throws ImException {
        long expirySeconds = unsigned(fields, 0, 0xFFFF);
        long breadcrumb = unsigned(fields, 1, Long.MAX_VALUE);
        FailSafe.Holder holder = holderOf(subject);
        boolean wasArmed = failSafe.isArmed();
        if (failSafe.arm(holder, Duration.ofSeconds(expirySeconds)) == FailSafe.ArmResult.BUSY_WITH_OTHER_ADMIN) {
            return response(ErrorCode.BUSY_WITH_OTHER_ADMIN, "the fail-safe is held by another administrator");
        }
        if (failSafe.isArmed()) {
            if (!wasArmed) {
                // Breadcrumb goes back to 0 when the fail-safe ends without commit.
                failSafe.onRollback("breadcrumb", () -> cluster.set(GeneralCommissioning.BREADCRUMB, uint(0)));
            }
            failSafe.expiresAt().ifPresent(at -> hooks.scheduleExpiryCheck(
                    Duration.between(clock.instant(), at)));
        }
        cluster.set(GeneralCommissioning.BREADCRUMB, uint(breadcrumb));
        return response(ErrorCode.OK, "");
    }

    private CommandResult setRegulatoryConfig(ClusterInstance cluster, TlvElement fields) throws ImException {
        long config = unsigned(fields, 0, 0xFF);
        String countryCode = text(fields, 1);
        long breadcrumb = unsigned(fields, 2, Long.MAX_VALUE);
        long capability = cluster.value(GeneralCommissioning.LOCATION_CAPABILITY)
                .map(v -> ((TlvElement.UnsignedInt) v).value()).orElse(2L);
        // RegulatoryLocationTypeEnum: 0 Indoor, 1 Outdoor, 2 IndoorOutdoor; more than the capability is refused.
        if (config > 2 || (capability != 2 && config != capability)) {
            return response(ErrorCode.VALUE_OUTSIDE_RANGE, "location " + config + " outside capability "
                    + capability);
        }
        // Two letters, or empty: Google's app sends an empty country code, which must be accepted.
        if (!countryCode.isEmpty() && !countryCode.matches("[A-Za-z]{2}")) {
            throw new ImException(ImStatus.CONSTRAINT_ERROR, "country code must be two letters");
        }
        cluster.set(GeneralCommissioning.REGULATORY_CONFIG, uint(config));
        cluster.set(GeneralCommissioning.BREADCRUMB, uint(breadcrumb));
        return response(ErrorCode.OK, "");
    }

    private CommandResult commissioningComplete(AccessSubject subject, ClusterInstance cluster) {
        if (!failSafe.isArmed()) {
            return response(ErrorCode.NO_FAIL_SAFE, "no fail-safe armed");
        }
        if (subject.authMode() != AuthMode.CASE) {
            return response(ErrorCode.INVALID_AUTHENTICATION, "CommissioningComplete must come over CASE");
        }
        FailSafe.Holder holder = failSafe.holder().orElseThrow();
        boolean fromHolder = !holder.pase() && holder.id() == subject.fabricIndex();
        boolean fromNewFabric = failSafe.addedFabric().map(index -> index == subject.fabricIndex()).orElse(false);
        if (!fromHolder && !fromNewFabric) {
            return response(ErrorCode.INVALID_AUTHENTICATION, "not the fabric being commissioned");
        }
        failSafe.commit();
        cluster.set(GeneralCommissioning.BREADCRUMB, uint(0));
        hooks.commissioningComplete(subject.fabricIndex());
        return response(ErrorCode.OK, "");
    }

    private static FailSafe.Holder holderOf(AccessSubject subject) {
        // A PASE session is not on a fabric yet; one commissioner at a time holds PASE, so the session id is 0.
        return subject.authMode() == AuthMode.PASE ? FailSafe.Holder.paseSession(0)
                : FailSafe.Holder.fabric(subject.fabricIndex());
    }

    private static CommandResult response(ErrorCode code, String debugText) {
        return new CommandResult.Response(new TlvElement.Structure(TlvTag.anonymous(), List.of(
                new TlvElement.UnsignedInt(TlvTag.context(0), code.code),
                new TlvElement.Utf8(TlvTag.context(1), debugText))));
    }

    private static TlvElement uint(long value) {
        return new TlvElement.UnsignedInt(TlvTag.anonymous(), value);
    }
}
