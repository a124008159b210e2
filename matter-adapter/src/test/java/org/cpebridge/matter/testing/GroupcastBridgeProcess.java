package org.cpebridge.matter.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cpebridge.bytes.Bytes;
import org.cpebridge.core.config.Config;
import org.cpebridge.core.config.ConfigSchema;
import org.cpebridge.core.spi.DeviceCommand;
import org.cpebridge.core.store.FileDurableStore;
import org.cpebridge.core.time.ExecutorScheduler;
import org.cpebridge.matter.DurableRecordStore;
import org.cpebridge.matter.MatterFace;
import org.cpebridge.matter.MatterSettings;
import org.cpebridge.matter.cluster.AuthMode;
import org.cpebridge.matter.cluster.Privilege;
import org.cpebridge.matter.commissioning.AccessControlList;
import org.cpebridge.matter.crypto.CryptoRandom;
import org.cpebridge.matter.fabric.Fabric;
import org.cpebridge.matter.fabric.FabricTable;
import org.cpebridge.matter.fabric.TestCredentials;
import org.cpebridge.matter.group.GroupKeySet;
import org.cpebridge.matter.group.GroupTables;
import org.cpebridge.matter.im.ImException;

/**
 * Child-JVM main for the groupcast tests: the Matter face as the service runs it, inside a test namespace, over three
 * simulated lights (test devices 1, 2 and 3). Args: data directory, mode, then config assignments.
 *
 * <p>Mode {@code provisioned} ({@code GroupcastNetNsIT}): the bridge is already on one fabric (written into the data
 * directory before the face starts, as commissioning would have left it) whose ACL lets group {@link #KITCHEN}
 * operate and names no other group; its group tables (the face's own, which the Groups and Group Key Management
 * clusters fill) hold, on that fabric, one key set with {@link #EPOCH_KEY} that GroupKeyMap maps to groups
 * {@link #KITCHEN} (lights 1 and 2) and {@link #HALL} (light 3), written after a first start of the face numbered the
 * lights' endpoints. It prints {@code FABRIC <fabric id hex> <compressed fabric id hex>}.
 *
 * <p>Mode {@code commissionable} ({@code MatterJsGroupcastInteropIT}): the face with its own group tables, as in
 * service; a controller commissions it and sets its ACL, key sets and groups up through the clusters. A data
 * directory that already holds a fabric (a restart) is used as it is.
 *
 * <p>Both then print {@code ENDPOINT <device> <endpoint>} for each light, {@code READY}, then
 * {@code COMMAND <device> <what>} for every command a light receives; runs until stdin closes.
 */
public final class GroupcastBridgeProcess {

    /** The epoch key of the test's group key set. */
    public static final String EPOCH_KEY = "a0a1a2a3a4a5a6a7a8a9aaabacadaeaf";
    /** The group key set's id. */
    public static final int KEY_SET = 0x0042;
    /** Lights 1 and 2; the ACL lets it operate. */
    public static final int KITCHEN = 0x0101;
    /** Light 3; no ACL entry names it. */
    public static final int HALL = 0x0202;
    private static final long FABRIC_ID = 0x2906C908D115D362L;
    private static final long BRIDGE_NODE = 0xDEDEDEDE00010001L;
    private static final long ADMIN_NODE = 0x0000000000001234L;

