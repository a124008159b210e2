package org.cpebridge.privacy.policy;

/**
 * Decides what a USP Controller may do with one thing it asked about. The USP agent asks before every answer (Get,
 * GetInstances, GetSupportedDM, Set, Add, Delete, Operate) and before every notification (Notify); it asks two
 * policies and allows only what both allow: its own ControllerTrust roles, and the household's privacy policy that
 * this module provides.
 *
 * <p>An {@link AccessRequest} names the Controller, the permission column ({@link TargetKind}) and the USP path,
 * and, when the path is backed by a core device, the device, capability, member and {@link
 * org.cpebridge.core.model.PrivacyClass}, so that a policy can decide by privacy class without knowing TR-181.
 * Implementations must be thread-safe and quick: they are called once per resolved item.
 */
@FunctionalInterface
public interface AccessPolicy {

    /** Everything allowed: the privacy side's default until the household configures a policy. */
    AccessPolicy FULL_ACCESS = request -> Rights.ALL;

    /** The rights the request's Controller has on the request's target. */
    Rights rights(AccessRequest request);

    /**
     * Whether this policy gives the Controller every right on every path, so that a caller may skip resolving the
     * device data behind each path (the household's Controllers under the household's policy). False unless known.
     */
    default boolean allowsEverything(String controllerId) {
        return this == FULL_ACCESS;
    }

    /**
     * Whether this policy gives the Controller every right on every path whose device data has class
     * {@code privacy}, whatever the device, capability and path, and on such a path with no device behind it; so a
     * caller that knows the class from the path alone may skip resolving the device (an ISP-Operations Controller's
     * INVENTORY and HEALTH items under the household's policy). False unless known; {@link #allowsEverything} implies
     * it.
     */
    default boolean reaches(String controllerId, org.cpebridge.core.model.PrivacyClass privacy) {
        return allowsEverything(controllerId);
    }

    /**
     * Whether the Controller may read the object {@code objectPath} (an object path with instance numbers, ending in
     * '.'), every object below it and every parameter of those, whatever device data is behind them: read in both the
     * {@link TargetKind#OBJECT} and the {@link TargetKind#PARAMETER} column of every such path. A Get that walks a
     * subtree asks this once and, when true, skips the question per object and parameter, whose answers would all
     * allow reading (issue 20: the household's Get of 200 devices asked several thousand). False unless known;
     * {@link #allowsEverything} implies it. A policy that counts denials need not count this question: a caller that
     * is told false asks per item as before.
     */
    default boolean readsEverythingBelow(String controllerId, String objectPath) {
        return allowsEverything(controllerId);
    }

    /** {@link #rights(AccessRequest)} for a path with no device behind it (or not yet resolved). */
    default Rights rights(String controllerId, TargetKind kind, String path) {
        return rights(AccessRequest.of(controllerId, kind, path));
    }
}
