package org.cpebridge.privacy;

import java.util.List;
import java.util.Set;
import org.cpebridge.core.model.PrivacyClass;
import org.cpebridge.privacy.audit.AccessLog;
import org.cpebridge.privacy.audit.AccessLogEntry;
import org.cpebridge.privacy.grant.Grant;
import org.cpebridge.privacy.grant.GrantException;

/**
 * What the household's web console may see and change of the privacy policy the USP face enforces: the grants and
 * the transparency log. The USP face provides it through the core's {@code FacePorts} and runs every call on its
 * own executor, the grants' owning thread, so a grant made here is the grant USP answers with.
 *
 * <p>Implementations are thread-safe.
 */
public interface HouseholdPrivacy {

    /**
     * A USP Controller the agent knows.
     *
     * @param roles     the Names of its enabled roles
     * @param reach     the privacy classes its roles reach (grants not counted)
     * @param household whether it holds a household role (it sees everything and is not logged)
     */
    record Controller(String endpointId, boolean enabled, List<String> roles, Set<PrivacyClass> reach,
                      boolean household) {
        public Controller {
            roles = List.copyOf(roles);
            reach = Set.copyOf(reach);
        }
    }

    /** The Controllers USP knows, in its table's order. */
    List<Controller> controllers();

    List<Grant> grants();

    /** Adds a grant; the same checks and words as USP's {@code Grant()} command. */
    Grant grant(String controller, String target, String classes, long durationSeconds, String reason)
            throws GrantException;

    /** Ends a grant; false when no such row is active. */
    boolean revoke(long number);

    /** The transparency log, oldest first. */
    List<AccessLogEntry> logEntries();

    AccessLog.Verification verifyLog();

    /** The whole log as JSON, as USP's {@code ExportAccessLog()} gives it. */
    String exportLogJson();
}
