package org.cpebridge.service;

/** The software version, from the jar manifest when packaged. */
final class BridgeVersion {

    static final String VERSION = versionFromManifest();

    private BridgeVersion() {
    }

    private static String versionFromManifest() {
        String version = BridgeVersion.class.getPackage().getImplementationVersion();
        return version != null ? version : "0.1.0-dev";
    }
}
