package org.cpebridge.console.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.cpebridge.core.json.Json;
import org.cpebridge.core.store.DurableStore;
import org.cpebridge.core.store.StoredRecord;

/**
 * The household's console password, kept as a salted PBKDF2-HMAC-SHA256 hash in the core's durable store
 * ({@value #RECORD}, a file only the service user can read). The password itself is never stored or logged. The
 * record keeps its own iteration count, so raising the configured count never locks the household out.
 *
 * <p>Thread-safe: the hash is read from the store on every check, and set at most once per reset.
 */
public final class PasswordStore {

    public static final String RECORD = "console/password";
    private static final int FORMAT = 1;
    private static final String KDF = "PBKDF2WithHmacSHA256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    /** Shortest password the console accepts when it is set. */
    public static final int MIN_LENGTH = 8;
    /** Longest password considered: PBKDF2 hashes a longer one just as well, but nobody types 256 characters. */
    public static final int MAX_LENGTH = 256;

    private final DurableStore store;
    private final int iterations;
    private final SecureRandom random;

    public PasswordStore(DurableStore store, int iterations, SecureRandom random) {
        this.store = store;
        this.iterations = iterations;
        this.random = random;
    }

    /** Whether the household has set a password yet (the first visit sets it). */
    public boolean isSet() {
        return store.read(RECORD).isPresent();
    }

    /**
     * Sets the first password.
     *
     * @throws IllegalStateException    when one is already set (only a reset from the router's own console clears it)
     * @throws IllegalArgumentException when it is too short or too long
     */
    public synchronized void setFirst(String password) {
        if (isSet()) {
            throw new IllegalStateException("a password is already set");
        }
        checkAcceptable(password);
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = derive(password, salt, iterations);
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("kdf", KDF);
        record.put("iterations", iterations);
        record.put("salt", Base64.getEncoder().encodeToString(salt));
        record.put("hash", Base64.getEncoder().encodeToString(hash));
        store.write(RECORD, FORMAT, Json.write(record).getBytes(StandardCharsets.UTF_8));
    }

    /** Whether {@code password} is the stored one; false when none is set. Takes the KDF's time either way. */
    public boolean matches(String password) {
        Optional<StoredRecord> stored = store.read(RECORD);
        if (stored.isEmpty() || password == null || password.length() > MAX_LENGTH) {
            return false;
        }
        Map<String, Object> record = Json.parseObject(stored.get().textOfFormat(FORMAT));
        if (!KDF.equals(record.get("kdf"))) {
            throw new IllegalStateException(RECORD + " uses an unknown KDF " + record.get("kdf"));
        }
        int storedIterations = ((Number) record.get("iterations")).intValue();
        byte[] salt = Base64.getDecoder().decode((String) record.get("salt"));
        byte[] expected = Base64.getDecoder().decode((String) record.get("hash"));
        return MessageDigest.isEqual(expected, derive(password, salt, storedIterations));
    }

    /** Forgets the password, so the next visit sets a new one (the router console's reset). */
    public void reset() {
        store.delete(RECORD);
    }

    public static void checkAcceptable(String password) {
        if (password == null || password.codePointCount(0, password.length()) < MIN_LENGTH) {
            throw new IllegalArgumentException("the password needs at least " + MIN_LENGTH + " characters");
        }
        if (password.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("the password may have at most " + MAX_LENGTH + " characters");
        }
    }

    private static byte[] derive(String password, byte[] salt, int iterations) {
        char[] chars = password.toCharArray();
        PBEKeySpec spec = new PBEKeySpec(chars, salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance(KDF).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks " + KDF, e);
        } finally {
            spec.clearPassword();
            Arrays.fill(chars, '\0');
        }
    }
}
