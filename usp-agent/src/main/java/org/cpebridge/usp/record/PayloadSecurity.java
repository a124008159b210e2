package org.cpebridge.usp.record;

/** The {@code payload_security} field of a Record. Unknown wire values are kept. */
public record PayloadSecurity(int value) {
    public static final PayloadSecurity PLAINTEXT = new PayloadSecurity(0);
    public static final PayloadSecurity TLS12 = new PayloadSecurity(1);

    public PayloadSecurity {
        if (value < 0) {
            throw new IllegalArgumentException("negative payload_security " + value);
        }
    }
}
