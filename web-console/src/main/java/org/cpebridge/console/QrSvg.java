package org.cpebridge.console;

import io.nayuki.qrcodegen.QrCode;
import io.nayuki.qrcodegen.QrSegment;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Draws a QR code as a small SVG image: one path of unit squares, a four-module quiet zone, black on white. */
final class QrSvg {

    private static final int QUIET_ZONE = 4;

    private QrSvg() {
    }

    /**
     * The SVG of {@code text}: the symbol matter-protocol's {@code QrCodePayload.symbol} draws for the terminal (byte
     * mode, error correction M not raised, lowest-penalty mask), so both show the same code. The module rule keeps
     * this face off matter-protocol, hence the same qrcodegen call here.
     */
    static String render(String text) {
        QrSegment bytes = QrSegment.makeBytes(text.getBytes(StandardCharsets.US_ASCII));
        QrCode qr = QrCode.encodeSegments(List.of(bytes), QrCode.Ecc.MEDIUM, 1, QrCode.MAX_VERSION, -1, false);
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
