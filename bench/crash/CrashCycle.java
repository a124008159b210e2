import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cpebridge.core.json.Json;
import org.cpebridge.core.store.FileDurableStore;
import org.cpebridge.mqtt.ConnAck;
import org.cpebridge.mqtt.ConnectOptions;
import org.cpebridge.mqtt.MessageProperties;
import org.cpebridge.mqtt.MqttClientPort;
import org.cpebridge.mqtt.MqttPortException;
import org.cpebridge.mqtt.MqttVersion;
import org.cpebridge.usp.proto.UspMsg;
import org.cpebridge.usp.proto.UspRecord;

/**
 * One side of bench/crash-loop.sh, run against the packaged jar's classes (the store, JSON, USP protobuf, the MQTT client).
 *
 * <ul>
 *   <li>{@code check DATA LEDGER}: before a start, after a kill -9: opens the data directory as the service does,
 *       reads every record (a record that fails its header, length or CRC check counts as corrupt) and checks that
 *       every acknowledged rename in the ledger is on disk (the stored name is the last acknowledged one or a later
 *       one sent to the same device). Prints {@code records=N corrupt=N acked_checked=N lost=N}.</li>
 *   <li>{@code drive URL PASSWORD AGENT_ID LEDGER DATA}: as the local USP Controller, renames devices through USP Set
 *       {@code Device.ProxiedDevice.{i}.Name} one after the other; each SetResp is an acknowledgement (the core writes a
 *       rename before it returns, docs/store.md) and is appended to the ledger. Runs until the service goes away.</li>
 * </ul>
 */
public final class CrashCycle {

