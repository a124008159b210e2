package org.cpebridge.usp.record;

import java.util.Set;

/** Syntax checks for USP Endpoint IDs ({@code authority-scheme::instance-id}, TR-369 "Endpoint Identifier"). */
public final class EndpointIds {
    private static final Set<String> SCHEMES =
            Set.of("oui", "cid", "pen", "self", "user", "os", "ops", "uuid", "imei", "proto", "doc", "fqdn");

    private EndpointIds() {
    }

    /** True if {@code id} has a known authority scheme, {@code ::} and a non-empty printable instance id. */
    public static boolean isValid(String id) {
        if (id == null) {
            return false;
        }
        int separator = id.indexOf("::");
        if (separator <= 0 || separator + 2 >= id.length()) {
            return false;
        }
        if (!SCHEMES.contains(id.substring(0, separator))) {
            return false;
        }
        for (int i = separator + 2; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c <= 0x20 || c >= 0x7F) {
                return false;
            }
        }
        return true;
    }
}
