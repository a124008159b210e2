package org.cpebridge.matter.onboarding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import io.nayuki.qrcodegen.QrCode;
import io.nayuki.qrcodegen.QrSegment;

import org.junit.jupiter.api.Test;

/**
 * The onboarding QR symbol (drawn by qrcodegen) checked against published vectors and read back by a reader of our
 * own, and its terminal rendering.
 */
class QrSymbolTest {

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    /** A symbol built from given data codewords at a chosen mask (qrcodegen adds the error correction). */
    private static QrCode fromData(int version, QrCode.Ecc level, int mask, byte[] data) {
        return new QrCode(version, level, data, mask);
    }

    @Test
    void errorCorrectionMatchesPublishedCodewords() {
        // swetake.com/qr/qr7.html via zxing MatrixUtilTestCase.testBuildMatrix: version 1-H, 9 data + 17 EC
        byte[] read = new TestReader(fromData(1, QrCode.Ecc.HIGH, 3, ZXING_DATA)).codewords();
        assertArrayEquals(bytes(42, 159, 74, 221, 244, 169, 239, 150, 138, 70, 237, 85, 224, 96, 74, 219, 61),
                Arrays.copyOfRange(read, 9, 26));
        // ISO/IEC 18004 Annex I worked example "01234567", version 1-M: 16 data + 10 EC codewords
        read = new TestReader(fromData(1, QrCode.Ecc.MEDIUM, 0, ANNEX_I_DATA)).codewords();
        assertArrayEquals(bytes(0xA5, 0x24, 0xD4, 0xC1, 0xED, 0x36, 0xC7, 0x87, 0x2C, 0x55),
                Arrays.copyOfRange(read, 16, 26));
    }

    private static final byte[] ZXING_DATA = bytes(32, 65, 205, 69, 41, 220, 46, 128, 236);

    // ISO/IEC 18004 Annex I: numeric "01234567" at 1-M, data codewords after terminator and pad bytes
    private static final byte[] ANNEX_I_DATA = bytes(0x10, 0x20, 0x0C, 0x56, 0x61, 0x80, 0xEC, 0x11, 0xEC, 0x11,
            0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11);

    @Test
    void formatInformationMatchesIsoTable() {
        // ISO/IEC 18004 Annex C Table C.1 (valid format information bit sequences), levels L and M
        int[] l = {0b111011111000100, 0b111001011110011, 0b111110110101010, 0b111100010011101,
            0b110011000101111, 0b110001100011000, 0b110110001000001, 0b110100101110110};
        int[] m = {0b101010000010010, 0b101000100100101, 0b101111001111100, 0b101101101001011,
            0b100010111111001, 0b100000011001110, 0b100111110010111, 0b100101010100000};
        for (int mask = 0; mask < 8; mask++) {
            assertEquals(l[mask], TestReader.formatWord(fromData(1, QrCode.Ecc.LOW, mask, new byte[19])), "L" + mask);
            assertEquals(m[mask], TestReader.formatWord(fromData(1, QrCode.Ecc.MEDIUM, mask, new byte[16])),
                    "M" + mask);
            assertEquals(l[mask], TestReader.formatBits(QrCode.Ecc.LOW, mask), "reader L" + mask);
            assertEquals(m[mask], TestReader.formatBits(QrCode.Ecc.MEDIUM, mask), "reader M" + mask);
        }
    }

    @Test
    void matrixMatchesZxingReference() {
        // zxing core MatrixUtilTestCase.testBuildMatrix (from swetake.com/qr/qr7.html): version 1, level H, mask 3
        String expected = String.join("\n",
                "111111100110001111111",
                "100000100000001000001",
                "101110100001001011101",
                "101110100110001011101",
                "101110101100101011101",
                "100000100011101000001",
                "111111101010101111111",
                "000000001101100000000",
                "001100111001111010000",
                "101010000011100101110",
                "111101101011100111010",
                "101011011100111001010",
                "001001110000001011111",
                "000000001101000001011",
                "111111101111000010110",
                "100000100001011100000",
                "101110100100110010011",
                "101110101101000001110",
                "101110101111000011100",
                "100000100000000010100",
                "111111100011111010010") + "\n";
        assertEquals(expected, bitString(fromData(1, QrCode.Ecc.HIGH, 3, ZXING_DATA)));
    }

