package org.cpebridge.mqtt;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The error handling both Paho clients share: their exception types differ, what we do with them does not. */
final class PahoCalls {
    private static final Logger LOG = LoggerFactory.getLogger(PahoCalls.class);

    /** A call into a Paho client. */
    interface Call {
        void run() throws Exception;
    }

    private PahoCalls() {
    }

    /** Runs {@code call}; any failure becomes a {@link MqttPortException} saying {@code what} failed. */
    static void checked(String what, Call call) throws MqttPortException {
        try {
            call.run();
        } catch (Exception e) {
            throw new MqttPortException(what + ": " + e.getMessage(), e);
        }
    }

    /** Runs a cleanup {@code call} that fails harmlessly on a client already disconnected or closed. */
    static void quietly(String clientId, String what, Call call) {
        try {
            call.run();
        } catch (Exception e) {
            LOG.trace("[mqtt {}] {}: {}", clientId, what, e.getMessage());
        }
    }
}
