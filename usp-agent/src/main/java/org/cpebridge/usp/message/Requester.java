package org.cpebridge.usp.message;

import java.util.Objects;
import org.cpebridge.privacy.policy.AccessPolicy;
import org.cpebridge.privacy.policy.TargetKind;
import org.cpebridge.usp.datamodel.CommandSchema;
import org.cpebridge.usp.datamodel.EventSchema;
import org.cpebridge.usp.datamodel.ObjectInstance;
import org.cpebridge.usp.datamodel.ParameterSchema;
import org.cpebridge.usp.path.VisibilityFilter;

/** The Controller a request comes from and the policy that decides what it may do; one per request. */
public record Requester(String controllerId, AccessPolicy policy) {

    public Requester {
        Objects.requireNonNull(controllerId, "controllerId");
        Objects.requireNonNull(policy, "policy");
    }

    boolean canReadParameter(ObjectInstance object, ParameterSchema parameter) {
        return policy.rights(controllerId, TargetKind.PARAMETER, object.path() + parameter.name()).read();
    }

    /** Whether every object and parameter at or below {@code objectPath} is readable ({@link AccessPolicy}). */
    boolean readsEverythingBelow(String objectPath) {
        return policy.readsEverythingBelow(controllerId, objectPath);
    }

    boolean canReadParameterPath(String parameterPath) {
        return policy.rights(controllerId, TargetKind.PARAMETER, parameterPath).read();
    }

    boolean canWriteParameter(ObjectInstance object, ParameterSchema parameter) {
        return policy.rights(controllerId, TargetKind.PARAMETER, object.path() + parameter.name()).write();
    }

    boolean canReadObject(String objectPath) {
        return policy.rights(controllerId, TargetKind.OBJECT, objectPath).read();
    }

    boolean canAddTo(String tableSupportedInstancePath) {
        return policy.rights(controllerId, TargetKind.OBJECT, tableSupportedInstancePath).write();
    }

    boolean canSeeInstances(ObjectInstance row) {
        return policy.rights(controllerId, TargetKind.INSTANTIATED_OBJECT, row.path()).read();
    }

    boolean canDelete(ObjectInstance row) {
        return policy.rights(controllerId, TargetKind.INSTANTIATED_OBJECT, row.path()).write();
    }

    boolean canOperate(ObjectInstance object, CommandSchema command) {
        return policy.rights(controllerId, TargetKind.COMMAND_EVENT, object.path() + command.name() + "()")
                .execute();
    }

    boolean canReadCommandOrEvent(String path) {
        return policy.rights(controllerId, TargetKind.COMMAND_EVENT, path).read();
    }

    boolean canReadEvent(ObjectInstance object, EventSchema event) {
        return canReadCommandOrEvent(object.path() + event.name() + "!");
    }

    /** Rows need Obj read to be seen by Get, Set, Add, Delete and Operate (R-GET.1). */
    VisibilityFilter objectFilter() {
        return new VisibilityFilter() {
            @Override
            public boolean canSeeInstance(ObjectInstance row) {
                return canReadObject(row.path());
            }

            @Override
            public boolean canReadParameter(ObjectInstance object, ParameterSchema parameter) {
                return Requester.this.canReadParameter(object, parameter);
            }
        };
    }

    /** Rows need InstantiatedObj read to be seen by GetInstances (R-GIN.0). */
    VisibilityFilter instanceFilter() {
        return new VisibilityFilter() {
            @Override
            public boolean canSeeInstance(ObjectInstance row) {
                return canSeeInstances(row);
            }

            @Override
            public boolean canReadParameter(ObjectInstance object, ParameterSchema parameter) {
                return Requester.this.canReadParameter(object, parameter);
            }
        };
    }
}
