package org.cpebridge.matter.onboarding;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A QR code symbol (ISO/IEC 18004:2015) of version 1 to 5, enough for a 22-character Matter {@code MT:} payload in
 * byte mode. Immutable: a square of dark/light modules without the quiet zone. Encoding picks the smallest version
 * that holds the data at the requested error-correction level and the mask with the lowest penalty (7.8.3).
 */
public final class QrCode {

    /** Error-correction level, with its 2-bit format indicator (ISO/IEC 18004 Table 12). */
    public enum ErrorCorrection {
        /** Recovers about 7 %. */
        L(1),
        /** Recovers about 15 %. */
        M(0),
        /** Recovers about 25 %. */
        Q(3),
        /** Recovers about 30 %. */
        H(2);

        private final int formatBits;

        ErrorCorrection(int formatBits) {
            this.formatBits = formatBits;
        }

        int formatBits() {
            return formatBits;
        }
    }

    /** Largest version this encoder builds. */
    public static final int MAX_VERSION = 5;

    // ISO/IEC 18004 Table 9, versions 1..5, columns L, M, Q, H.
    private static final int[] TOTAL_CODEWORDS = {0, 26, 44, 70, 100, 134};
    private static final int[][] EC_PER_BLOCK = {{}, {7, 10, 13, 17}, {10, 16, 22, 28}, {15, 26, 18, 22},
        {20, 18, 26, 16}, {26, 24, 18, 22}};
    private static final int[][] BLOCKS = {{}, {1, 1, 1, 1}, {1, 1, 1, 1}, {1, 1, 2, 2}, {1, 2, 2, 4},
        {1, 2, 4, 4}};
    // ISO/IEC 18004 Annex E: centre of the single alignment pattern of versions 2..5 (0 = none).
    private static final int[] ALIGNMENT_CENTRE = {0, 0, 18, 22, 26, 30};

    private final int version;
    private final ErrorCorrection errorCorrection;
    private final int mask;
    private final boolean[][] modules;

    private QrCode(int version, ErrorCorrection errorCorrection, int mask, boolean[][] modules) {
        this.version = version;
        this.errorCorrection = errorCorrection;
        this.mask = mask;
        this.modules = modules;
    }

