package org.cpebridge.usp.agent.access;

import java.util.List;

/**
 * Evaluates a permission target that holds a search expression ({@code Device.ProxiedDevice.[Type=="Light"].})
 * against the live model: the concrete targets, with instance numbers in place of the expressions, that it stands for
 * now. TR-181 Permission.Targets: "all Parameter Paths that result from the evaluation of the Search Path are
 * subject to the permissions".
 */
@FunctionalInterface
public interface TargetExpander {
    /** Expands nothing: search targets cover no path. */
    TargetExpander NONE = target -> List.of();

    /** The concrete targets {@code target} resolves to now; empty when it resolves to nothing or is not valid. */
    List<String> expand(String target);
}
