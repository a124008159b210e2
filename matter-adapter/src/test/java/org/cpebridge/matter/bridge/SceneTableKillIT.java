package org.cpebridge.matter.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.cpebridge.core.store.FileDurableStore;
import org.cpebridge.core.testing.KillLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills (SIGKILL) a child JVM at random moments while it keeps storing scenes (each put rewrites the endpoint's scene
 * record), and checks that the table then reads back whole: seven complete scenes, the seven newest puts, and the last
 * put the child reported as stored among them.
 */
class SceneTableKillIT {

    private static final int ROUNDS = 8;

    @TempDir
    Path dataDir;

    @Test
    void theSceneTableSurvivesAKillAtAnyMoment() throws Exception {
        Random random = new Random();
        long next = 1;
        for (int round = 0; round < ROUNDS; round++) {
            // At least a fabric's share in the first round, so the table is full from then on.
            int wanted = SceneTable.PER_FABRIC + random.nextInt(40);
            long lastReported = KillLoop.killAfterReports(SceneTableWriterProcess.class, wanted, random, "STORED ",
                    dataDir.toString(), Long.toString(next));
            List<SceneTable.Scene> after = SceneTable.load(new FileDurableStore(dataDir))
                    .scenes(SceneTableWriterProcess.ENDPOINT);
            assertEquals(SceneTable.PER_FABRIC, after.size(), "round " + round + ": " + after);
            long newest = after.stream().mapToLong(SceneTable.Scene::transitionMs).max().orElseThrow();
            assertTrue(newest >= lastReported, "round " + round + ": the last reported put (" + lastReported
                    + ") is not lost: " + after);
            assertEquals(LongStream.rangeClosed(newest - SceneTable.PER_FABRIC + 1, newest).boxed().toList(),
                    after.stream().map(SceneTable.Scene::transitionMs).sorted().toList(),
                    "round " + round + ": the seven newest puts, none skipped");
            for (SceneTable.Scene scene : after) {
                assertEquals(SceneTableWriterProcess.scene(scene.transitionMs()), scene, "a complete scene");
            }
            next = newest + 1;
        }
    }
}
