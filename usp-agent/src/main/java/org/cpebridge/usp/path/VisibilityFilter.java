package org.cpebridge.usp.path;

import org.cpebridge.usp.datamodel.ObjectInstance;
import org.cpebridge.usp.datamodel.ParameterSchema;

/**
 * What the requesting Controller may see while a path is resolved: rows it cannot see are treated as absent, and a
 * search expression on a parameter it cannot read matches nothing (R-GET.1, R-GIN.0). The access layer supplies one
 * per request.
 */
public interface VisibilityFilter {
    /** Sees everything. */
    VisibilityFilter ALL = new VisibilityFilter() {
    };

    default boolean canSeeInstance(ObjectInstance row) {
        return true;
    }

    default boolean canReadParameter(ObjectInstance object, ParameterSchema parameter) {
        return true;
    }
}
