package org.cpebridge.matter.testing;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.cpebridge.core.config.Config;
import org.cpebridge.core.config.ConfigSchema;
import org.cpebridge.core.model.AttributeRef;
import org.cpebridge.core.model.DeviceId;
import org.cpebridge.core.model.Value;
import org.cpebridge.core.spi.DeviceCommand;
import org.cpebridge.core.store.FileDurableStore;
import org.cpebridge.core.time.ExecutorScheduler;
import org.cpebridge.matter.MatterFace;
import org.cpebridge.matter.MatterSettings;
import org.cpebridge.matter.crypto.CryptoRandom;

/**
 * Child-JVM main for the bridge interop test: the Matter face over a core holding {@code count} test devices of mixed
 * kinds ({@link TestDevices}), inside a test namespace. Args: data directory, device count ({@code 200}, or
 * {@code 200:light} for one kind), then config assignments. Prints {@code CHANGED <epoch ms>} just before a
 * {@code toggle}, {@code SHOW} lines and {@code READY} as {@link BridgeFaceProcess} does,
 * {@code COMMAND <device> <what>} for every command a device receives, and {@code DONE <line>} after each stdin line, which acts as a person at a device:
 * {@code toggle N}, {@code open N}, {@code close N}, {@code press N}, {@code remove N}, {@code add N KIND},
 * {@code unreachable N}. Runs until stdin closes.
 */
public final class BridgeDevicesProcess {

    private BridgeDevicesProcess() {
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Files.createDirectories(Path.of(args[0]));
        // "200" for mixed kinds, "200:light" for 200 of one kind.
        String[] countAndKind = args[1].split(":");
        int count = Integer.parseInt(countAndKind[0]);
        Config.Builder builder = Config.builder(new ConfigSchema().addAll(MatterSettings.keys()));
        for (int i = 2; i < args.length; i++) {
            builder.set(args[i]);
        }
        ScheduledExecutorService threads = Executors.newScheduledThreadPool(2);
        TestFaceContext context = new TestFaceContext(new FileDurableStore(dataDir), builder.build(), threads,
                new ExecutorScheduler(threads), Clock.systemUTC(),
                text -> text.lines().forEach(line -> System.out.println("SHOW " + line)));
        TestDevices devices = new TestDevices(context.registry());
        devices.onCommand(command -> System.out.println("COMMAND " + describe(command)));
        context.commands().attach(TestDevices.ADAPTER, devices);
        if (countAndKind.length > 1) {
            for (int n = 1; n <= count; n++) {
                devices.register(n, countAndKind[1]);
            }
        } else {
            devices.registerMixed(count);
        }
        MatterFace face = new MatterFace(context, CryptoRandom.secure());
        face.start();
        System.out.println("READY");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            String[] words = line.trim().split("\\s+");
            DeviceId id = TestDevices.id(Integer.parseInt(words[1]));
            switch (words[0]) {
                case "toggle" -> {
                    java.time.Instant now = java.time.Instant.now();
                    System.out.println("CHANGED " + (now.toEpochMilli() + (now.getNano() % 1_000_000) / 1e6));
                    // The start of change->report in the node's timing log (bench/matter-bridge-timing.py).
                    org.slf4j.LoggerFactory.getLogger("org.cpebridge.matter.node.InteractionGlue.timing").debug(
                            "timing toggle at={}", String.format("%.3f", now.toEpochMilli()
                                    + (now.getNano() % 1_000_000) / 1e6));
                    devices.state(id, "onOff", "on", Value.of(!context.registry()
                        .state(new AttributeRef(id, "onOff", "on")).map(s -> s.value().asBoolean()).orElse(false)));
                }
                case "open" -> devices.state(id, "contact", "open", Value.of(true));
                case "close" -> devices.state(id, "contact", "open", Value.of(false));
                case "press" -> context.registry().fireEvent(id, "button", "pressed",
                        java.util.Map.of("action", Value.of("single")));
                case "remove" -> context.registry().remove(id);
                case "add" -> devices.register(Integer.parseInt(words[1]), words[2]);
                case "unreachable" -> context.registry().setReachable(id, false, "unplugged by the test");
                // The device's next command fails later, as a lost radio link answers: failLater <n> <kind> <ms>.
                case "failLater" -> {
                    java.util.concurrent.CompletableFuture<Void> answer = devices.answerNextLater();
                    threads.schedule(() -> answer.completeExceptionally(new org.cpebridge.core.model.DeviceException(
                            org.cpebridge.core.model.ErrorKind.valueOf(words[2]), "lost by the test")),
                            Long.parseLong(words[3]), java.util.concurrent.TimeUnit.MILLISECONDS);
                }
                // A metering plug reports: meter <n> <W> <V> <A> <kWh>.
                case "meter" -> {
                    devices.state(id, "electricalPower", "power", Value.of(Double.parseDouble(words[2])));
                    devices.state(id, "electricalPower", "voltage", Value.of(Double.parseDouble(words[3])));
                    devices.state(id, "electricalPower", "current", Value.of(Double.parseDouble(words[4])));
                    devices.state(id, "energy", "energy", Value.of(Double.parseDouble(words[5])));
                }
                // The device's next command is never answered.
                case "hang" -> devices.answerNextLater();
                default -> throw new IllegalArgumentException("unknown command " + line);
            }
            System.out.println("DONE " + line.trim());
        }
        face.close();
        threads.shutdownNow();
    }

    private static String describe(DeviceCommand command) {
        if (command instanceof DeviceCommand.Invoke invoke) {
            return invoke.device() + " " + invoke.capability() + "." + invoke.command() + " " + invoke.arguments();
        }
        DeviceCommand.WriteAttribute write = (DeviceCommand.WriteAttribute) command;
        return write.attribute().device() + " write " + write.attribute().capability() + "."
                + write.attribute().attribute() + "=" + write.value();
    }
}
