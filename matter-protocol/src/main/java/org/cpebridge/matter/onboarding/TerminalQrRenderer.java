package org.cpebridge.matter.onboarding;

import io.nayuki.qrcodegen.QrCode;

/**
 * Draws a {@link QrCode} as text with Unicode half blocks, two module rows per line, so that a user can scan the
 * commissioning code from a console. Terminals usually show light glyphs on a dark background, so by default the
 * light modules (and the quiet zone) are the drawn ones; {@code darkOnLight} draws dark modules instead, for light
 * backgrounds and printouts.
 */
public final class TerminalQrRenderer {

    /** ISO/IEC 18004 asks for a quiet zone of four modules. */
    public static final int DEFAULT_QUIET_ZONE = 4;

    private static final char FULL = '\u2588';
    private static final char UPPER = '\u2580';
    private static final char LOWER = '\u2584';
    private static final char EMPTY = ' ';

    private TerminalQrRenderer() {
    }

    /** Renders for a dark terminal background with a four-module quiet zone. */
    public static String render(QrCode code) {
        return render(code, DEFAULT_QUIET_ZONE, false);
    }

    /**
     * Renders with the given quiet zone; lines end with {@code '\n'}.
     *
     * @throws IllegalArgumentException if the quiet zone is negative
     */
    public static String render(QrCode code, int quietZone, boolean darkOnLight) {
        if (quietZone < 0) {
            throw new IllegalArgumentException("quiet zone must not be negative: " + quietZone);
        }
        int size = code.size;
        int total = size + 2 * quietZone;
        StringBuilder out = new StringBuilder((total + 1) * (total / 2 + 1));
        for (int row = 0; row < total; row += 2) {
            for (int column = 0; column < total; column++) {
                boolean top = drawn(code, column - quietZone, row - quietZone, darkOnLight);
                boolean bottom = row + 1 < total && drawn(code, column - quietZone, row + 1 - quietZone, darkOnLight);
                out.append(top ? (bottom ? FULL : UPPER) : (bottom ? LOWER : EMPTY));
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static boolean drawn(QrCode code, int x, int y, boolean darkOnLight) {
        boolean inside = x >= 0 && y >= 0 && x < code.size && y < code.size;
        boolean dark = inside && code.getModule(x, y);
        return dark == darkOnLight;
    }
}
