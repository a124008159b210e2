package org.cpebridge.matter.cluster;

import java.util.List;
import java.util.Objects;

/**
 * Who is asking (Core spec "Subject Descriptor"): the authentication mode, the accessing fabric index (0 when the
 * session has no fabric yet, as in PASE before AddNOC), the subject node id and the CASE Authenticated Tags.
 *
 * @param authMode how the session was established
 * @param fabricIndex accessing fabric, 0..254, 0 meaning none
 * @param subject node id (or group id for GROUP)
 * @param caseAuthenticatedTags 32-bit CATs from the peer's NOC
 */
public record AccessSubject(AuthMode authMode, int fabricIndex, long subject, List<Long> caseAuthenticatedTags) {

    public AccessSubject {
        Objects.requireNonNull(authMode, "authMode");
        if (fabricIndex < 0 || fabricIndex > 254) {
            throw new IllegalArgumentException("fabric index out of range 0..254: " + fabricIndex);
        }
        caseAuthenticatedTags = List.copyOf(caseAuthenticatedTags);
    }

    /** A CASE subject on a fabric. */
    public static AccessSubject ofCase(int fabricIndex, long nodeId) {
        return new AccessSubject(AuthMode.CASE, fabricIndex, nodeId, List.of());
    }

    /** A CASE subject on a fabric whose NOC carries CASE Authenticated Tags. */
    public static AccessSubject ofCase(int fabricIndex, long nodeId, List<Long> caseAuthenticatedTags) {
        return new AccessSubject(AuthMode.CASE, fabricIndex, nodeId, caseAuthenticatedTags);
    }

    /** A PASE commissioning session, not yet on a fabric. */
    public static AccessSubject ofPase() {
        return new AccessSubject(AuthMode.PASE, 0, 0, List.of());
    }

    /**
     * A PASE commissioning session; {@code fabricIndex} is the fabric its AddNOC created (its accessing fabric
     * from then on), 0 before.
     */
    public static AccessSubject ofPase(int fabricIndex) {
        return new AccessSubject(AuthMode.PASE, fabricIndex, 0, List.of());
    }

    /**
     * A group-addressed message's subject (Core spec 6.6.2.1, "Subject Descriptor" of a group session): AuthMode
     * GROUP on the fabric of the group key that authenticated it, the subject being the destination group id.
     */
    public static AccessSubject ofGroup(int fabricIndex, int groupId) {
        if (fabricIndex == 0) {
            throw new IllegalArgumentException("a group subject is always on a fabric");
        }
        if (groupId < 1 || groupId > 0xFFFF) {
            throw new IllegalArgumentException("group id out of range 1..0xFFFF: " + groupId);
        }
        return new AccessSubject(AuthMode.GROUP, fabricIndex, groupId, List.of());
    }

    /** True when the session is on a fabric. */
    public boolean hasFabric() {
        return fabricIndex != 0;
    }
}
