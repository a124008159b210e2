package org.cpebridge.mqtt;

import java.util.Optional;

/**
 * Where a caller finds the service's shared netty I/O group without naming netty itself: the bridge core's
 * {@code FacePorts::find} fits as a method reference, and this module, which knows no bridge type, looks up
 * {@code io.netty.channel.EventLoopGroup} through it ({@link ConnectOptions.Builder#ioGroupFrom}).
 */
@FunctionalInterface
public interface IoPorts {

    /** No shared group: every client makes its own one-thread loop (standalone tools and tests). */
    IoPorts NONE = new IoPorts() {
        @Override
        public <T> Optional<T> find(Class<T> type) {
            return Optional.empty();
        }
    };

    /** The implementation of {@code type} on offer, if any. */
    <T> Optional<T> find(Class<T> type);
}
