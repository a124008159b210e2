package org.cpebridge.matter.group;

import java.nio.file.Path;
import java.util.List;
import org.cpebridge.bytes.Bytes;
import org.cpebridge.core.store.FileDurableStore;
import org.cpebridge.matter.DurableRecordStore;
import org.cpebridge.matter.im.ImException;

/**
 * Child-JVM main for {@link GroupTablesKillIT}: over the store at args[0], makes sure fabric 1 has key set 0x01A1 with
 * group 0x0101 mapped to it, then for n = args[1], n + 1, ... adds endpoint n to the group (named {@code g<n>}) and
 * takes every member below n - 2 out, oldest first, printing {@code STORED <n>} once all have returned, until it is
 * killed. After step n the group's members are n - 2, n - 1 and n; between its writes a run of up to five endpoints
 * ending at n (a step after a kill between writes also takes out what the killed one left).
 */
public final class GroupTablesWriterProcess {

    static final int FABRIC = 1;
    static final int GROUP = 0x0101;
    static final int KEY_SET = 0x01A1;
    static final Bytes KEY = Bytes.fromHex("a0a1a2a3a4a5a6a7a8a9aaabacadaeaf");

    private GroupTablesWriterProcess() {
    }

    public static void main(String[] args) throws ImException {
        GroupTables tables = GroupTables.load(new DurableRecordStore(new FileDurableStore(Path.of(args[0]))));
        if (tables.keySet(FABRIC, KEY_SET).isEmpty()) {
            tables.writeKeySet(FABRIC, new GroupKeySet(KEY_SET, GroupKeySet.SecurityPolicy.TRUST_FIRST,
                    List.of(new GroupKeySet.Epoch(KEY, 1000))));
            tables.replaceKeyMap(FABRIC, List.of(new GroupTables.KeyMapEntry(GROUP, KEY_SET)));
        }
        for (int n = Integer.parseInt(args[1]); ; n++) {
            tables.addGroup(FABRIC, n, GROUP, "g" + n);
            for (int member : tables.endpointsOf(FABRIC, GROUP).stream().sorted().toList()) {
                if (member < n - 2) {
                    tables.removeGroup(FABRIC, member, GROUP);
                }
            }
            System.out.println("STORED " + n);
            System.out.flush();
        }
    }
}
