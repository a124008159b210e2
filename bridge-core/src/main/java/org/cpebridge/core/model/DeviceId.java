package org.cpebridge.core.model;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A device's stable identity, {@code <adapter>:<native id>}, for example {@code dect:0123456789} (the IPUI) or
 * {@code zigbee:0x00158d0001a2b3c4} (the IEEE address). It survives restarts and renames; both faces key their own
 * numbering (Matter endpoints, USP instance numbers) on it.
 */
public record DeviceId(String adapter, String nativeId) implements Comparable<DeviceId> {

    private static final Pattern ADAPTER = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    private static final Pattern NATIVE = Pattern.compile("[A-Za-z0-9._:\\-]{1,128}");

    public DeviceId {
        Objects.requireNonNull(adapter, "adapter");
        Objects.requireNonNull(nativeId, "nativeId");
        if (!ADAPTER.matcher(adapter).matches()) {
            throw new IllegalArgumentException("adapter id must match " + ADAPTER + ": '" + adapter + "'");
        }
        if (!NATIVE.matcher(nativeId).matches()) {
            throw new IllegalArgumentException("native id must match " + NATIVE + ": '" + nativeId + "'");
        }
    }

    public static DeviceId of(String adapter, String nativeId) {
        return new DeviceId(adapter, nativeId);
    }

    /** Parses {@code adapter:nativeId}; the native id may itself contain colons. */
    public static DeviceId parse(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("device id must be <adapter>:<native id>: '" + text + "'");
        }
        return new DeviceId(text.substring(0, colon), text.substring(colon + 1));
    }

    @Override
    public int compareTo(DeviceId other) {
        int byAdapter = adapter.compareTo(other.adapter);
        return byAdapter != 0 ? byAdapter : nativeId.compareTo(other.nativeId);
    }

    @Override
    public String toString() {
        return adapter + ":" + nativeId;
    }
}
