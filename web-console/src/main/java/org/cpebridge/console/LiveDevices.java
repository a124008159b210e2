package org.cpebridge.console;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.cpebridge.console.auth.Sessions;
import org.cpebridge.console.http.EventStream;
import org.cpebridge.core.event.DeviceEvent;
import org.cpebridge.core.json.Json;
import org.cpebridge.core.registry.DeviceRegistry;

/**
 * Pushes device changes to the open Devices pages as server-sent events: on any core event of a device, its whole
 * current view ({@code device}), or {@code removed} with its id. A stream whose session has ended is closed at its
 * next event. Called on the event bus's delivery thread for this subscriber (one at a time, in order) and, to add a
 * stream, on a worker thread; the stream set is concurrent.
 */
final class LiveDevices {

    private final DeviceRegistry registry;
    private final Sessions sessions;
    /** Each open stream and the session token it belongs to. */
    private final Map<EventStream, String> streams = new ConcurrentHashMap<>();

    LiveDevices(DeviceRegistry registry, Sessions sessions) {
        this.registry = registry;
        this.sessions = sessions;
    }

    void add(EventStream stream, String sessionToken) {
        streams.put(stream, sessionToken);
        stream.onClose(() -> streams.remove(stream));
        // The first event says the stream is live, so a page knows from when it misses nothing.
        stream.send("hello", "{}");
    }

    void onEvent(DeviceEvent event) {
        if (streams.isEmpty()) {
            return;
        }
        String name;
        String data;
        if (event instanceof DeviceEvent.DeviceRemoved removed) {
            name = "removed";
            data = Json.write(Map.of("id", removed.device().toString()));
        } else {
            var device = registry.device(event.device());
            if (device.isEmpty()) {
                return;
            }
            name = "device";
            data = Json.write(DeviceViews.view(device.get(), registry));
        }
        for (Map.Entry<EventStream, String> entry : streams.entrySet()) {
            if (!sessions.isLive(entry.getValue())) {
                entry.getKey().close();
                streams.remove(entry.getKey());
            } else {
                entry.getKey().send(name, data);
            }
        }
    }

    int openStreams() {
        return streams.size();
    }

    void closeAll() {
        streams.keySet().forEach(EventStream::close);
        streams.clear();
    }
}
