package org.cpebridge.core.config;

/** A configuration problem that stops startup. The message names the key (and the file and line, if any). */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
