package org.cpebridge.usp.agent.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.cpebridge.usp.agent.access.CompiledRoles;
import org.cpebridge.usp.agent.access.Role;

/**
 * A Controller's roles and the Names of its enabled ones, which the access policy and the privacy policy ask for on
 * every item of every answer: kept per Controller until its Controller row or the role tables change (both
 * providers hand out a new object after any change, which is the key here), so a Get of 200 devices looks them up
 * once instead of several thousand times. Thread-safe.
 */
public final class ControllerRoles {
    private record Entry(Object controllers, Object roles, List<Role> rolesOf, List<String> enabledNames,
            CompiledRoles compiled) { }

    // Unknown Controllers' Endpoint IDs come and go; past this many the map starts again.
    private static final int MAX_KEPT = 256;

    private final LocalAgentProvider localAgent;
    private final ControllerTrustProvider trust;
    private final Map<String, Entry> byController = new ConcurrentHashMap<>();

    public ControllerRoles(LocalAgentProvider localAgent, ControllerTrustProvider trust) {
        this.localAgent = Objects.requireNonNull(localAgent, "localAgent");
        this.trust = Objects.requireNonNull(trust, "trust");
    }

    /** The Controller's roles (its AssignedRole, the UntrustedRole for an unknown one, none when banned). */
    public List<Role> roles(String endpointId) {
        return entry(endpointId).rolesOf();
    }

    /** The Controller's roles, compiled for the access policy's per-item question. */
    public CompiledRoles compiled(String endpointId) {
        return entry(endpointId).compiled();
    }

    /** The Names of the Controller's enabled roles. */
    public List<String> enabledNames(String endpointId) {
        return entry(endpointId).enabledNames();
    }

    private Entry entry(String endpointId) {
        Object controllers = localAgent.controllers();
        Object roles = trust.rolesVersion();
        Entry kept = byController.get(endpointId);
        if (kept != null && kept.controllers() == controllers && kept.roles() == roles) {
            return kept;
        }
        List<Role> rolesOf = trust.rolesFor(localAgent.assignedRoles(endpointId));
        // List.copyOf, not Stream.toList (which may hold nulls): the privacy policy keeps List.copyOf of the Names
        // and compares it with these on every item, which is then the same list, found equal at once.
        List<String> enabledNames = List.copyOf(rolesOf.stream().filter(Role::enable).map(Role::name).toList());
        Entry fresh = new Entry(controllers, roles, rolesOf, enabledNames, CompiledRoles.of(rolesOf));
        if (byController.size() >= MAX_KEPT) {
            byController.clear();
        }
        byController.put(endpointId, fresh);
        return fresh;
    }
}
