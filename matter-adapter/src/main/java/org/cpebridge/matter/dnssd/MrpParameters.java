package org.cpebridge.matter.dnssd;

/**
 * The MRP timing a node announces in its DNS-SD TXT record (Matter Core, "Common TXT Key/Value Pairs"):
 * SII (session idle interval), SAI (session active interval) and SAT (session active threshold), in milliseconds.
 *
 * @param idleIntervalMs      SII, at most 3,600,000 (one hour)
 * @param activeIntervalMs    SAI, at most 3,600,000 (one hour)
 * @param activeThresholdMs   SAT, at most 65,535
 */
public record MrpParameters(int idleIntervalMs, int activeIntervalMs, int activeThresholdMs) {

    /** The spec's upper bound for SII and SAI: one hour. */
    public static final int MAX_INTERVAL_MS = 3_600_000;
    /** The spec's upper bound for SAT (a 16-bit value). */
    public static final int MAX_THRESHOLD_MS = 0xFFFF;

    /** The spec defaults (SII 500 ms, SAI 300 ms, SAT 4000 ms), which matter.js also uses. */
    public static final MrpParameters DEFAULTS = new MrpParameters(500, 300, 4000);

    public MrpParameters {
        if (idleIntervalMs < 0 || idleIntervalMs > MAX_INTERVAL_MS) {
            throw new IllegalArgumentException("SII out of range 0.." + MAX_INTERVAL_MS + ": " + idleIntervalMs);
        }
        if (activeIntervalMs < 0 || activeIntervalMs > MAX_INTERVAL_MS) {
            throw new IllegalArgumentException("SAI out of range 0.." + MAX_INTERVAL_MS + ": " + activeIntervalMs);
        }
        if (activeThresholdMs < 0 || activeThresholdMs > MAX_THRESHOLD_MS) {
            throw new IllegalArgumentException("SAT out of range 0.." + MAX_THRESHOLD_MS + ": " + activeThresholdMs);
        }
    }
}