    private static final Pattern NAME = Pattern.compile("w(\\d+)");

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "check" -> check(Path.of(args[1]), Path.of(args[2]));
            case "drive" -> drive(args[1], args[2], args[3], Path.of(args[4]), Path.of(args[5]));
            default -> throw new IllegalArgumentException("check | drive");
        }
    }

    // ---- check ----

    static void check(Path data, Path ledger) throws IOException {
        int records = 0;
        int corrupt = 0;
        Map<String, String> names = new HashMap<>();
        if (Files.isDirectory(data)) {
            FileDurableStore store = new FileDurableStore(data);
            for (String name : store.list("")) {
                records++;
                try {
                    var record = store.read(name).orElseThrow();
                    if (name.equals("core/devices")) {
                        for (Object entry : (List<?>) Json.parse(new String(record.payload(), StandardCharsets.UTF_8))) {
                            Map<?, ?> device = (Map<?, ?>) entry;
                            names.put(String.valueOf(device.get("id")), String.valueOf(device.get("name")));
                        }
                    }
                } catch (RuntimeException e) { // StoreException, or a payload that is not the expected JSON
                    corrupt++;
                    System.out.println("CORRUPT " + name + ": " + e.getMessage());
                }
            }
        }
        // The ledger: "sent <seq> <deviceId>" and "ack <seq> <deviceId>" lines, in order.
        Map<String, Long> lastAcked = new HashMap<>();
        Map<Long, String> sentTo = new HashMap<>();
        if (Files.exists(ledger)) {
            for (String line : Files.readAllLines(ledger)) {
                String[] parts = line.split(" ", 3);
                if (parts.length < 3) {
                    continue; // a line cut by the end of a drive
                }
                long seq = Long.parseLong(parts[1]);
                if (parts[0].equals("sent")) {
                    sentTo.put(seq, parts[2]);
                } else if (parts[0].equals("ack")) {
                    lastAcked.merge(parts[2], seq, Math::max);
                }
            }
        }
        int lost = 0;
        for (Map.Entry<String, Long> acked : lastAcked.entrySet()) {
            String stored = names.get(acked.getKey());
            Matcher matcher = stored == null ? null : NAME.matcher(stored);
            long storedSeq = matcher != null && matcher.matches() ? Long.parseLong(matcher.group(1)) : -1;
            boolean ok = storedSeq >= acked.getValue() && acked.getKey().equals(sentTo.get(storedSeq));
            if (!ok) {
                lost++;
                System.out.println("LOST " + acked.getKey() + ": acknowledged w" + acked.getValue() + ", stored "
                        + stored);
            }
        }
        System.out.println("records=" + records + " corrupt=" + corrupt + " acked_checked=" + lastAcked.size()
                + " lost=" + lost);
    }

    // ---- drive ----

    static void drive(String url, String password, String agentId, Path ledger, Path data) throws Exception {
        BlockingQueue<UspMsg.Msg> answers = new LinkedBlockingQueue<>();
        BlockingQueue<String> steps = new LinkedBlockingQueue<>();
        // The bridge's own MQTT client (mqtt-support, in the jar), on a loop of its own; its callbacks come on it.
        MqttClientPort client = MqttClientPort.open(ConnectOptions.builder(url, "crash-loop-controller",
                MqttVersion.V5).credentials(Optional.of("cpe-bridge-controller"), Optional.of(password)).build(),
                new MqttClientPort.Listener() {
                    @Override
                    public void connected(ConnAck ack) {
                        steps.add("connected");
                    }

                    @Override
                    public void connectFailed(String reason, boolean protocolRejected) {
                        steps.add("failed: " + reason);
                    }

                    @Override
                    public void subscribed(List<Boolean> granted) {
                        steps.add(granted.contains(Boolean.TRUE) ? "subscribed" : "refused");
                    }

                    @Override
                    public void lost(String reason) {
                        answers.add(UspMsg.Msg.getDefaultInstance());
                    }

                    @Override
                    public void message(String topic, byte[] payload, boolean retained, MessageProperties properties) {
                        try {
                            UspRecord.Record record = UspRecord.Record.parseFrom(payload);
                            if (record.hasNoSessionContext()) {
                                answers.add(UspMsg.Msg.parseFrom(record.getNoSessionContext().getPayload()));
                            }
                        } catch (java.io.IOException e) {
                            // not a record: ignore
                        }
                    }

                    @Override
                    public void delivered() {
                    }
                });
        client.connect();
        String step = steps.poll(20, TimeUnit.SECONDS);
        if (!"connected".equals(step)) {
            client.close();
            throw new IllegalStateException("cannot connect: " + step);
        }
        client.subscribe(List.of("usp/controller"), 1);
        step = steps.poll(20, TimeUnit.SECONDS);
        if (!"subscribed".equals(step)) {
            client.close();
            throw new IllegalStateException("cannot subscribe: " + step);
        }
        String agentTopic = "usp/agent/" + agentId;
        long seq = Files.exists(ledger) ? Files.readAllLines(ledger).size() + 1L : 1L;

        // Which instances exist, and which device each is (the agent's instance numbers name the core device).
        UspMsg.Msg got = exchange(client, agentTopic, agentId, answers, "get-" + seq, UspMsg.Request.newBuilder()
                .setGet(UspMsg.Get.newBuilder().addParamPaths("Device.ProxiedDevice.*.Name")).build());
        List<String> instances = new ArrayList<>();
        if (got == null) {
            return;
        }
        for (var result : got.getBody().getResponse().getGetResp().getReqPathResults(0).getResolvedPathResultsList()) {
            instances.add(result.getResolvedPath());
        }
        Map<String, String> deviceOf = deviceIds(data);
        if (instances.isEmpty()) {
            return;
        }
        for (int i = 0; ; i++, seq++) {
            String instance = instances.get(i % instances.size());
            String device = deviceOf.get(instance);
            if (device == null) {
                continue;
            }
            append(ledger, "sent " + seq + " " + device);
            UspMsg.Msg answer = exchange(client, agentTopic, agentId, answers, "set-" + seq, UspMsg.Request
                    .newBuilder().setSet(UspMsg.Set.newBuilder().addUpdateObjs(UspMsg.Set.UpdateObject.newBuilder()
                            .setObjPath(instance).addParamSettings(UspMsg.Set.UpdateParamSetting.newBuilder()
                                    .setParam("Name").setValue("w" + seq).setRequired(true)))).build());
            if (answer == null) {
                return;
            }
            var set = answer.getBody().getResponse().getSetResp();
            if (set.getUpdatedObjResultsCount() == 1
                    && set.getUpdatedObjResults(0).getOperStatus().hasOperSuccess()) {
                append(ledger, "ack " + seq + " " + device);
            }
        }
    }

    /** Instance path ("Device.ProxiedDevice.3.") to core device id, from the agent's record usp/instances. */
    private static Map<String, String> deviceIds(Path data) throws IOException {
        // Read as a plain file: opening a store on a live data directory would remove the service's temp files.
        String text = Files.readString(data.resolve("usp/instances.rec"), StandardCharsets.UTF_8);
        Map<String, String> deviceOf = new HashMap<>();
        for (String line : text.substring(text.indexOf("\n\n") + 2).split("\n")) {
            String[] parts = line.split(" ", 2);
            if (parts.length == 2 && parts[0].matches("\\d+")) {
                deviceOf.put("Device.ProxiedDevice." + parts[0] + ".", parts[1]);
            }
        }
        return deviceOf;
    }

    private static UspMsg.Msg exchange(MqttClientPort client, String agentTopic, String agentId,
            BlockingQueue<UspMsg.Msg> answers, String msgId, UspMsg.Request request) throws Exception {
        UspMsg.Msg msg = UspMsg.Msg.newBuilder().setHeader(UspMsg.Header.newBuilder().setMsgId(msgId)
                .setMsgType(request.hasGet() ? UspMsg.Header.MsgType.GET : UspMsg.Header.MsgType.SET))
                .setBody(UspMsg.Body.newBuilder().setRequest(request)).build();
        byte[] record = UspRecord.Record.newBuilder().setVersion("1.4").setToId(agentId)
                .setFromId("proto::cpe-bridge-controller")
                .setNoSessionContext(UspRecord.NoSessionContextRecord.newBuilder().setPayload(msg.toByteString()))
                .build().toByteArray();
        try {
            client.publish(agentTopic, record, 1, false, MessageProperties.NONE);
        } catch (MqttPortException gone) {
            return null;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            UspMsg.Msg answer = answers.poll(1, TimeUnit.SECONDS);
            if (answer == null) {
                continue;
            }
            if (answer.equals(UspMsg.Msg.getDefaultInstance())) {
                return null; // the connection went with the service
            }
            if (answer.getHeader().getMsgId().equals(msgId)) {
                return answer;
            }
        }
        return null;
    }

    private static void append(Path ledger, String line) throws IOException {
        Files.writeString(ledger, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