    private static String bitString(QrCode code) {
        StringBuilder out = new StringBuilder();
        for (int y = 0; y < code.size; y++) {
            for (int x = 0; x < code.size; x++) {
                out.append(code.getModule(x, y) ? '1' : '0');
            }
            out.append('\n');
        }
        return out.toString();
    }

    @Test
    void annexIExampleReadsBackToTheStandardsCodewords() {
        QrCode code = QrCode.encodeSegments(List.of(QrSegment.makeNumeric("01234567")), QrCode.Ecc.MEDIUM, 1, 40, -1,
                false);
        assertEquals(1, code.version);
        TestReader reader = new TestReader(code);
        assertEquals(QrCode.Ecc.MEDIUM, reader.errorCorrection);
        assertEquals(code.mask, reader.mask);
        byte[] expected = Arrays.copyOf(ANNEX_I_DATA, 26);
        System.arraycopy(bytes(0xA5, 0x24, 0xD4, 0xC1, 0xED, 0x36, 0xC7, 0x87, 0x2C, 0x55), 0, expected, 16, 10);
        assertArrayEquals(expected, reader.codewords());
    }

    @Test
    void matterPayloadFitsVersion2AtLevelMAndReadsBack() {
        String payload = "MT:M5L90MP500K64J00000";
        QrCode code = QrCodePayload.symbol(payload);
        assertEquals(2, code.version);
        assertEquals(25, code.size);
        TestReader reader = new TestReader(code);
        assertEquals(QrCode.Ecc.MEDIUM, reader.errorCorrection);
        assertEquals(payload, reader.byteModeText(1, 16));
        QrCode low = QrCodePayload.symbol(payload, QrCode.Ecc.LOW);
        assertEquals(2, low.version);
        assertEquals(payload, new TestReader(low).byteModeText(1, 10));
    }

    @Test
    void multiBlockVersionReadsBack() {
        // 60 bytes at level Q need version 5: two blocks of 15 and two of 16 data codewords, 18 EC each
        String text = "0123456789".repeat(6);
        QrCode code = QrCodePayload.symbol(text, QrCode.Ecc.QUARTILE);
        assertEquals(5, code.version);
        assertEquals(text, new TestReader(code).byteModeText(4, 18));
    }

    @Test
    void everyMaskReadsBackAndTheChosenOneIsTheOneNamed() {
        // The mask choice is qrcodegen's (lowest penalty); what we rely on is that any mask reads back.
        String payload = "MT:M5L90MP500K64J00000";
        List<QrSegment> bytes = List.of(QrSegment.makeBytes(payload.getBytes(StandardCharsets.US_ASCII)));
        for (int mask = 0; mask < 8; mask++) {
            QrCode forced = QrCode.encodeSegments(bytes, QrCode.Ecc.MEDIUM, 1, 40, mask, false);
            TestReader reader = new TestReader(forced);
            assertEquals(mask, reader.mask, "mask " + mask);
            assertEquals(payload, reader.byteModeText(1, 16), "mask " + mask);
        }
        QrCode chosen = QrCodePayload.symbol(payload);
        TestReader reader = new TestReader(chosen);
        assertEquals(chosen.mask, reader.mask);
        assertEquals(payload, reader.byteModeText(1, 16));
    }

    @Test
    void rejectsWhatDoesNotFit() {
        assertThrows(IllegalArgumentException.class,
                () -> QrCodePayload.symbol("x".repeat(107), QrCode.Ecc.LOW));
        assertThrows(IllegalArgumentException.class, () -> QrCodePayload.symbol("caf\u00e9", QrCode.Ecc.LOW));
        // 106 bytes fill version 5-L (108 data codewords minus mode and count)
        assertEquals(5, QrCodePayload.symbol("x".repeat(106), QrCode.Ecc.LOW).version);
    }

