package org.cpebridge.privacy.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One line of the transparency log. {@code hash} is SHA-256 over {@code previousHash} and every field (each
 * length-prefixed, so no two field lists hash alike), which chains each entry to the one before.
 *
 * @param sequence     1, 2, ... over the log's whole life (also the {@code AccessLog.{i}} number)
 * @param time         when it happened
 * @param controller   the Controller's Endpoint ID
 * @param operation    Get, GetInstances, GetSupportedDM, Set, Add, Delete, Operate or Notify
 * @param paths        the paths asked for or notified, comma-separated
 * @param decision     what the Controller got
 * @param previousHash the hash of the entry before (64 zeros before the first)
 * @param hash         this entry's hash
 */
public record AccessLogEntry(long sequence, Instant time, String controller, String operation, String paths,
        Decision decision, String previousHash, String hash) {
    public static final String GENESIS = "0".repeat(64);

    public AccessLogEntry {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(controller, "controller");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(paths, "paths");
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(previousHash, "previousHash");
        Objects.requireNonNull(hash, "hash");
    }

    /** A new entry chained to {@code previousHash}. */
    public static AccessLogEntry chained(long sequence, Instant time, String controller, String operation,
            String paths, Decision decision, String previousHash) {
        return new AccessLogEntry(sequence, time, controller, operation, paths, decision, previousHash,
                hashOf(sequence, time, controller, operation, paths, decision, previousHash));
    }

    /** Whether {@code hash} is what the fields and {@code previousHash} give. */
    public boolean selfConsistent() {
        return hash.equals(hashOf(sequence, time, controller, operation, paths, decision, previousHash));
    }

    static String hashOf(long sequence, Instant time, String controller, String operation, String paths,
            Decision decision, String previousHash) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        for (String field : new String[] {previousHash, Long.toString(sequence), time.toString(), controller,
                operation, paths, decision.name()}) {
            byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
            digest.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
            digest.update((byte) ':');
            digest.update(bytes);
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