    /**
     * Encodes ASCII text (such as an {@code MT:} payload) in byte mode.
     *
     * @throws IllegalArgumentException if the text is not ASCII or does not fit version 5 at this level
     */
    public static QrCode encodeText(String text, ErrorCorrection errorCorrection) {
        Objects.requireNonNull(text, "text");
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 0x7F) {
                throw new IllegalArgumentException("QR text must be ASCII");
            }
        }
        return encodeBytes(text.getBytes(StandardCharsets.US_ASCII), errorCorrection);
    }

    /**
     * Encodes bytes in byte mode.
     *
     * @throws IllegalArgumentException if the data does not fit version 5 at this level
     */
    public static QrCode encodeBytes(byte[] data, ErrorCorrection errorCorrection) {
        BitBuffer bits = new BitBuffer();
        bits.append(0b0100, 4);
        bits.append(data.length, 8);
        for (byte b : data) {
            bits.append(b & 0xFF, 8);
        }
        return encodeSegmentBits(bits, errorCorrection);
    }

    /** Numeric mode (ISO/IEC 18004 7.4.3), used to reproduce the standard's worked example. */
    static QrCode encodeNumeric(String digits, ErrorCorrection errorCorrection) {
        BitBuffer bits = new BitBuffer();
        bits.append(0b0001, 4);
        bits.append(digits.length(), 10);
        for (int i = 0; i < digits.length(); i += 3) {
            String group = digits.substring(i, Math.min(i + 3, digits.length()));
            bits.append(Integer.parseInt(group), group.length() * 3 + 1);
        }
        return encodeSegmentBits(bits, errorCorrection);
    }

    private static QrCode encodeSegmentBits(BitBuffer segment, ErrorCorrection ec) {
        Objects.requireNonNull(ec, "errorCorrection");
        for (int version = 1; version <= MAX_VERSION; version++) {
            int capacityBits = dataCodewords(version, ec) * 8;
            if (segment.length() <= capacityBits) {
                byte[] data = padded(segment, capacityBits);
                return withBestMask(version, ec, interleaveWithEc(version, ec, data));
            }
        }
        throw new IllegalArgumentException("data does not fit a version " + MAX_VERSION + " QR code");
    }

    /** Builds the symbol for final (interleaved) codewords with a given mask; for reference-vector tests. */
    static QrCode fromCodewords(int version, ErrorCorrection ec, int mask, byte[] codewords) {
        Builder builder = new Builder(version);
        builder.placeData(codewords);
        builder.applyMask(mask);
        builder.drawFormat(ec, mask);
        return new QrCode(version, ec, mask, builder.modules);
    }

    private static QrCode withBestMask(int version, ErrorCorrection ec, byte[] codewords) {
        QrCode best = null;
        int bestPenalty = Integer.MAX_VALUE;
        for (int mask = 0; mask < 8; mask++) {
            QrCode candidate = fromCodewords(version, ec, mask, codewords);
            int penalty = candidate.penalty();
            if (penalty < bestPenalty) {
                best = candidate;
                bestPenalty = penalty;
            }
        }
        return best;
    }

    static int dataCodewords(int version, ErrorCorrection ec) {
        return TOTAL_CODEWORDS[version] - EC_PER_BLOCK[version][ec.ordinal()] * BLOCKS[version][ec.ordinal()];
    }

    /** Terminator (up to 4 zero bits), zero bits to a byte boundary, then 0xEC 0x11 alternately (7.4.9, 7.4.10). */
    private static byte[] padded(BitBuffer segment, int capacityBits) {
        BitBuffer bits = segment.copy();
        bits.append(0, Math.min(4, capacityBits - bits.length()));
        bits.append(0, (8 - bits.length() % 8) % 8);
        for (int pad = 0xEC; bits.length() < capacityBits; pad ^= 0xEC ^ 0x11) {
            bits.append(pad, 8);
        }
        return bits.toBytes();
    }

    /** Splits data into blocks, adds each block's EC codewords and interleaves (7.5.2, 7.6). */
    static byte[] interleaveWithEc(int version, ErrorCorrection ec, byte[] data) {
        int blocks = BLOCKS[version][ec.ordinal()];
        int ecLength = EC_PER_BLOCK[version][ec.ordinal()];
        int shortLength = data.length / blocks;
        int longBlocks = data.length % blocks;
        byte[][] dataBlocks = new byte[blocks][];
        byte[][] ecBlocks = new byte[blocks][];
        int offset = 0;
        for (int b = 0; b < blocks; b++) {
            int length = shortLength + (b >= blocks - longBlocks ? 1 : 0);
            dataBlocks[b] = java.util.Arrays.copyOfRange(data, offset, offset + length);
            ecBlocks[b] = ReedSolomon.remainder(dataBlocks[b], ecLength);
            offset += length;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(TOTAL_CODEWORDS[version]);
        for (int i = 0; i <= shortLength; i++) {
            for (int b = 0; b < blocks; b++) {
                if (i < dataBlocks[b].length) {
                    out.write(dataBlocks[b][i]);
                }
            }
        }
        for (int i = 0; i < ecLength; i++) {
            for (int b = 0; b < blocks; b++) {
                out.write(ecBlocks[b][i]);
            }
        }
        return out.toByteArray();
    }

    /** The 15-bit format information: BCH(15,5) of ec and mask, XOR 0x5412 (7.9.1). */
    static int formatBits(ErrorCorrection ec, int mask) {
        int data = ec.formatBits() << 3 | mask;
        int remainder = data;
        for (int i = 0; i < 10; i++) {
            remainder = (remainder << 1) ^ ((remainder >>> 9) * 0x537);
        }
        return (data << 10 | remainder) ^ 0x5412;
    }

    /** Version (1..5). */
    public int version() {
        return version;
    }

    /** Error-correction level. */
    public ErrorCorrection errorCorrection() {
        return errorCorrection;
    }

    /** Mask pattern (0..7). */
    public int mask() {
        return mask;
    }

    /** Modules per side, 17 + 4 × version. */
    public int size() {
        return modules.length;
    }

    /**
     * True if the module at column {@code x}, row {@code y} is dark.
     *
     * @throws IndexOutOfBoundsException outside the symbol
     */
    public boolean isDark(int x, int y) {
        Objects.checkIndex(x, size());
        Objects.checkIndex(y, size());
        return modules[y][x];
    }

    /** One line per row, '1' dark and '0' light; for tests and debugging. */
    public String toBitString() {
        StringBuilder out = new StringBuilder(size() * (size() + 1));
        for (boolean[] row : modules) {
            for (boolean dark : row) {
                out.append(dark ? '1' : '0');
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** Penalty score of ISO/IEC 18004 7.8.3.1 (N1 = 3, N2 = 3, N3 = 40, N4 = 10). */
    int penalty() {
        int size = size();
        int score = 0;
        for (int pass = 0; pass < 2; pass++) {
            for (int a = 0; a < size; a++) {
                int run = 1;
                for (int b = 1; b < size; b++) {
                    boolean current = pass == 0 ? modules[a][b] : modules[b][a];
                    boolean previous = pass == 0 ? modules[a][b - 1] : modules[b - 1][a];
                    if (current == previous) {
                        run++;
                    } else {
                        score += run >= 5 ? 3 + run - 5 : 0;
                        run = 1;
                    }
                }
                score += run >= 5 ? 3 + run - 5 : 0;
                score += 40 * finderLikeCount(a, pass == 0);
            }
        }
        for (int y = 0; y < size - 1; y++) {
            for (int x = 0; x < size - 1; x++) {
                boolean c = modules[y][x];
                if (c == modules[y][x + 1] && c == modules[y + 1][x] && c == modules[y + 1][x + 1]) {
                    score += 3;
                }
            }
        }
        int dark = 0;
        for (boolean[] row : modules) {
            for (boolean module : row) {
                dark += module ? 1 : 0;
            }
        }
        int total = size * size;
        int deviation = Math.abs(dark * 20 - total * 10);
        score += 10 * (deviation / total);
        return score;
    }

    /** Counts 1:1:3:1:1 dark patterns with four light modules (or the edge) on one side, in a row or column. */
    private int finderLikeCount(int line, boolean row) {
        int size = size();
        int count = 0;
        boolean[] pattern = {true, false, true, true, true, false, true};
        for (int start = 0; start + 7 <= size; start++) {
            boolean matches = true;
            for (int i = 0; i < 7 && matches; i++) {
                matches = module(line, start + i, row) == pattern[i];
            }
            if (matches && (lightRun(line, start - 4, start, row) || lightRun(line, start + 7, start + 11, row))) {
                count++;
            }
        }
        return count;
    }

    private boolean lightRun(int line, int from, int to, boolean row) {
        for (int i = from; i < to; i++) {
            if (i >= 0 && i < size() && module(line, i, row)) {
                return false;
            }
        }
        return true;
    }

    private boolean module(int line, int index, boolean row) {
        return row ? modules[line][index] : modules[index][line];
    }

    /** Draws function patterns, data and format information on a fresh matrix. */
    private static final class Builder {
        private final int version;
        private final int size;
        private final boolean[][] modules;
        private final boolean[][] function;

        Builder(int version) {
            if (version < 1 || version > MAX_VERSION) {
                throw new IllegalArgumentException("QR version out of range 1..5: " + version);
            }
            this.version = version;
            this.size = 17 + 4 * version;
            this.modules = new boolean[size][size];
            this.function = new boolean[size][size];
            drawFunctionPatterns();
        }

        private void set(int x, int y, boolean dark) {
            modules[y][x] = dark;
            function[y][x] = true;
        }

        private void drawFunctionPatterns() {
            for (int i = 0; i < size; i++) {
                set(6, i, i % 2 == 0);
                set(i, 6, i % 2 == 0);
            }
            drawFinder(3, 3);
            drawFinder(size - 4, 3);
            drawFinder(3, size - 4);
            if (ALIGNMENT_CENTRE[version] != 0) {
                int c = ALIGNMENT_CENTRE[version];
                for (int dy = -2; dy <= 2; dy++) {
                    for (int dx = -2; dx <= 2; dx++) {
                        set(c + dx, c + dy, Math.max(Math.abs(dx), Math.abs(dy)) != 1);
                    }
                }
            }
            // Reserve the format areas now (filled in drawFormat) and set the dark module (7.9.1).
            drawFormatBits(0);
            set(8, size - 8, true);
        }

        private void drawFinder(int cx, int cy) {
            for (int dy = -4; dy <= 4; dy++) {
                for (int dx = -4; dx <= 4; dx++) {
                    int x = cx + dx;
                    int y = cy + dy;
                    if (x >= 0 && x < size && y >= 0 && y < size) {
                        int distance = Math.max(Math.abs(dx), Math.abs(dy));
                        set(x, y, distance != 2 && distance != 4);
                    }
                }
            }
        }

        void drawFormat(ErrorCorrection ec, int mask) {
            drawFormatBits(formatBits(ec, mask));
        }

        private void drawFormatBits(int bits) {
            for (int i = 0; i <= 5; i++) {
                set(8, i, bit(bits, i));
            }
            set(8, 7, bit(bits, 6));
            set(8, 8, bit(bits, 7));
            set(7, 8, bit(bits, 8));
            for (int i = 9; i < 15; i++) {
                set(14 - i, 8, bit(bits, i));
            }
            for (int i = 0; i < 8; i++) {
                set(size - 1 - i, 8, bit(bits, i));
            }
            for (int i = 8; i < 15; i++) {
                set(8, size - 15 + i, bit(bits, i));
            }
        }

        /** Places codewords in the two-column zigzag from the bottom right, skipping column 6 (7.7.3). */
        void placeData(byte[] codewords) {
            int bitIndex = 0;
            int totalBits = codewords.length * 8;
            for (int right = size - 1; right >= 1; right -= 2) {
                if (right == 6) {
                    right = 5;
                }
                boolean upward = ((right + 1) & 2) == 0;
                for (int step = 0; step < size; step++) {
                    int y = upward ? size - 1 - step : step;
                    for (int j = 0; j < 2; j++) {
                        int x = right - j;
                        if (!function[y][x] && bitIndex < totalBits) {
                            modules[y][x] = ((codewords[bitIndex >>> 3] >> (7 - (bitIndex & 7))) & 1) != 0;
                            bitIndex++;
                        }
                    }
                }
            }
            if (bitIndex != totalBits) {
                throw new IllegalArgumentException("codewords do not fill version " + version);
            }
        }

        void applyMask(int mask) {
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    if (!function[y][x] && maskBit(mask, x, y)) {
                        modules[y][x] = !modules[y][x];
                    }
                }
            }
        }

        private static boolean bit(int value, int index) {
            return ((value >>> index) & 1) != 0;
        }
    }

    /** The mask condition of ISO/IEC 18004 Table 10 for column x, row y. */
    static boolean maskBit(int mask, int x, int y) {
        return switch (mask) {
            case 0 -> (y + x) % 2 == 0;
            case 1 -> y % 2 == 0;
            case 2 -> x % 3 == 0;
            case 3 -> (y + x) % 3 == 0;
            case 4 -> (y / 2 + x / 3) % 2 == 0;
            case 5 -> (y * x) % 2 + (y * x) % 3 == 0;
            case 6 -> ((y * x) % 2 + (y * x) % 3) % 2 == 0;
            case 7 -> ((y + x) % 2 + (y * x) % 3) % 2 == 0;
            default -> throw new IllegalArgumentException("mask out of range 0..7: " + mask);
        };
    }

    /** Append-only bit string, most significant bit first. */
    private static final class BitBuffer {
        private final java.util.BitSet bits = new java.util.BitSet();
        private int length;

        void append(int value, int count) {
            for (int i = count - 1; i >= 0; i--) {
                bits.set(length++, ((value >>> i) & 1) != 0);
            }
        }

        int length() {
            return length;
        }

        BitBuffer copy() {
            BitBuffer copy = new BitBuffer();
            copy.bits.or(bits);
            copy.length = length;
            return copy;
        }

        byte[] toBytes() {
            byte[] out = new byte[length / 8];
            for (int i = 0; i < length; i++) {
                if (bits.get(i)) {
                    out[i >>> 3] |= (byte) (0x80 >>> (i & 7));
                }
            }
            return out;
        }
    }
}
