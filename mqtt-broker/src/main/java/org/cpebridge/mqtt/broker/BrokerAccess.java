package org.cpebridge.mqtt.broker;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Who may connect to the embedded broker and which topics each may publish to and subscribe to. Either
 * {@link #open()} (anyone, any topic: only for a module's own tests, chosen explicitly) or a list of {@link User}s:
 * then a CONNECT needs a known user name and its password, and every PUBLISH and SUBSCRIBE is checked against that
 * user's topic filters. Immutable.
 */
public final class BrokerAccess {

    /**
     * One broker account.
     *
     * @param name      the CONNECT user name
     * @param password  the CONNECT password (never in {@link #toString()})
     * @param publish   topic filters this user may publish to (and name as its will topic)
     * @param subscribe topic filters this user may subscribe within: a requested filter must be covered by one of
     *                  these, so a user allowed {@code usp/agent/#} may subscribe to {@code usp/agent/x} but not
     *                  to {@code #}
     */
    public record User(String name, String password, List<String> publish, List<String> subscribe) {
        public User {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(password, "password");
            if (name.isEmpty() || password.isEmpty()) {
                throw new IllegalArgumentException("a broker user needs a name and a password");
            }
            publish = List.copyOf(publish);
            subscribe = List.copyOf(subscribe);
            for (String filter : publish) {
                requireFilter(filter);
            }
            for (String filter : subscribe) {
                requireFilter(filter);
            }
        }

        private static void requireFilter(String filter) {
            if (!TopicFilter.isValidFilter(filter)) {
                throw new IllegalArgumentException("invalid topic filter '" + filter + "'");
            }
        }

        boolean mayPublish(String topic) {
            return publish.stream().anyMatch(filter -> TopicFilter.matches(filter, topic));
        }

        boolean maySubscribe(String requested) {
            return subscribe.stream().anyMatch(filter -> TopicFilter.covers(filter, requested));
        }

        @Override
        public String toString() {
            return "User[" + name + ", publish " + publish + ", subscribe " + subscribe + "]";
        }
    }

    /** The outcome of a CONNECT's credentials. */
    sealed interface Verdict {
        /** Accepted; {@code user} is empty for an open broker. */
        record Accepted(Optional<User> user) implements Verdict {
        }

        /** No user name given to a broker that requires one (MQTT 5 0x87, 3.1.1 return code 5). */
        record Anonymous() implements Verdict {
        }

        /** Unknown user or wrong password (MQTT 5 0x86, 3.1.1 return code 4). */
        record BadCredentials() implements Verdict {
        }
    }

    private final boolean open;
    private final Map<String, User> users;

    private BrokerAccess(boolean open, Map<String, User> users) {
        this.open = open;
        this.users = users;
    }

    /** Anyone connects and may use any topic. Only for tests of the broker's own users; the service never uses it. */
    public static BrokerAccess open() {
        return new BrokerAccess(true, Map.of());
    }

    /** Only these users connect, each limited to its topic filters. */
    public static BrokerAccess users(List<User> users) {
        Map<String, User> byName = new LinkedHashMap<>();
        for (User user : users) {
            if (byName.put(user.name(), user) != null) {
                throw new IllegalArgumentException("broker user '" + user.name() + "' given twice");
            }
        }
        if (byName.isEmpty()) {
            throw new IllegalArgumentException("a closed broker needs at least one user");
        }
        return new BrokerAccess(false, Map.copyOf(byName));
    }

    public boolean isOpen() {
        return open;
    }

    Verdict authenticate(String userName, byte[] password) {
        if (open) {
            return new Verdict.Accepted(Optional.empty());
        }
        if (userName == null || userName.isEmpty()) {
            return new Verdict.Anonymous();
        }
        User user = users.get(userName);
        // Compared in constant time; an unknown user costs the same comparison against a dummy.
        byte[] expected = (user == null ? "\u0000" : user.password()).getBytes(StandardCharsets.UTF_8);
        boolean match = password != null && MessageDigest.isEqual(expected, password);
        return user != null && match ? new Verdict.Accepted(Optional.of(user)) : new Verdict.BadCredentials();
    }

    @Override
    public String toString() {
        return open ? "BrokerAccess[open]" : "BrokerAccess[users " + users.keySet() + "]";
    }
}
