package org.cpebridge.usp.agent.access;

import java.util.Collection;
import java.util.Objects;
import java.util.function.Function;

/**
 * TR-369 role-based access control: a Controller's rights are the union over its roles (AssignedRole and
 * InheritedRole), and within one role the covering permission with the highest Order decides (TR-369 "A Controller's
 * Role", TR-181 Permission.Order). Thread-safe if {@code rolesOf} is.
 */
public final class RoleBasedAccessPolicy implements AccessPolicy {
    private final Function<String, ? extends Collection<Role>> rolesOf;

    /** {@code rolesOf} maps a Controller Endpoint ID to its current roles (empty for an unknown Controller). */
    public RoleBasedAccessPolicy(Function<String, ? extends Collection<Role>> rolesOf) {
        this.rolesOf = Objects.requireNonNull(rolesOf, "rolesOf");
    }

    @Override
    public Rights rights(String controllerId, TargetKind kind, String path) {
        Rights result = Rights.NONE;
        for (Role role : rolesOf.apply(controllerId)) {
            result = result.or(role.rights(kind, path));
        }
        return result;
    }
}
