package org.cpebridge.console;

import io.nayuki.qrcodegen.QrCode;

/** Draws a QR code as a small SVG image: one path of unit squares, a four-module quiet zone, black on white. */
final class QrSvg {

    private static final int QUIET_ZONE = 4;

    private QrSvg() {
    }

    /** The SVG of {@code text} at error correction M (what the Matter onboarding payload uses). */
    static String render(String text) {
        QrCode qr = QrCode.encodeText(text, QrCode.Ecc.MEDIUM);
        int size = qr.size + 2 * QUIET_ZONE;
        StringBuilder path = new StringBuilder();
        for (int y = 0; y < qr.size; y++) {
            for (int x = 0; x < qr.size; x++) {
                if (qr.getModule(x, y)) {
                    path.append('M').append(x + QUIET_ZONE).append(',').append(y + QUIET_ZONE).append("h1v1h-1z");
                }
            }
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + size + " " + size + "\" "
                + "shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"Matter pairing QR code\">"
                + "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>"
                + "<path d=\"" + path + "\" fill=\"#000\"/></svg>";
    }
}