    private GroupcastBridgeProcess() {
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Files.createDirectories(Path.of(args[0]));
        boolean provisioned = args[1].equals("provisioned");
        Config.Builder builder = Config.builder(new ConfigSchema().addAll(MatterSettings.keys()));
        for (int i = 2; i < args.length; i++) {
            builder.set(args[i]);
        }
        FileDurableStore store = new FileDurableStore(dataDir);
        Fabric fabric = null;
        if (provisioned) {
            CryptoRandom random = TestCredentials.seeded(16);
            TestCredentials ca = TestCredentials.create(0xCACACACA00000001L, FABRIC_ID, true, random);
            TestCredentials.Issued bridge = ca.issue(BRIDGE_NODE, List.of());
            fabric = FabricTable.load(new DurableRecordStore(store), FabricTable.DEFAULT_CAPACITY).add(
                    bridge.rcac(), bridge.icac(), bridge.noc(), bridge.nodeKey(),
                    Bytes.fromHex("000102030405060708090a0b0c0d0e0f"), 0xFFF1);
            AccessControlList acl = AccessControlList.load(store);
            acl.add(AccessControlList.Entry.administrator(fabric.fabricIndex(), ADMIN_NODE));
            acl.add(new AccessControlList.Entry(fabric.fabricIndex(), Privilege.OPERATE, AuthMode.GROUP,
                    List.of((long) KITCHEN), List.of()));
        }

        ScheduledExecutorService threads = Executors.newScheduledThreadPool(2);
        TestFaceContext context = new TestFaceContext(store, builder.build(), threads,
                new ExecutorScheduler(threads), Clock.systemUTC(), text -> { });
        TestDevices devices = new TestDevices(context.registry());
        devices.onCommand(command -> System.out.println("COMMAND " + deviceOf(command) + " " + command));
        context.commands().attach(TestDevices.ADAPTER, devices);
        for (int n = 1; n <= 3; n++) {
            devices.register(n, "light");
        }
        if (provisioned) {
            // A first start numbers the lights' endpoints; then the groups go into the face's own tables as the
            // Groups and Group Key Management clusters would have left them, and the face starts again over them.
            MatterFace numbering = new MatterFace(context, CryptoRandom.secure());
            numbering.start();
            numbering.close();
            provisionGroups(store, fabric.fabricIndex());
        }
        MatterFace face = new MatterFace(context, CryptoRandom.secure());
        face.start();
        if (fabric != null) {
            System.out.println("FABRIC " + Long.toHexString(fabric.fabricId()) + " "
                    + fabric.compressedFabricId().hex());
        }
        String table = endpointTable(store);
        for (int n = 1; n <= 3; n++) {
            System.out.println("ENDPOINT " + TestDevices.id(n) + " " + endpointOf(table, TestDevices.id(n).toString()));
        }
        System.out.println("READY");
        System.in.transferTo(java.io.OutputStream.nullOutputStream());
        face.close();
        threads.shutdownNow();
    }

    /** Kitchen (lights 1 and 2) and hall (light 3) on the fabric, both mapped to one key set with the test's key. */
    private static void provisionGroups(FileDurableStore store, int fabricIndex) throws ImException {
        GroupTables tables = GroupTables.load(new DurableRecordStore(store));
        tables.writeKeySet(fabricIndex, new GroupKeySet(KEY_SET, GroupKeySet.SecurityPolicy.TRUST_FIRST,
                List.of(new GroupKeySet.Epoch(Bytes.fromHex(EPOCH_KEY), 1))));
        tables.replaceKeyMap(fabricIndex, List.of(new GroupTables.KeyMapEntry(KITCHEN, KEY_SET),
                new GroupTables.KeyMapEntry(HALL, KEY_SET)));
        String table = endpointTable(store);
        for (int light : List.of(1, 2)) {
            tables.addGroup(fabricIndex, endpointOf(table, TestDevices.id(light).toString()), KITCHEN, "Kitchen");
        }
        tables.addGroup(fabricIndex, endpointOf(table, TestDevices.id(3).toString()), HALL, "Hall");
    }

    private static String endpointTable(FileDurableStore store) {
        return store.read("matter/bridge-endpoints").map(r -> new String(r.payload(), StandardCharsets.UTF_8))
                .orElse("");
    }

    private static int endpointOf(String table, String deviceId) {
        Matcher found = Pattern.compile("\"" + Pattern.quote(deviceId) + "\"\\s*:\\s*(\\d+)").matcher(table);
        return found.find() ? Integer.parseInt(found.group(1)) : -1;
    }

    private static String deviceOf(DeviceCommand command) {
        return command instanceof DeviceCommand.Invoke invoke ? invoke.device().toString()
                : ((DeviceCommand.WriteAttribute) command).attribute().device().toString();
    }
}
