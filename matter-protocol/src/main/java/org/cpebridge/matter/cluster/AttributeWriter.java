package org.cpebridge.matter.cluster;

import org.cpebridge.matter.im.ImStatus;
import org.cpebridge.matter.tlv.TlvElement;

/**
 * Takes over storing a written attribute whose value lives elsewhere than in the {@link ClusterInstance} (the ACL
 * lives in the access control list, which publishes it back into the cluster). Called after the generic checks
 * and the cluster's {@link WriteValidator}; it checks what is its own to check, stores, and answers the status.
 */
@FunctionalInterface
public interface AttributeWriter {

    /**
     * Stores {@code newValue}.
     *
     * @param newValue the whole new value (for a list, after the replace or append is applied)
     * @return SUCCESS, or the status refusing the write (nothing changed then)
     */
    ImStatus write(AccessSubject subject, ClusterInstance cluster, AttributeSpec attribute, TlvElement newValue);
}
