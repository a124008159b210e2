import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.cpebridge.core.json.Json;
import org.cpebridge.mqtt.ConnAck;
import org.cpebridge.mqtt.ConnectOptions;
import org.cpebridge.mqtt.MessageProperties;
import org.cpebridge.mqtt.MqttClientPort;
import org.cpebridge.mqtt.MqttVersion;

/**
 * For bench/device-join.sh: reads the retained Zigbee2MQTT {@code bridge/devices} the simulator published (one
 * device and the coordinator), clones its device COUNT times (trimmed) with new IEEE addresses and names, and publishes the
 * list retained, as a Zigbee2MQTT with a large network does after a restart. Prints the epoch milliseconds at which
 * the broker acknowledged the publish. Usage: URL USER PASSWORD BASE_TOPIC COUNT
 */
public final class DeviceListPublisher {

    public static void main(String[] args) throws Exception {
        String topic = args[3] + "/bridge/devices";
        int count = Integer.parseInt(args[4]);
        CompletableFuture<byte[]> current = new CompletableFuture<>();
        CompletableFuture<String> up = new CompletableFuture<>();
        CompletableFuture<Long> acknowledged = new CompletableFuture<>();
        // The bridge's own MQTT client (mqtt-support, in the jar), on a loop of its own.
        MqttClientPort client = MqttClientPort.open(ConnectOptions.builder(args[0], "bench-device-list",
                MqttVersion.V5).credentials(java.util.Optional.of(args[1]), java.util.Optional.of(args[2])).build(),
                new MqttClientPort.Listener() {
                    @Override
                    public void connected(ConnAck ack) {
                        up.complete("connected");
                    }

                    @Override
                    public void connectFailed(String reason, boolean protocolRejected) {
                        up.complete(reason);
                    }

                    @Override
                    public void subscribed(List<Boolean> granted) {
                    }

                    @Override
                    public void lost(String reason) {
                        current.completeExceptionally(new IllegalStateException(reason));
                        acknowledged.completeExceptionally(new IllegalStateException(reason));
                    }

                    @Override
                    public void message(String t, byte[] payload, boolean retained, MessageProperties properties) {
                        current.complete(payload);
                    }

                    @Override
                    public void delivered() {
                        acknowledged.complete(System.currentTimeMillis());
                    }
                });
        client.connect();
        String outcome = up.get(30, TimeUnit.SECONDS);
        if (!outcome.equals("connected")) {
            client.close();
            throw new IllegalStateException("cannot connect: " + outcome);
        }
        client.subscribe(List.of(topic), 1);
        List<?> list = (List<?>) Json.parse(new String(current.get(30, TimeUnit.SECONDS), StandardCharsets.UTF_8));
        List<Object> grown = new ArrayList<>();
        Map<?, ?> template = null;
        for (Object entry : list) {
            Map<?, ?> device = (Map<?, ?>) entry;
            if ("Coordinator".equals(device.get("type"))) {
                grown.add(device);
            } else if (template == null) {
                template = device;
            }
        }
        // Trimmed to what a join needs (the switch and power exposes, no endpoints or options), so that 5,000
        // devices fit the broker's 4 MiB packet limit; the simulator's full entry is 5.5 KB.
        Map<String, Object> definition = new LinkedHashMap<>();
        Map<?, ?> full = (Map<?, ?>) template.get("definition");
        for (String key : List.of("model", "vendor", "description")) {
            definition.put(key, full.get(key));
        }
        List<Object> exposes = new ArrayList<>();
        for (Object expose : (List<?>) full.get("exposes")) {
            Map<?, ?> e = (Map<?, ?>) expose;
            if ("switch".equals(e.get("type")) || "power".equals(e.get("name"))) {
                exposes.add(e);
            }
        }
        definition.put("exposes", exposes);
        for (int i = 0; i < count; i++) {
            Map<String, Object> clone = new LinkedHashMap<>();
            template.forEach((key, value) -> clone.put(String.valueOf(key), value));
            clone.remove("endpoints");
            clone.put("definition", definition);
            String ieee = String.format("0x00be%012x", i);
            clone.put("ieee_address", ieee);
            clone.put("friendly_name", "bench-plug-" + i);
            clone.put("network_address", 1000 + i);
            grown.add(clone);
        }
        byte[] payload = Json.write(grown).getBytes(StandardCharsets.UTF_8);
        // Still subscribed (the port has no UNSUBSCRIBE): our own list comes back once more, and is ignored.
        client.publish(topic, payload, 1, true, MessageProperties.NONE);
        System.out.println(acknowledged.get(60, TimeUnit.SECONDS) + " " + payload.length);
        client.disconnect(java.time.Duration.ofSeconds(1));
        client.close();
    }
}
