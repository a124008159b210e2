package org.cpebridge.usp.message;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The UTF-8 bytes of parameter names, encoded once: a Get of {@code Device.ProxiedDevice.} over 200 devices carries
 * each of a few dozen names 200 times, and under the router's C1-only JIT every {@link String#getBytes} is a scan and
 * a copy. The names come from the data model's schema, so there are few of them; past {@link #CAPACITY} names
 * (a schema that grows at run time) further ones are encoded each time instead of kept. The arrays handed out are
 * shared and must not be written to.
 *
 * <p>Any thread may call it: the I/O loop answers small Gets, the workers the others.
 */
final class EncodedNames {
    /** More than any schema of this agent has names; bounds what a growing schema can make this hold. */
    static final int CAPACITY = 4096;

    private static final ConcurrentHashMap<String, byte[]> ENCODED = new ConcurrentHashMap<>();

    private EncodedNames() {
    }

    /** The UTF-8 bytes of {@code name}; do not modify them. */
    static byte[] utf8(String name) {
        byte[] bytes = ENCODED.get(name);
        if (bytes != null) {
            return bytes;
        }
        bytes = name.getBytes(StandardCharsets.UTF_8);
        if (ENCODED.size() < CAPACITY) {
            ENCODED.putIfAbsent(name, bytes);
        }
        return bytes;
    }

    /** How many names are kept (for tests). */
    static int size() {
        return ENCODED.size();
    }
}
