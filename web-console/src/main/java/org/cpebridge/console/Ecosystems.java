package org.cpebridge.console;

/** Plain names of the ecosystems a household pairs with, from the Matter vendor id of a fabric's administrator. */
final class Ecosystems {

    private Ecosystems() {
    }

    /** The ecosystem's name for the well-known vendor ids (CSA vendor list), else the id in hex. */
    static String name(int vendorId) {
        return switch (vendorId) {
            case 0x6006 -> "Google Home";
            case 0x1349, 0x1384 -> "Apple Home";
            case 0x1217 -> "Amazon Alexa";
            case 0x110A -> "Samsung SmartThings";
            case 0xFFF1, 0xFFF2, 0xFFF3, 0xFFF4 ->
                    "test ecosystem (0x" + Integer.toHexString(vendorId).toUpperCase() + ")";
            default -> "vendor 0x" + Integer.toHexString(vendorId).toUpperCase();
        };
    }
}
