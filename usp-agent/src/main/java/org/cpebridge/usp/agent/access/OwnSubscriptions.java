package org.cpebridge.usp.agent.access;

import java.util.Objects;
import java.util.Optional;
import java.util.function.LongFunction;
import org.cpebridge.privacy.policy.AccessPolicy;
import org.cpebridge.privacy.policy.AccessRequest;
import org.cpebridge.privacy.policy.Rights;
import org.cpebridge.privacy.policy.TargetKind;

/**
 * A Controller reaches only its own {@code Device.LocalAgent.Subscription.{i}.} rows (those whose Recipient is its
 * Controller row) unless its roles let it manage Controllers: the ControllerTrust rights on another Controller's row,
 * its parameters and its search matches are {@link Rights#NONE} for a Controller that may not Add to
 * {@code Device.LocalAgent.Controller.}. TR-181 Targets cannot say "the rows whose Recipient is me", so the rule is
 * here, around the roles: an ISP-Operations Controller (read everywhere, write on the Subscription table) cannot see,
 * change or delete the household's subscriptions, while the household's full-access role still manages every row.
 * Rows that do not exist (yet) and paths outside the table are left to the roles.
 *
 * <p>Thread-safe if {@code roles} is; {@code recipientOf} is read on the caller's thread (the agent's executor).
 */
public final class OwnSubscriptions implements AccessPolicy {
    static final String TABLE = "Device.LocalAgent.Subscription.";
    static final String CONTROLLERS = "Device.LocalAgent.Controller.";

    private final AccessPolicy roles;
    private final LongFunction<Optional<String>> recipientOf;

    /**
     * @param roles       the ControllerTrust policy
     * @param recipientOf a Subscription row number to its Recipient's Endpoint ID ({@code ""} when that Controller
     *                    is gone), empty when the row does not exist
     */
    public OwnSubscriptions(AccessPolicy roles, LongFunction<Optional<String>> recipientOf) {
        this.roles = Objects.requireNonNull(roles, "roles");
        this.recipientOf = Objects.requireNonNull(recipientOf, "recipientOf");
    }

    @Override
    public Rights rights(AccessRequest request) {
        Rights allowed = roles.rights(request);
        if (allowed.equals(Rights.NONE) || !request.path().startsWith(TABLE)) {
            return allowed;
        }
        long row = rowNumber(request.path());
        if (row < 0) {
            return allowed;
        }
        Optional<String> recipient = recipientOf.apply(row);
        if (recipient.isEmpty() || recipient.get().equals(request.controllerId())) {
            return allowed;
        }
        return managesControllers(request.controllerId()) ? allowed : Rights.NONE;
    }

    @Override
    public boolean allowsEverything(String controllerId) {
        return roles.allowsEverything(controllerId);
    }

    /** The roles' answer, unless the subtree holds Subscription rows that this rule may hide from the Controller. */
    @Override
    public boolean readsEverythingBelow(String controllerId, String objectPath) {
        boolean holdsRows = objectPath.startsWith(TABLE) || TABLE.startsWith(objectPath);
        if (holdsRows && !managesControllers(controllerId)) {
            return false;
        }
        return roles.readsEverythingBelow(controllerId, objectPath);
    }

    private boolean managesControllers(String controllerId) {
        return roles.rights(controllerId, TargetKind.OBJECT, CONTROLLERS).write();
    }

    /** The instance number right after the table's path, or -1 (the table itself, {@code {i}}, a search path). */
    private static long rowNumber(String path) {
        int start = TABLE.length();
        int end = start;
        while (end < path.length() && Character.isDigit(path.charAt(end))) {
            end++;
        }
        if (end == start || end - start > 18 || (end < path.length() && path.charAt(end) != '.')) {
            return -1;
        }
        return Long.parseLong(path.substring(start, end));
    }
}
