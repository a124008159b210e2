package org.cpebridge.usp.agent.access;

import java.util.AbstractMap;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.List;
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
    private final Function<String, CompiledRoles> rolesOf;
    private final TargetExpander expander;

    /** {@code rolesOf} maps a Controller Endpoint ID to its current roles (empty for an unknown Controller). */
    public RoleBasedAccessPolicy(Function<String, ? extends Collection<Role>> rolesOf) {
        this(rolesOf, TargetExpander.NONE);
    }

    /** As above, with search expressions in Targets resolved by {@code expander}. */
    public RoleBasedAccessPolicy(Function<String, ? extends Collection<Role>> rolesOf, TargetExpander expander) {
        this(expander, compiling(rolesOf));
    }

    /**
     * As above, with the roles already compiled: the agent keeps each Controller's {@link CompiledRoles} until its
     * roles change, since this is asked on every item of every answer.
     */
    public static RoleBasedAccessPolicy compiled(Function<String, CompiledRoles> rolesOf, TargetExpander expander) {
        return new RoleBasedAccessPolicy(expander, rolesOf);
    }

    private RoleBasedAccessPolicy(TargetExpander expander, Function<String, CompiledRoles> rolesOf) {
        this.rolesOf = Objects.requireNonNull(rolesOf, "rolesOf");
        this.expander = Objects.requireNonNull(expander, "expander");
    }

    private static Function<String, CompiledRoles> compiling(Function<String, ? extends Collection<Role>> rolesOf) {
        Objects.requireNonNull(rolesOf, "rolesOf");
        // The last collection handed out and its compiled form: a function that hands out the same collection until
        // the roles change compiles once per change.
        AtomicReference<Map.Entry<Collection<Role>, CompiledRoles>> last = new AtomicReference<>();
        return controller -> {
            Collection<Role> roles = rolesOf.apply(controller);
            Map.Entry<Collection<Role>, CompiledRoles> kept = last.get();
            if (kept != null && kept.getKey() == roles) {
                return kept.getValue();
            }
            CompiledRoles compiled = CompiledRoles.of(List.copyOf(roles));
            last.set(new AbstractMap.SimpleImmutableEntry<>(roles, compiled));
            return compiled;
        };
    }

    @Override
    public Rights rights(AccessRequest request) {
        return rolesOf.apply(request.controllerId()).rights(request.kind(), request.path(), expander);
    }

    @Override
    public boolean readsEverythingBelow(String controllerId, String objectPath) {
        return rolesOf.apply(controllerId).readsEverythingBelow(objectPath);
    }
}
