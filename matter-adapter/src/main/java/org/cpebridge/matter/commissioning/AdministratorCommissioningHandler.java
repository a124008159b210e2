package org.cpebridge.matter.commissioning;

import static org.cpebridge.matter.commissioning.CommandFields.octets;
import static org.cpebridge.matter.commissioning.CommandFields.unsigned;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;
import org.cpebridge.matter.cluster.AccessSubject;
import org.cpebridge.matter.cluster.AuthMode;
import org.cpebridge.matter.cluster.ClusterInstance;
import org.cpebridge.matter.cluster.CommandHandler;
import org.cpebridge.matter.cluster.CommandResult;
import org.cpebridge.matter.cluster.CommandSpec;
import org.cpebridge.matter.cluster.standard.AdministratorCommissioning;
import org.cpebridge.matter.crypto.Spake2pVerifier;
import org.cpebridge.matter.im.ImException;
import org.cpebridge.matter.im.ImStatus;
import org.cpebridge.matter.im.StatusIb;
import org.cpebridge.matter.pase.PbkdfParameters;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.bytes.Bytes;

/**
 * The Administrator Commissioning cluster (Matter core 11.19): an administrator of one fabric opens an enhanced
 * commissioning window with a verifier of its own so that another ecosystem can join (multi-admin), or revokes it.
 * Runs on the node loop; the face opens and closes the window itself.
 */
public final class AdministratorCommissioningHandler implements CommandHandler {

    /** StatusCodeEnum of the cluster (Matter core 11.19.5.1). */
    static final int BUSY = 2;
    static final int PAKE_PARAMETER_ERROR = 3;
    static final int WINDOW_NOT_OPEN = 4;

    /** Matter core 11.19.8.1: the window lasts 3 to 15 minutes. */
    static final Duration MIN_TIMEOUT = Duration.ofMinutes(3);
    static final Duration MAX_TIMEOUT = Duration.ofMinutes(15);

    /** What the face does with windows. */
    public interface Windows {
        boolean isOpen();

        /** Opens an enhanced window with this verifier and discriminator, advertised with CM=2. */
        void openEnhanced(Spake2pVerifier verifier, PbkdfParameters pbkdf, int discriminator, Duration timeout,
                          int adminFabricIndex);

        void revoke();
    }

    private final FailSafe failSafe;
    private final Windows windows;

    public AdministratorCommissioningHandler(FailSafe failSafe, Windows windows) {
        this.failSafe = Objects.requireNonNull(failSafe, "failSafe");
        this.windows = Objects.requireNonNull(windows, "windows");
    }

    @Override
    public CommandResult invoke(AccessSubject subject, ClusterInstance cluster, CommandSpec command,
                                TlvElement fields) throws ImException {
        if (command.id() == AdministratorCommissioning.OPEN_COMMISSIONING_WINDOW) {
            return open(subject, fields);
        }
        if (command.id() == AdministratorCommissioning.REVOKE_COMMISSIONING) {
            if (!windows.isOpen()) {
                return clusterStatus(WINDOW_NOT_OPEN);
            }
            windows.revoke();
            if (failSafe.holder().map(FailSafe.Holder::pase).orElse(false)) {
                failSafe.expire("commissioning revoked by an administrator");
            }
            return CommandResult.success();
        }
        return CommandResult.status(ImStatus.UNSUPPORTED_COMMAND);
    }

    private CommandResult open(AccessSubject subject, TlvElement fields) throws ImException {
        if (subject.authMode() != AuthMode.CASE) {
            throw new ImException(ImStatus.UNSUPPORTED_ACCESS, "only an operational administrator opens windows");
        }
        if (windows.isOpen() || failSafe.isArmed()) {
            return clusterStatus(BUSY);
        }
        long timeoutSeconds = unsigned(fields, 0);
        Bytes verifierBytes = octets(fields, 1);
        long discriminator = unsigned(fields, 2);
        long iterations = unsigned(fields, 3);
        Bytes salt = octets(fields, 4);
        Duration timeout = Duration.ofSeconds(timeoutSeconds);
        if (timeout.compareTo(MIN_TIMEOUT) < 0 || timeout.compareTo(MAX_TIMEOUT) > 0 || discriminator > 0xFFF) {
            throw new ImException(ImStatus.INVALID_COMMAND, "timeout or discriminator out of range");
        }
        Spake2pVerifier verifier;
        PbkdfParameters pbkdf;
        try {
            verifier = Spake2pVerifier.deserialize(verifierBytes);
            pbkdf = new PbkdfParameters(iterations, salt);
        } catch (IllegalArgumentException e) {
            return clusterStatus(PAKE_PARAMETER_ERROR);
        }
        windows.openEnhanced(verifier, pbkdf, (int) discriminator, timeout, subject.fabricIndex());
        return CommandResult.success();
    }

    private static CommandResult clusterStatus(int code) {
        return new CommandResult.Status(new StatusIb(ImStatus.FAILURE, OptionalInt.of(code)));
    }
}
