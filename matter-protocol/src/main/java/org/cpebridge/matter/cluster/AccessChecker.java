package org.cpebridge.matter.cluster;

/**
 * The access check the IM engines call on every concrete path, with the privilege the operation needs (Core spec
 * "Access Control Privilege Granting Algorithm"). The node's is the commissioning package's
 * {@code AccessControlList}, wrapped in {@link #withPaseAdminister}; tests supply their own.
 */
@FunctionalInterface
public interface AccessChecker {

    /** Grants everything: for tests and for a node that has no ACL yet. */
    AccessChecker ALLOW_ALL = (subject, endpoint, cluster, privilege) -> true;

    /**
     * Whether {@code subject} holds {@code privilege} on cluster {@code cluster} of endpoint {@code endpoint}.
     * Called for concrete paths only, including those a wildcard expands to.
     */
    boolean allows(AccessSubject subject, int endpoint, long cluster, Privilege privilege);

    /**
     * {@code acl} plus the grant the spec gives a PASE commissioning session: Administer on everything (Core spec
     * "Access Control", implicit privilege during commissioning).
     */
    static AccessChecker withPaseAdminister(AccessChecker acl) {
        return (subject, endpoint, cluster, privilege) ->
                subject.authMode() == AuthMode.PASE || acl.allows(subject, endpoint, cluster, privilege);
    }
}
