package org.cpebridge.usp.agent.access;

import java.util.List;
import java.util.Objects;
import org.cpebridge.privacy.policy.Rights;
import org.cpebridge.privacy.policy.TargetKind;

/** One {@code ControllerTrust.Role.{i}}: a name and its permissions. */
public record Role(String name, boolean enable, List<Permission> permissions) {
    public Role {
        Objects.requireNonNull(name, "name");
        permissions = List.copyOf(permissions);
    }

    /** {@link #rights(TargetKind, String, TargetExpander)} with search targets covering nothing. */
    public Rights rights(TargetKind kind, String path) {
        return rights(kind, path, TargetExpander.NONE);
    }

    /**
     * The rights this role gives: those of the enabled permission with the highest Order that covers {@code path}
     * (all four bits taken from it, as OB-USP-Agent does), or none. Plain targets are matched first; a search target
     * is evaluated only when its permission would outrank the best plain match, since evaluating walks the model.
     */
    public Rights rights(TargetKind kind, String path, TargetExpander expander) {
        if (!enable) {
            return Rights.NONE;
        }
        Permission best = null;
        for (Permission p : permissions) {
            if (p.enable() && (best == null || p.order() >= best.order())
                    && p.covers(path, TargetExpander.NONE)) {
                best = p;
            }
        }
        for (Permission p : permissions) {
            if (p.enable() && p.hasSearchTarget() && (best == null || p.order() > best.order())
                    && p.covers(path, expander)) {
                best = p;
            }
        }
        return best == null ? Rights.NONE : best.rights(kind);
    }

    /** The "full access" role: rwxn on {@code Device.} at Order 1 (TR-369 "Role Definition" example). */
    public static Role fullAccess() {
        return new Role("FullAccess", true, List.of(Permission.of(1, "Device.", "rwxn", "rwxn", "rwxn", "rwxn")));
    }

    /** The "untrusted" role of R-SEC.6: nothing by default. */
    public static Role untrusted() {
        return new Role("Untrusted", true, List.of());
    }
}
