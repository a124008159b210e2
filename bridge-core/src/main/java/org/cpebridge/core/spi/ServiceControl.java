package org.cpebridge.core.spi;

/** What a face may ask of the running service. Both calls return at once; the service acts shortly after. */
public interface ServiceControl {

    /** Stops every face and adapter, flushes state and starts them again. */
    void requestRestart(String reason);

    /** Erases all persistent state (devices, fabrics, subscriptions, policy), then restarts. */
    void requestFactoryReset(String reason);

    /** Identity of this bridge for DeviceInfo and Basic Information. */
    BridgeInfo bridgeInfo();

    /** Facts about the bridge itself. */
    record BridgeInfo(String manufacturer, String model, String serialNumber, String softwareVersion,
                      java.time.Instant startedAt) {
    }
}
