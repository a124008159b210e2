package org.cpebridge.usp.agent.access;

import java.util.List;
import java.util.Objects;

/** One {@code ControllerTrust.Role.{i}}: a name and its permissions. */
public record Role(String name, boolean enable, List<Permission> permissions) {
    public Role {
        Objects.requireNonNull(name, "name");
        permissions = List.copyOf(permissions);
    }

    /**
     * The rights this role gives: those of the enabled permission with the highest Order that covers {@code path}
     * (all four bits taken from it, as OB-USP-Agent does), or none.
     */
    public Rights rights(TargetKind kind, String path) {
        if (!enable) {
            return Rights.NONE;
        }
        Permission best = null;
        for (Permission p : permissions) {
            if (p.enable() && p.covers(path) && (best == null || p.order() >= best.order())) {
                best = p;
            }
        }
        return best == null ? Rights.NONE : best.rights(kind);
    }

    /** The "full access" role: rwxn on {@code Device.}. */
    public static Role fullAccess() {
        return new Role("FullAccess", true, List.of(Permission.of(1, "Device.", "rwxn", "rwxn", "rwxn", "rwxn")));
    }

    /** The "untrusted" role of R-SEC.6: nothing by default. */
    public static Role untrusted() {
        return new Role("Untrusted", true, List.of());
    }
}
