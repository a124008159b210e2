package org.cpebridge.matter.group;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.cpebridge.core.store.FileDurableStore;
import org.cpebridge.core.testing.KillLoop;
import org.cpebridge.matter.DurableRecordStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills (SIGKILL) a child JVM at random moments while it keeps changing a group's members through the group tables
 * over the bridge's durable store, and checks that the tables then load whole: the key set and GroupKeyMap intact, the
 * group's members a run of three to five endpoints (the state after one of the child's writes, never a mix) ending at
 * or after the last step the child reported, and the group's name the one its newest member was added with.
 */
class GroupTablesKillIT {

    private static final int ROUNDS = 8;

    @TempDir
    Path dataDir;

    @Test
    void theGroupTablesSurviveAKillAtAnyMoment() throws Exception {
        Random random = new Random();
        int next = 1;
        for (int round = 0; round < ROUNDS; round++) {
            int wanted = 3 + random.nextInt(20);
            int lastReported = (int) KillLoop.killAfterReports(GroupTablesWriterProcess.class, wanted, random,
                    "STORED ", dataDir.toString(), Integer.toString(next));
            GroupTables tables = GroupTables.load(new DurableRecordStore(new FileDurableStore(dataDir)));
            int fabric = GroupTablesWriterProcess.FABRIC;
            assertEquals(List.of(0, GroupTablesWriterProcess.KEY_SET), tables.keySetIds(fabric), "round " + round);
            assertEquals(GroupTablesWriterProcess.KEY, tables.keySet(fabric, GroupTablesWriterProcess.KEY_SET)
                    .orElseThrow().epochs().get(0).key());
            assertEquals(List.of(new GroupTables.KeyMapEntry(GroupTablesWriterProcess.GROUP,
                    GroupTablesWriterProcess.KEY_SET)), tables.keyMap(fabric));
            List<GroupTables.Group> groups = tables.groups(fabric);
            assertEquals(1, groups.size(), "round " + round + ": " + groups);
            List<Integer> members = groups.get(0).endpoints();
            int newest = members.get(members.size() - 1);
            assertTrue(newest >= lastReported, "round " + round + ": the last reported step (" + lastReported
                    + ") is not lost: " + members);
            assertTrue(members.size() >= 3 && members.size() <= 5, "round " + round + ": " + members);
            for (int i = 0; i < members.size(); i++) {
                assertEquals(newest - members.size() + 1 + i, members.get(i), "round " + round + ": a run: " + members);
            }
            assertEquals("g" + newest, groups.get(0).name(), "round " + round);
            assertEquals(1, tables.epochKeys().size());
            next = newest + 1;
        }
    }
}
