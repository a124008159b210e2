package org.cpebridge.matter.commissioning;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.cpebridge.core.json.Json;
import org.cpebridge.core.store.DurableStore;
import org.cpebridge.core.store.StoreException;
import org.cpebridge.matter.crypto.CryptoRandom;
import org.cpebridge.matter.crypto.Spake2p;
import org.cpebridge.matter.crypto.Spake2pVerifier;
import org.cpebridge.matter.onboarding.Passcodes;
import org.cpebridge.matter.pase.PbkdfParameters;
import org.cpebridge.bytes.Bytes;

/**
 * The bridge's onboarding facts: setup passcode, discriminator and the PASE verifier made from the passcode.
 *
 * <p>Like a device's factory data, the passcode and discriminator are generated once and persisted (record
 * {@value #RECORD}), since the household must be able to pair after a restart from the code printed at startup.
 * PASE itself only ever gets the verifier (w0, L) with its salt and iteration count; the passcode leaves this record
 * only to be shown to the person at the console.
 */
public record OnboardingData(long passcode, int discriminator, PbkdfParameters pbkdf, Spake2pVerifier verifier) {

    /** Store record name. */
    public static final String RECORD = "matter/onboarding";
    static final int FORMAT_VERSION = 1;
    /** PBKDF2 iterations for a new verifier: the Matter minimum is 1,000; the SDK's examples use 1,000 too. */
    static final int ITERATIONS = 1000;
    static final int SALT_LENGTH = 32;

    public OnboardingData {
        Passcodes.requireValid(passcode);
        if (discriminator < 0 || discriminator > 0xFFF) {
            throw new IllegalArgumentException("discriminator is 12 bits: " + discriminator);
        }
        Objects.requireNonNull(pbkdf, "pbkdf");
        Objects.requireNonNull(verifier, "verifier");
    }

    /** Makes the verifier for a passcode with a new random salt. */
    public static OnboardingData create(long passcode, int discriminator, CryptoRandom random) {
        PbkdfParameters pbkdf = new PbkdfParameters(ITERATIONS, Bytes.of(random.bytes(SALT_LENGTH)));
        Spake2pVerifier verifier = Spake2p.secretsFromPasscode(passcode, pbkdf.salt().toByteArray(), ITERATIONS)
                .verifier();
        return new OnboardingData(passcode, discriminator, pbkdf, verifier);
    }

    /**
     * Fresh credentials for one commissioning window: a random valid passcode and discriminator, a new salt. Never
     * stored: the household's console shows them while that window is open, and they die with it.
     */
    public static OnboardingData random(CryptoRandom random) {
        return create(randomPasscode(random), randomBits(random, 12), random);
    }

    /**
     * Loads the stored onboarding data, or generates and stores it at first start. A passcode or discriminator
     * given in the configuration replaces the stored one (and the verifier is made again).
     *
     * @param configuredPasscode      the configured passcode, or null
     * @param configuredDiscriminator the configured discriminator, or null
     */
    public static OnboardingData loadOrCreate(DurableStore store, Long configuredPasscode,
                                              Integer configuredDiscriminator, CryptoRandom random) {
        OnboardingData stored = store.read(RECORD).map(OnboardingData::decode).orElse(null);
        long passcode = configuredPasscode != null ? configuredPasscode
                : stored != null ? stored.passcode() : randomPasscode(random);
        int discriminator = configuredDiscriminator != null ? configuredDiscriminator
                : stored != null ? stored.discriminator() : randomBits(random, 12);
        if (stored != null && stored.passcode() == passcode && stored.discriminator() == discriminator) {
            return stored;
        }
        OnboardingData created = create(passcode, discriminator, random);
        store.write(RECORD, FORMAT_VERSION, created.encode().getBytes(StandardCharsets.UTF_8));
        return created;
    }

    static long randomPasscode(CryptoRandom random) {
        while (true) {
            long candidate = randomBits(random, 27) % (Passcodes.MAX + 1);
            if (Passcodes.isValid(candidate)) {
                return candidate;
            }
        }
    }

    private static int randomBits(CryptoRandom random, int bits) {
        byte[] bytes = random.bytes(4);
        int value = ((bytes[0] & 0xFF) << 24) | ((bytes[1] & 0xFF) << 16) | ((bytes[2] & 0xFF) << 8)
                | (bytes[3] & 0xFF);
        return value >>> (32 - bits);
    }

    String encode() {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("passcode", passcode);
        object.put("discriminator", discriminator);
        object.put("iterations", pbkdf.iterations());
        object.put("salt", pbkdf.salt().hex());
        object.put("verifier", verifier.serialize().hex());
        return Json.write(object);
    }

    /** Reads a stored record; a damaged one is a {@link StoreException} naming the record. */
    public static OnboardingData decode(org.cpebridge.core.store.StoredRecord record) {
        try {
            Map<String, Object> object = Json.parseObject(record.textOfFormat(FORMAT_VERSION));
            return new OnboardingData(((Number) object.get("passcode")).longValue(),
                    ((Number) object.get("discriminator")).intValue(),
                    new PbkdfParameters(((Number) object.get("iterations")).longValue(),
                            Bytes.fromHex((String) object.get("salt"))),
                    Spake2pVerifier.deserialize(Bytes.fromHex((String) object.get("verifier"))));
        } catch (RuntimeException e) {
            throw new StoreException(RECORD + " is not valid onboarding data: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        // Never print the passcode or the verifier in logs.
        return "OnboardingData[discriminator=" + discriminator + ", iterations=" + pbkdf.iterations() + "]";
    }
}
