package org.cpebridge.usp.datamodel;

/** Parameter access in the Supported Data Model ({@code GetSupportedDMResp.ParamAccessType} order). */
public enum ParamAccess {
    READ_ONLY, READ_WRITE, WRITE_ONLY;

    public boolean writable() {
        return this != READ_ONLY;
    }

    public boolean readable() {
        return this != WRITE_ONLY;
    }
}
