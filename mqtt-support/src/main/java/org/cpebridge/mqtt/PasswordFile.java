package org.cpebridge.mqtt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * An MQTT password kept in a file of its own (so the config file need not hold it): the file's first line, without
 * its line end. A missing, unreadable or empty file is an error naming the file; the password is never in a message.
 * Stateless.
 */
public final class PasswordFile {

    private PasswordFile() {
    }

    /**
     * The password given directly or in a file; both at once is an error, since one would be silently ignored.
     *
     * @param passwordKey and {@code fileKey} name the settings in messages
     * @throws IllegalArgumentException naming the key or file when both are given or the file cannot be used
     */
    public static Optional<String> resolve(Optional<String> password, Optional<Path> file, String passwordKey,
            String fileKey) {
        Optional<String> direct = password.filter(p -> !p.isEmpty());
        Optional<Path> path = file;
        if (direct.isPresent() && path.isPresent()) {
            throw new IllegalArgumentException(passwordKey + " and " + fileKey + " are both set; keep one");
        }
        return path.isPresent() ? Optional.of(read(path.get(), fileKey)) : direct;
    }

    static String read(Path file, String fileKey) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(fileKey + ": cannot read " + file + " (" + e.getClass().getSimpleName()
                    + ")");
        }
        int end = text.indexOf('\n');
        String line = (end < 0 ? text : text.substring(0, end)).replace("\r", "");
        if (line.isEmpty()) {
            throw new IllegalArgumentException(fileKey + ": " + file + " holds no password on its first line");
        }
        return line;
    }
}
