package org.cpebridge.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.cpebridge.core.config.Config;
import org.cpebridge.core.config.ConfigKey;
import org.cpebridge.core.spi.Adapter;
import org.cpebridge.core.spi.AdapterContext;
import org.cpebridge.core.spi.AdapterFactory;
import org.cpebridge.core.spi.DeviceCommand;
import org.cpebridge.core.spi.Face;
import org.cpebridge.core.spi.FaceContext;
import org.cpebridge.core.spi.FaceFactory;
import org.cpebridge.core.spi.ServiceControl;
import org.cpebridge.core.store.StoreException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start sequence of {@link Bridge}: adapters start together, then faces together (READY waits for the slowest,
 * not the sum), a failed start is reported as the component threw it and everything started is stopped, and faces
 * hear {@link Face#onReady} only after a whole start. In-process components, the embedded broker off: no socket.
 */
class BridgeStartTest {

    /** Long enough never to pass by waiting on a loaded machine; the starts meet long before when run together. */
    private static final long MEET_SECONDS = 30;

    @TempDir
    Path dir;

    private final List<String> events = new CopyOnWriteArrayList<>();

    @Test
    void facesStartTogetherAndEachStartsOnce() throws Exception {
        // Each face's start waits until the other's has begun: started one after the other, neither would return.
        CountDownLatch bothBegun = new CountDownLatch(2);
        Map<String, FaceFactory> faces = new LinkedHashMap<>();
        faces.put("one", face("one", () -> meet(bothBegun)));
        faces.put("two", face("two", () -> meet(bothBegun)));
        Bridge bridge = bridge(Map.of(), faces);
        try {
            assertEquals("(adapters: none; faces: one,two)", bridge.start());
            assertEquals(2, events.stream().filter(e -> e.startsWith("start ")).count(), events.toString());
            assertTrue(events.stream().noneMatch(e -> e.startsWith("ready ")), "no onReady during the start");
            bridge.ready();
            assertTrue(events.containsAll(List.of("ready one", "ready two")), events.toString());
        } finally {
            bridge.stop();
        }
    }

    @Test
    void adaptersStartTogetherAndAllBeforeAnyFace() throws Exception {
        CountDownLatch bothBegun = new CountDownLatch(2);
        Map<String, AdapterFactory> adapters = new LinkedHashMap<>();
        adapters.put("ada", adapter("ada", () -> meet(bothBegun)));
        adapters.put("adb", adapter("adb", () -> meet(bothBegun)));
        Bridge bridge = bridge(adapters, Map.of("face", face("face", () -> {
            assertTrue(events.containsAll(List.of("start ada", "start adb")), "adapters first: " + events);
        })));
        try {
            bridge.start();
            assertTrue(events.contains("start face"), events.toString());
        } finally {
            bridge.stop();
        }
    }

    @Test
    void aFailedStartIsThrownAsItWasAndWhatStartedIsStoppedWithoutOnReady() throws Exception {
        StoreException damaged = new StoreException("matter/fabrics.rec is unreadable");
        Map<String, FaceFactory> faces = new LinkedHashMap<>();
        faces.put("good", face("good", () -> { }));
        faces.put("bad", face("bad", () -> {
            throw damaged;
        }));
        Bridge bridge = bridge(Map.of(), faces);
        StoreException thrown = assertThrows(StoreException.class, bridge::start);
        assertSame(damaged, thrown, "the component's own exception, so Main reports a damaged store as such");
        bridge.stop();
        assertTrue(events.containsAll(List.of("close good", "close bad")), events.toString());
        assertTrue(events.stream().noneMatch(e -> e.startsWith("ready ")), events.toString());
    }

    @Test
    void anErrorInAStartIsAFailedStartNotALostThread() throws Exception {
        Bridge bridge = bridge(Map.of(), Map.of("broken", face("broken", () -> {
            throw new NoClassDefFoundError("org/example/Missing");
        })));
        Exception thrown = assertThrows(Exception.class, bridge::start);
        assertTrue(thrown.getCause() instanceof NoClassDefFoundError, thrown.toString());
        bridge.stop();
    }

    private static void meet(CountDownLatch bothBegun) throws InterruptedException {
        bothBegun.countDown();
        assertTrue(bothBegun.await(MEET_SECONDS, TimeUnit.SECONDS), "the other start never began meanwhile");
    }

    private Bridge bridge(Map<String, AdapterFactory> adapters, Map<String, FaceFactory> faces) {
        Components components = Components.of(adapters, faces);
        Config config = Config.builder(components.schema()).set("mqtt.embedded.enabled=false")
                .set("bridge.ioThreads=1").build();
        return new Bridge(components, config, dir, new ServiceControl() {
            @Override
            public void requestRestart(String reason) {
            }

            @Override
            public void requestFactoryReset(String reason) {
            }

            @Override
            public BridgeInfo bridgeInfo() {
                throw new UnsupportedOperationException();
            }
        });
    }

    @FunctionalInterface
    private interface StartBody {
        void run() throws Exception;
    }

    private FaceFactory face(String id, StartBody body) {
        return new FaceFactory() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public boolean enabledByDefault() {
                return true;
            }

            @Override
            public List<ConfigKey<?>> configKeys() {
                return List.of();
            }

            @Override
            public Face create(FaceContext context) {
                return new Face() {
                    @Override
                    public void start() throws Exception {
                        events.add("start " + id);
                        body.run();
                    }

                    @Override
                    public void onReady() {
                        events.add("ready " + id);
                    }

                    @Override
                    public void close() {
                        events.add("close " + id);
                    }
                };
            }
        };
    }

    private AdapterFactory adapter(String id, StartBody body) {
        return new AdapterFactory() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public boolean enabledByDefault() {
                return true;
            }

            @Override
            public List<ConfigKey<?>> configKeys() {
                return List.of();
            }

            @Override
            public Adapter create(AdapterContext context) {
                return new Adapter() {
                    @Override
                    public void start() {
                        events.add("start " + id);
                        try {
                            body.run();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }

                    @Override
                    public CompletionStage<Void> execute(DeviceCommand command) {
                        return CompletableFuture.completedFuture(null);
                    }

                    @Override
                    public void close() {
                        events.add("close " + id);
                    }
                };
            }
        };
    }
}
