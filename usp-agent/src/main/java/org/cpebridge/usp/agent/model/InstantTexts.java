package org.cpebridge.usp.agent.model;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ISO-8601 text of instants ({@link Instant#toString}), kept: a Get of 200 devices formats the same few hundred
 * contact and change times at every Get, and formatting one builds a formatter context, a builder and its text each
 * time (about a sixth of the provider's work in JFR, issue 20). The text is the same as {@link Instant#toString}'s.
 * At most {@value #MAX_KEPT} instants are kept; past that the kept texts start again, so a device that reports every
 * second cannot grow it. Thread-safe (the agent's data-model thread uses it; nothing else needs to).
 */
final class InstantTexts {
    /** More than the contact and change times of a few hundred devices. */
    static final int MAX_KEPT = 4096;

    private final Map<Instant, String> kept = new ConcurrentHashMap<>();

    /** {@code at.toString()}. */
    String textOf(Instant at) {
        String text = kept.get(at);
        if (text == null) {
            text = at.toString();
            if (kept.size() >= MAX_KEPT) {
                kept.clear();
            }
            kept.put(at, text);
        }
        return text;
    }

    /** How many texts are kept now (for tests). */
    int size() {
        return kept.size();
    }
}
