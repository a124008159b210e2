package org.cpebridge.usp.datamodel;

/** Object access in the Supported Data Model ({@code GetSupportedDMResp.ObjAccessType} order). */
public enum ObjectAccess {
    READ_ONLY, ADD_DELETE, ADD_ONLY, DELETE_ONLY;

    public boolean canAdd() {
        return this == ADD_DELETE || this == ADD_ONLY;
    }

    public boolean canDelete() {
        return this == ADD_DELETE || this == DELETE_ONLY;
    }
}
