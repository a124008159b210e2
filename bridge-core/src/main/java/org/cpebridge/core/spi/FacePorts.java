package org.cpebridge.core.spi;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Typed ports one face offers to another without either depending on the other's module: the Matter face provides
 * {@link Pairing}, the web console looks it up; the USP face provides the privacy policy's {@code HouseholdPrivacy}.
 * Keys are interfaces of modules both faces may depend on (the core, privacy-policy), never a face's own type, so
 * a face still sees nothing of another face. Faces start in an order the service chooses, so a user looks a port
 * up when it needs it (per request), never once at start.
 *
 * <p>The service itself provides, before any component starts, netty's {@code io.netty.channel.EventLoopGroup}: the
 * one I/O loop that every netty transport (embedded broker, USP WebSocket, web console, Matter UDP, the DECT link and
 * simulator control) borrows instead of starting threads of its own; a component may look that one up at its start.
 * Adapters see the same instance ({@link AdapterContext#ports()}). The core only holds it as an opaque key and value:
 * it depends on no netty.
 *
 * <p>Thread-safe: providers register from their start thread, users look up from any thread.
 */
public final class FacePorts {

    private final ConcurrentMap<Class<?>, Object> provided = new ConcurrentHashMap<>();

    /**
     * Offers {@code implementation} under {@code type} until {@link #withdraw}.
     *
     * @throws IllegalStateException when another implementation already provides that type
     */
    public <T> void provide(Class<T> type, T implementation) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(implementation, "implementation");
        if (!type.isInstance(implementation)) {
            throw new IllegalArgumentException(implementation.getClass() + " is no " + type.getName());
        }
        Object earlier = provided.putIfAbsent(type, implementation);
        if (earlier != null && earlier != implementation) {
            throw new IllegalStateException(type.getName() + " is already provided by " + earlier.getClass());
        }
    }

    /** Withdraws {@code implementation} if it still provides {@code type} (a face that stops). */
    public <T> void withdraw(Class<T> type, T implementation) {
        provided.remove(type, implementation);
    }

    /** The implementation of {@code type} a running face provides, if any. */
    public <T> Optional<T> find(Class<T> type) {
        return Optional.ofNullable(provided.get(type)).map(type::cast);
    }
}
