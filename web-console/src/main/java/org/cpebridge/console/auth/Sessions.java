package org.cpebridge.console.auth;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Logged-in console sessions, in memory only (a restart logs everyone out). A session is found by its cookie
 * token and carries its own CSRF token, which every state-changing request must echo in a header. A session ends
 * after {@code idle} without a request, after {@link #MAX_AGE} in all, at logout, or when the password changes.
 * At most {@link #MAX_SESSIONS} live at once; a new login ends the oldest.
 *
 * <p>Thread-safe (synchronized); time from the injected clock.
 */
public final class Sessions {

    public static final Duration MAX_AGE = Duration.ofHours(12);
    static final int MAX_SESSIONS = 32;
    private static final int TOKEN_BYTES = 32;

    /** A live session. */
    public record Session(String token, String csrfToken, Instant createdAt) {
        @Override
        public String toString() {
            return "Session[createdAt=" + createdAt + "]";
        }

        /** Whether {@code presented} is this session's CSRF token (constant time). */
        public boolean csrfMatches(String presented) {
            return presented != null && MessageDigest.isEqual(csrfToken.getBytes(StandardCharsets.US_ASCII),
                    presented.getBytes(StandardCharsets.US_ASCII));
        }
    }

    private final Clock clock;
    private final Duration idle;
    private final SecureRandom random;
    private final Map<String, Session> byToken = new LinkedHashMap<>();
    private final Map<String, Instant> lastSeen = new LinkedHashMap<>();

    public Sessions(Clock clock, Duration idle, SecureRandom random) {
        this.clock = clock;
        this.idle = idle;
        this.random = random;
    }

    public synchronized Session create() {
        expire();
        while (byToken.size() >= MAX_SESSIONS) {
            String oldest = byToken.keySet().iterator().next();
            end(oldest);
        }
        Session session = new Session(newToken(), newToken(), clock.instant());
        byToken.put(session.token(), session);
        lastSeen.put(session.token(), session.createdAt());
        return session;
    }

    /** The live session of a cookie token, which this request keeps alive; empty when none. */
    public synchronized Optional<Session> find(String token) {
        if (token == null) {
            return Optional.empty();
        }
        expire();
        Session session = byToken.get(token);
        if (session != null) {
            lastSeen.put(token, clock.instant());
        }
        return Optional.ofNullable(session);
    }

    /** Whether the session of {@code token} is still live, without keeping it alive (event streams ask this). */
    public synchronized boolean isLive(String token) {
        expire();
        return byToken.containsKey(token);
    }

    public synchronized void end(String token) {
        byToken.remove(token);
        lastSeen.remove(token);
    }

    public synchronized void endAll() {
        byToken.clear();
        lastSeen.clear();
    }

    private void expire() {
        Instant now = clock.instant();
        Iterator<Map.Entry<String, Session>> it = byToken.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Session> entry = it.next();
            Instant seen = lastSeen.get(entry.getKey());
            if (now.isAfter(seen.plus(idle)) || now.isAfter(entry.getValue().createdAt().plus(MAX_AGE))) {
                it.remove();
                lastSeen.remove(entry.getKey());
            }
        }
    }

    /** A fresh random token, URL-safe (a cookie value and a header value as it is). */
    public String newToken() {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