    @Test
    void terminalRenderingUsesHalfBlocks() {
        QrCode code = QrCodePayload.symbol("MT:M5L90MP500K64J00000");
        String darkOnLight = TerminalQrRenderer.render(code, 0, true);
        String[] lines = darkOnLight.split("\n");
        assertEquals(13, lines.length);
        assertEquals(25, lines[0].length());
        // Rows 0 and 1 of the top-left finder: column 0 dark in both rows, column 1 dark above and light below
        assertEquals('\u2588', lines[0].charAt(0));
        assertEquals('\u2580', lines[0].charAt(1));
        // Last line holds row 24 alone: upper half or nothing
        assertTrue(lines[12].chars().allMatch(c -> c == '\u2580' || c == ' '));
        for (int line = 0; line < lines.length; line++) {
            for (int x = 0; x < 25; x++) {
                boolean top = code.getModule(x, 2 * line);
                boolean bottom = 2 * line + 1 < 25 && code.getModule(x, 2 * line + 1);
                char expected = top ? (bottom ? '\u2588' : '\u2580') : (bottom ? '\u2584' : ' ');
                assertEquals(expected, lines[line].charAt(x));
            }
        }
        String dark = TerminalQrRenderer.render(code);
        String[] darkLines = dark.split("\n");
        assertEquals(17, darkLines.length);
        assertEquals("\u2588".repeat(33), darkLines[0]);
        assertThrows(IllegalArgumentException.class, () -> TerminalQrRenderer.render(code, -1, false));
    }

    /**
     * A minimal QR reader written from ISO/IEC 18004 for these tests: reads and checks both format copies, rebuilds
     * the function-module map on its own, unmasks, reads the zigzag and checks every block's RS syndromes.
     */
    private static final class TestReader {
        private final QrCode code;
        private final int size;
        private final QrCode.Ecc errorCorrection;
        private final int mask;

        TestReader(QrCode code) {
            this.code = code;
            this.size = code.size;
            int first = formatWord(code);
            assertTrue(code.getModule(8, size - 8), "dark module");
            QrCode.Ecc foundLevel = null;
            int foundMask = -1;
            for (QrCode.Ecc level : QrCode.Ecc.values()) {
                for (int m = 0; m < 8; m++) {
                    if (formatBits(level, m) == first) {
                        foundLevel = level;
                        foundMask = m;
                    }
                }
            }
            assertTrue(foundLevel != null, "format information is a valid BCH codeword");
            this.errorCorrection = foundLevel;
            this.mask = foundMask;
        }

        /** The 15 format bits as the symbol holds them, after checking that both copies agree. */
        static int formatWord(QrCode code) {
            int size = code.size;
            int first = 0;
            int second = 0;
            int[][] firstPositions = {{8, 0}, {8, 1}, {8, 2}, {8, 3}, {8, 4}, {8, 5}, {8, 7}, {8, 8}, {7, 8},
                {5, 8}, {4, 8}, {3, 8}, {2, 8}, {1, 8}, {0, 8}};
            for (int i = 0; i < 15; i++) {
                first |= (code.getModule(firstPositions[i][0], firstPositions[i][1]) ? 1 : 0) << i;
                int x = i < 8 ? size - 1 - i : 8;
                int y = i < 8 ? 8 : size - 15 + i;
                second |= (code.getModule(x, y) ? 1 : 0) << i;
            }
            assertEquals(first, second, "both format copies agree");
            return first;
        }

        /** ISO/IEC 18004 7.9.1: level indicator (Table 12) and mask, BCH(15,5) with generator 0x537, XOR 0x5412. */
        static int formatBits(QrCode.Ecc level, int mask) {
            int indicator = switch (level) {
                case LOW -> 1;
                case MEDIUM -> 0;
                case QUARTILE -> 3;
                case HIGH -> 2;
            };
            int data = indicator << 3 | mask;
            int remainder = data << 10;
            for (int bit = 14; bit >= 10; bit--) {
                if ((remainder >> bit & 1) != 0) {
                    remainder ^= 0x537 << (bit - 10);
                }
            }
            return (data << 10 | remainder) ^ 0x5412;
        }

