package org.cpebridge.usp.agent.access;

import java.util.Collection;
import java.util.Objects;
import java.util.function.Function;
import org.cpebridge.privacy.policy.AccessPolicy;
import org.cpebridge.privacy.policy.AccessRequest;
import org.cpebridge.privacy.policy.Rights;

/**
 * TR-369 role-based access control: a Controller's rights are the union over its roles (AssignedRole and
 * InheritedRole), and within one role the covering permission with the highest Order decides (TR-369 "A Controller's
 * Role", TR-181 Permission.Order). Thread-safe if {@code rolesOf} and the expander are.
 */
public final class RoleBasedAccessPolicy implements AccessPolicy {
    private final Function<String, ? extends Collection<Role>> rolesOf;
    private final TargetExpander expander;

    /** {@code rolesOf} maps a Controller Endpoint ID to its current roles (empty for an unknown Controller). */
    public RoleBasedAccessPolicy(Function<String, ? extends Collection<Role>> rolesOf) {
        this(rolesOf, TargetExpander.NONE);
    }

    /** As above, with search expressions in Targets resolved by {@code expander}. */
    public RoleBasedAccessPolicy(Function<String, ? extends Collection<Role>> rolesOf, TargetExpander expander) {
        this.rolesOf = Objects.requireNonNull(rolesOf, "rolesOf");
        this.expander = Objects.requireNonNull(expander, "expander");
    }

    @Override
    public Rights rights(AccessRequest request) {
        Rights result = Rights.NONE;
        for (Role role : rolesOf.apply(request.controllerId())) {
            result = result.or(role.rights(request.kind(), request.path(), expander));
        }
        return result;
    }
}
