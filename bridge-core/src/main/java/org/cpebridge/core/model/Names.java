package org.cpebridge.core.model;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks of the names used in capability definitions: lowerCamelCase identifiers, unique in their scope. */
final class Names {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z][A-Za-z0-9]{0,63}");

    private Names() {
    }

    static void check(String what, String name) {
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException(what + " name must be lowerCamelCase: '" + name + "'");
        }
    }

    static void checkUnique(String what, List<String> names) {
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (!seen.add(name)) {
                throw new IllegalArgumentException("duplicate " + what + " '" + name + "'");
            }
        }
    }
}
