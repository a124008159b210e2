package org.cpebridge.privacy.policy;

/**
 * The four permission columns of {@code Device.LocalAgent.ControllerTrust.Role.{i}.Permission.{i}.}
 * (TR-181 Device:2.19) and what each of their {@code rwxn} bits governs; every {@link AccessRequest} names one.
 */
public enum TargetKind {
    /** {@code Param}: r = Get value and GetSupportedDM, w = Set and Add values, n = ValueChange. */
    PARAMETER,
    /** {@code Obj}: r = object paths in Get and GetSupportedDM, w = Add, n = ObjectCreation. */
    OBJECT,
    /** {@code InstantiatedObj}: r = GetInstances and seeing rows, w = Delete, n = ObjectDeletion. */
    INSTANTIATED_OBJECT,
    /** {@code CommandEvent}: r = GetSupportedDM, x = Operate, n = OperationComplete and Event. */
    COMMAND_EVENT
}
