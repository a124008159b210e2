package org.cpebridge.usp.path;

import java.util.List;

/**
 * What a path resolved to. {@code searched} is true when a wildcard, a search expression that is not a full unique
 * key, or {@code #*+} took part: zero matches then is success, not an error (R-MSG.4a, R-GET.1a).
 */
public record Resolution(List<Resolved> matches, boolean searched) {
    public Resolution {
        matches = List.copyOf(matches);
    }
}
