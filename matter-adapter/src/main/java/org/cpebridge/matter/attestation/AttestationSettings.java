package org.cpebridge.matter.attestation;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.cpebridge.core.config.Config;
import org.cpebridge.core.config.ConfigKey;
import org.cpebridge.matter.attestation.AttestationException.Reason;
import org.cpebridge.matter.crypto.CryptoRandom;
import org.cpebridge.matter.store.RecordStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Configuration keys that point a product at its own attestation material. All four are set together or none;
 * when none is set the bridge uses the public SDK test PAI and CD signing key (development only, see
 * {@link AttestationProvisioning}). Files may be PEM or DER.
 */
public final class AttestationSettings {

    public static final ConfigKey<String> DAC = ConfigKey.string("matter.attestation.dac", null,
            "Path of the Device Attestation Certificate (PEM or DER); unset = generated development DAC");
    public static final ConfigKey<String> DAC_KEY = ConfigKey.string("matter.attestation.dacKey", null,
            "Path of the DAC private key (SEC1 or PKCS#8, PEM or DER); unset = generated development key");
    public static final ConfigKey<String> PAI = ConfigKey.string("matter.attestation.pai", null,
            "Path of the Product Attestation Intermediate certificate (PEM or DER); unset = SDK test PAI");
    public static final ConfigKey<String> CD = ConfigKey.string("matter.attestation.cd", null,
            "Path of the CMS-signed Certification Declaration (DER); unset = development CD signed with the "
                    + "SDK test key");

    private static final Logger LOG = LoggerFactory.getLogger(AttestationSettings.class);

    private AttestationSettings() {
    }

    /**
     * The material for this node: the configured files when these settings are set, else the development
     * material (generated once, then read from {@code store}).
     *
     * @throws AttestationException when configured files are missing, partial or do not fit together, or the
     *     stored record is corrupt
     */
    public static AttestationMaterial provision(Config config, RecordStore store, CryptoRandom random)
            throws AttestationException {
        Optional<String> dac = config.find(DAC);
        Optional<String> dacKey = config.find(DAC_KEY);
        Optional<String> pai = config.find(PAI);
        Optional<String> cd = config.find(CD);
        int given = (dac.isPresent() ? 1 : 0) + (dacKey.isPresent() ? 1 : 0) + (pai.isPresent() ? 1 : 0)
                + (cd.isPresent() ? 1 : 0);
        if (given == 0) {
            return AttestationProvisioning.development(store, random);
        }
        if (given != 4) {
            throw new AttestationException(Reason.INVALID_ARGUMENT, "set all of matter.attestation.dac, .dacKey, "
                    + ".pai and .cd, or none of them");
        }
        AttestationMaterial material = AttestationProvisioning.fromFiles(Path.of(dac.get()), Path.of(dacKey.get()),
                Path.of(pai.get()), Path.of(cd.get()));
        LOG.info("Matter attestation: product material {}", material);
        return material;
    }

    /** All attestation keys, for the face's config schema. */
    public static List<ConfigKey<?>> keys() {
        return List.of(DAC, DAC_KEY, PAI, CD);
    }
}
