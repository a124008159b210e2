package org.cpebridge.core.store;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Child process for {@link StoreKillIT}: writes four records in a loop, each payload self-describing (its version
 * number and a length derived from it) and prints {@code wrote <name> <version>} after each write returns.
 */
public final class StoreWriterProcess {

    private StoreWriterProcess() {
    }

    public static void main(String[] args) {
        FileDurableStore store = new FileDurableStore(Path.of(args[0]));
        long version = Long.parseLong(args[1]);
        System.out.println("started");
        System.out.flush();
        while (true) {
            for (int record = 0; record < 4; record++) {
                String name = "kill/record" + record;
                store.write(name, 1, payload(version));
                System.out.println("wrote " + name + " " + version);
                System.out.flush();
                version++;
            }
        }
    }

    /** Version N's payload: "v=N;" then a filler whose length and bytes both depend on N. */
    static byte[] payload(long version) {
        int fillerLength = (int) ((version * 7919) % 20_000);
        StringBuilder text = new StringBuilder("v=").append(version).append(';');
        for (int i = 0; i < fillerLength; i++) {
            text.append((char) ('a' + (version + i) % 26));
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** The version a payload claims, after checking the whole payload is exactly what that version writes. */
    static long verify(byte[] payload) {
        String text = new String(payload, StandardCharsets.US_ASCII);
        if (!text.startsWith("v=") || text.indexOf(';') < 0) {
            throw new AssertionError("payload has no version: " + text.substring(0, Math.min(40, text.length())));
        }
        long version = Long.parseLong(text.substring(2, text.indexOf(';')));
        if (!java.util.Arrays.equals(payload, payload(version))) {
            throw new AssertionError("payload of version " + version + " is not what that version wrote");
        }
        return version;
    }
}
