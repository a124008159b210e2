package org.cpebridge.matter.cluster;

import org.cpebridge.matter.im.ImStatus;
import org.cpebridge.matter.tlv.TlvElement;

/**
 * Cluster-specific check of a write that passed the generic checks (privilege, type, timing, data version): an
 * ACL entry's consistency, a label's length. Returns {@link ImStatus#SUCCESS} to let the write through.
 */
@FunctionalInterface
public interface WriteValidator {

    /** Accepts everything. */
    WriteValidator ACCEPT_ALL = (subject, cluster, attribute, newValue) -> ImStatus.SUCCESS;

    /**
     * Checks the value the attribute would take.
     *
     * @param newValue the whole new value (for a list, after the replace or append is applied)
     */
    ImStatus validate(AccessSubject subject, ClusterInstance cluster, AttributeSpec attribute, TlvElement newValue);
}
