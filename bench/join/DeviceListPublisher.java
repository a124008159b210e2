import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.cpebridge.core.json.Json;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

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
        MqttClient client = new MqttClient(args[0], "bench-device-list", new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse response) {
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {
            }

            @Override
            public void messageArrived(String t, MqttMessage message) {
                current.complete(message.getPayload());
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
            }

            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
            }
        });
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setUserName(args[1]);
        options.setPassword(args[2].getBytes(StandardCharsets.UTF_8));
        client.connect(options);
        client.subscribe(topic, 1);
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
        client.unsubscribe(topic);
        client.publish(topic, payload, 1, true);
        System.out.println(System.currentTimeMillis() + " " + payload.length);
        client.disconnect();
        client.close();
    }
}
