package org.cpebridge.matter.onboarding;

/**
 * Reed-Solomon error correction codewords over GF(256) with the QR polynomial x^8 + x^4 + x^3 + x^2 + 1 (0x11D) and
 * generator roots α^0 .. α^(n-1) (ISO/IEC 18004:2015 7.5.2).
 */
final class ReedSolomon {

    private static final int[] EXP = new int[512];
    private static final int[] LOG = new int[256];

    static {
        int x = 1;
        for (int i = 0; i < 255; i++) {
            EXP[i] = x;
            LOG[x] = i;
            x <<= 1;
            if (x >= 0x100) {
                x ^= 0x11D;
            }
        }
        for (int i = 255; i < EXP.length; i++) {
            EXP[i] = EXP[i - 255];
        }
    }

    private ReedSolomon() {
    }

    static int multiply(int a, int b) {
        return a == 0 || b == 0 ? 0 : EXP[LOG[a] + LOG[b]];
    }

    /** Coefficients of prod (x - α^i), i = 0..degree-1, highest power first, leading 1 omitted. */
    static int[] generator(int degree) {
        int[] poly = new int[degree];
        poly[degree - 1] = 1;
        int root = 1;
        for (int i = 0; i < degree; i++) {
            for (int j = 0; j < degree; j++) {
                poly[j] = multiply(poly[j], root);
                if (j + 1 < degree) {
                    poly[j] ^= poly[j + 1];
                }
            }
            root = multiply(root, 2);
        }
        return poly;
    }

    /** The {@code ecLength} remainder codewords of {@code data} (polynomial division by the generator). */
    static byte[] remainder(byte[] data, int ecLength) {
        int[] generator = generator(ecLength);
        int[] result = new int[ecLength];
        for (byte b : data) {
            int factor = (b & 0xFF) ^ result[0];
            System.arraycopy(result, 1, result, 0, ecLength - 1);
            result[ecLength - 1] = 0;
            for (int i = 0; i < ecLength; i++) {
                result[i] ^= multiply(generator[i], factor);
            }
        }
        byte[] out = new byte[ecLength];
        for (int i = 0; i < ecLength; i++) {
            out[i] = (byte) result[i];
        }
        return out;
    }

    /** Evaluates the codeword polynomial at α^i for i = 0..ecLength-1; all zero means no detectable error. */
    static boolean syndromesAreZero(byte[] codeword, int ecLength) {
        for (int i = 0; i < ecLength; i++) {
            int x = EXP[i];
            int value = 0;
            for (byte b : codeword) {
                value = multiply(value, x) ^ (b & 0xFF);
            }
            if (value != 0) {
                return false;
            }
        }
        return true;
    }
}
