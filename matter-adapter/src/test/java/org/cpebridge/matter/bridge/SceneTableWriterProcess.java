package org.cpebridge.matter.bridge;

import java.nio.file.Path;
import java.util.Map;
import org.cpebridge.core.store.FileDurableStore;

/**
 * Child-JVM main for {@link SceneTableKillIT}: keeps storing scenes on endpoint 2 of fabric 1 (scene ids 1..7 in
 * turn, so each put replaces the oldest of a full fabric share), numbered from args[1] in the store at args[0], and
 * prints {@code STORED <n>} once each put has returned, until it is killed.
 */
public final class SceneTableWriterProcess {

    static final int ENDPOINT = 2;

    private SceneTableWriterProcess() {
    }

    /** The n-th scene the child stores: every field derived from n, so a reader can tell a torn one. */
    static SceneTable.Scene scene(long n) {
        return new SceneTable.Scene(1, 0, (int) (n % SceneTable.PER_FABRIC) + 1, "s" + n, n,
                Map.of(0x0006L, Map.of(0x0000L, n % 2), 0x0008L, Map.of(0x0000L, 1 + n % 254)));
    }

    public static void main(String[] args) {
        SceneTable table = SceneTable.load(new FileDurableStore(Path.of(args[0])));
        for (long n = Long.parseLong(args[1]); ; n++) {
            table.put(ENDPOINT, scene(n));
            System.out.println("STORED " + n);
            System.out.flush();
        }
    }
}
