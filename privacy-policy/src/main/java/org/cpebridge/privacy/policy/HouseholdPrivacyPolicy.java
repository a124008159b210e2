package org.cpebridge.privacy.policy;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.cpebridge.core.model.PrivacyClass;
import org.cpebridge.privacy.grant.Grant;
import org.cpebridge.privacy.grant.GrantBook;
import org.cpebridge.privacy.grant.GrantScope;

/**
 * The household's privacy policy: a Controller reaches device data whose {@link PrivacyClass} one of its roles has in
 * the {@link PrivacyRules}, or that an active {@link Grant} for it covers; a Controller holding a household role
 * ({@code all}) reaches everything. Paths with no device behind them are left to the ControllerTrust roles (this
 * policy returns {@link Rights#ALL} for them, and the agent ANDs both).
 *
 * <p>A grant of CONTROL gives every right on the commands and writable values it covers; a grant of any other class
 * gives read and notification (seeing a thermostat's state lets support read it, not set it).
 *
 * <p>Thread-safe: the rules are immutable, the grant book hands out snapshots and {@code roleNames} must be
 * thread-safe.
 */
public final class HouseholdPrivacyPolicy implements AccessPolicy {
    private static final Rights READ_AND_NOTIFY = Rights.parse("r--n");

    private final PrivacyRules rules;
    private final Function<String, List<String>> roleNames;
    private final GrantBook grants;
    private final GrantScope scope;

    /** What a list of role Names reaches: a household role, or the union of the roles' classes. */
    private record Reach(List<String> names, boolean household, Set<PrivacyClass> classes) { }

    // The reach of the role Names last asked about (a copy of them, compared by content: a caller's list may change
    // in place); this is asked on every item of an answer, and the Names change only with the roles.
    private volatile Reach lastReach = new Reach(List.of(), false, Set.of());

    /**
     * @param roleNames the Names of the enabled roles a Controller holds (its AssignedRole, or the UntrustedRole for
     *                  an unknown Controller)
     * @param scope     decides whether a grant's Target covers a path (the agent's evaluates search expressions)
     */
    public HouseholdPrivacyPolicy(PrivacyRules rules, Function<String, List<String>> roleNames, GrantBook grants,
            GrantScope scope) {
        this.rules = Objects.requireNonNull(rules, "rules");
        this.roleNames = Objects.requireNonNull(roleNames, "roleNames");
        this.grants = Objects.requireNonNull(grants, "grants");
        this.scope = Objects.requireNonNull(scope, "scope");
    }

    public PrivacyRules rules() {
        return rules;
    }

    public GrantBook grants() {
        return grants;
    }

    /** Whether the Controller holds a household role: it may grant and revoke, and is not logged. */
    public boolean isHousehold(String controllerId) {
        return reachOf(controllerId).household();
    }

    private Reach reachOf(String controllerId) {
        List<String> names = roleNames.apply(controllerId);
        Reach last = lastReach;
        if (last.names().equals(names)) {
            return last;
        }
        boolean household = false;
        Set<PrivacyClass> classes = EnumSet.noneOf(PrivacyClass.class);
        for (String name : names) {
            household |= rules.householdRoles().contains(name);
            classes.addAll(rules.classesOf(name));
        }
        Reach fresh = new Reach(List.copyOf(names), household,
                household ? Collections.unmodifiableSet(EnumSet.allOf(PrivacyClass.class))
                        : Collections.unmodifiableSet(classes));
        lastReach = fresh;
        return fresh;
    }

    /** The Names of the enabled roles the Controller holds. */
    public List<String> roleNamesOf(String controllerId) {
        return List.copyOf(roleNames.apply(controllerId));
    }

    /** The privacy classes the Controller's roles reach, without grants (a household role reaches all). */
    public java.util.Set<PrivacyClass> classesOf(String controllerId) {
        if (isHousehold(controllerId)) {
            return java.util.EnumSet.allOf(PrivacyClass.class);
        }
        java.util.Set<PrivacyClass> reach = java.util.EnumSet.noneOf(PrivacyClass.class);
        for (String name : roleNames.apply(controllerId)) {
            reach.addAll(rules.classesOf(name));
        }
        return reach;
    }

    @Override
    public boolean allowsEverything(String controllerId) {
        return isHousehold(controllerId);
    }

    /** A household role, or one of the Controller's roles has the class: {@link #rights} is ALL there. */
    @Override
    public boolean reaches(String controllerId, PrivacyClass privacy) {
        return reachOf(controllerId).classes().contains(privacy);
    }

    @Override
    public Rights rights(AccessRequest request) {
        if (request.device().isEmpty()) {
            return Rights.ALL;
        }
        PrivacyClass privacy = request.device().get().privacy();
        if (reachOf(request.controllerId()).classes().contains(privacy)) {
            return Rights.ALL;
        }
        for (Grant grant : grants.activeFor(request.controllerId())) {
            if (grant.classes().contains(privacy) && scope.covers(grant.target(), request.path())) {
                return privacy == PrivacyClass.CONTROL ? Rights.ALL : READ_AND_NOTIFY;
            }
        }
        return Rights.NONE;
    }
}
