package org.cpebridge.securetime.wire;

import java.nio.charset.StandardCharsets;

/**
 * A Roughtime tag: four ASCII bytes read as a little-endian u32, shorter names NUL-padded ({@code SIG\0}).
 * Messages order their tags by this u32 value (draft-ietf-ntp-roughtime-19 section 5.2).
 *
 * @param value the u32, as an int compared unsigned
 */
public record Tag(int value) implements Comparable<Tag> {

    public static final Tag SIG = of("SIG");
    public static final Tag VER = of("VER");
    public static final Tag SRV = of("SRV");
    public static final Tag NONC = of("NONC");
    public static final Tag DELE = of("DELE");
    public static final Tag TYPE = of("TYPE");
    public static final Tag PATH = of("PATH");
    public static final Tag RADI = of("RADI");
    public static final Tag PUBK = of("PUBK");
    public static final Tag MIDP = of("MIDP");
    public static final Tag SREP = of("SREP");
    public static final Tag VERS = of("VERS");
    public static final Tag ROOT = of("ROOT");
    public static final Tag CERT = of("CERT");
    public static final Tag MINT = of("MINT");
    public static final Tag MAXT = of("MAXT");
    public static final Tag INDX = of("INDX");
    public static final Tag ZZZZ = of("ZZZZ");

    /** The tag of a name of one to four ASCII characters. */
    public static Tag of(String name) {
        byte[] ascii = name.getBytes(StandardCharsets.US_ASCII);
        if (ascii.length < 1 || ascii.length > 4) {
            throw new IllegalArgumentException("a tag has 1 to 4 characters: " + name);
        }
        int value = 0;
        for (int i = 0; i < ascii.length; i++) {
            value |= (ascii[i] & 0xff) << (8 * i);
        }
        return new Tag(value);
    }

    @Override
    public int compareTo(Tag other) {
        return Integer.compareUnsigned(value, other.value);
    }

    @Override
    public String toString() {
        StringBuilder name = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            int c = (value >>> (8 * i)) & 0xff;
            if (c == 0) {
                break;
            }
            name.append(c >= 0x20 && c < 0x7f ? (char) c : '?');
        }
        return name.length() == 0 ? String.format("0x%08x", value) : name.toString();
    }
}