        /** ISO/IEC 18004 Table 10: the data-mask conditions, x = column, y = row. */
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
                default -> throw new IllegalArgumentException("mask " + mask);
            };
        }

        /** Product in GF(256) modulo x^8 + x^4 + x^3 + x^2 + 1, bit by bit. */
        static int gfMultiply(int a, int b) {
            int product = 0;
            for (int factor = a; b != 0; b >>>= 1) {
                if ((b & 1) != 0) {
                    product ^= factor;
                }
                factor <<= 1;
                if (factor >= 0x100) {
                    factor ^= 0x11D;
                }
            }
            return product;
        }

        /** The block evaluated at α^0 .. α^(ecLength-1) is zero when no error is detectable (7.5.2). */
        static boolean syndromesAreZero(byte[] block, int ecLength) {
            int root = 1;
            for (int i = 0; i < ecLength; i++) {
                int value = 0;
                for (byte b : block) {
                    value = gfMultiply(value, root) ^ (b & 0xFF);
                }
                if (value != 0) {
                    return false;
                }
                root = gfMultiply(root, 2);
            }
            return true;
        }

        private boolean isFunction(int x, int y) {
            if ((x < 9 && y < 9) || (x >= size - 8 && y < 9) || (x < 9 && y >= size - 8)) {
                return true;
            }
            if (x == 6 || y == 6) {
                return true;
            }
            int version = (size - 17) / 4;
            int centre = version >= 2 ? 4 * version + 10 : -100;
            return Math.abs(x - centre) <= 2 && Math.abs(y - centre) <= 2;
        }

        byte[] codewords() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int current = 0;
            int count = 0;
            for (int right = size - 1; right >= 1; right -= 2) {
                if (right == 6) {
                    right = 5;
                }
                boolean upward = ((right + 1) & 2) == 0;
                for (int step = 0; step < size; step++) {
                    int y = upward ? size - 1 - step : step;
                    for (int x = right; x >= right - 1; x--) {
                        if (isFunction(x, y)) {
                            continue;
                        }
                        boolean bit = code.getModule(x, y) ^ maskBit(mask, x, y);
                        current = current << 1 | (bit ? 1 : 0);
                        if (++count % 8 == 0) {
                            out.write(current);
                            current = 0;
                        }
                    }
                }
            }
            return out.toByteArray();
        }

        /** De-interleaves, checks RS per block and parses one byte-mode segment. */
        String byteModeText(int blocks, int ecLength) {
            byte[] all = codewords();
            int dataTotal = all.length - blocks * ecLength;
            int shortLength = dataTotal / blocks;
            int longBlocks = dataTotal % blocks;
            byte[][] block = new byte[blocks][];
            for (int b = 0; b < blocks; b++) {
                block[b] = new byte[shortLength + (b >= blocks - longBlocks ? 1 : 0) + ecLength];
            }
            int index = 0;
            for (int i = 0; i <= shortLength; i++) {
                for (int b = 0; b < blocks; b++) {
                    if (i < block[b].length - ecLength) {
                        block[b][i] = all[index++];
                    }
                }
            }
            for (int i = 0; i < ecLength; i++) {
                for (int b = 0; b < blocks; b++) {
                    block[b][block[b].length - ecLength + i] = all[index++];
                }
            }
            ByteArrayOutputStream data = new ByteArrayOutputStream();
            for (byte[] b : block) {
                assertTrue(syndromesAreZero(b, ecLength), "RS syndromes");
                data.write(b, 0, b.length - ecLength);
            }
            byte[] d = data.toByteArray();
            assertEquals(0x4, (d[0] & 0xF0) >> 4, "byte mode indicator");
            int length = ((d[0] & 0x0F) << 4) | ((d[1] & 0xF0) >> 4);
            byte[] text = new byte[length];
            for (int i = 0; i < length; i++) {
                text[i] = (byte) (((d[1 + i] & 0x0F) << 4) | ((d[2 + i] & 0xF0) >> 4));
            }
            return new String(text, StandardCharsets.US_ASCII);
        }
    }
}
