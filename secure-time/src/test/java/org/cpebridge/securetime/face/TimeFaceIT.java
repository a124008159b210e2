package org.cpebridge.securetime.face;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.cpebridge.core.config.Config;
import org.cpebridge.core.config.ConfigKey;
import org.cpebridge.core.config.ConfigSchema;
import org.cpebridge.core.event.EventBus;
import org.cpebridge.core.registry.CommandRouter;
import org.cpebridge.core.registry.DeviceRegistry;
import org.cpebridge.core.spi.FaceContext;
import org.cpebridge.core.spi.FaceFactory;
import org.cpebridge.core.spi.ServiceControl;
import org.cpebridge.core.store.DurableStore;
import org.cpebridge.core.store.FileDurableStore;
import org.cpebridge.core.time.ExecutorScheduler;
import org.cpebridge.core.time.PluggableClock;
import org.cpebridge.core.time.Scheduler;
import org.cpebridge.core.time.TimeReading;
import org.cpebridge.core.time.TimeSource;
import org.cpebridge.securetime.client.ChainLink;
import org.cpebridge.securetime.client.RoughtimeClient;
import org.cpebridge.securetime.client.ServerSpec;
import org.cpebridge.securetime.server.LongTermKeyFile;
import org.cpebridge.securetime.server.RoughtimeServer;
import org.cpebridge.securetime.testing.Loopback;
import org.cpebridge.securetime.testing.TestKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The face as the service runs it: found by ServiceLoader, plugged into the service's clock, its client securing
 * the time from loopback servers, its server then answering the home's devices.
 */
class TimeFaceIT {

    @TempDir
    Path dataDir;

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void close() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        timers.shutdownNow();
    }

    private record Context(DurableStore store, Clock clock, Scheduler scheduler, Config config)
            implements FaceContext {
        @Override
        public DeviceRegistry registry() {
            throw new UnsupportedOperationException("secure-time reads no devices");
        }

        @Override
        public EventBus events() {
            throw new UnsupportedOperationException();
        }

        @Override
        public CommandRouter commands() {
            throw new UnsupportedOperationException();
        }

        @Override
        public java.util.concurrent.Executor executor() {
            return Runnable::run;
        }

        @Override
        public ServiceControl serviceControl() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void showToUser(String text) {
        }
    }

    private static FaceFactory factory() {
        for (FaceFactory factory : ServiceLoader.load(FaceFactory.class)) {
            if (factory.id().equals("time")) {
                return factory;
            }
        }
        throw new AssertionError("ServiceLoader does not find the time face");
    }

    private TimeFace start(PluggableClock clock, String... settings) throws Exception {
        FaceFactory factory = factory();
        ConfigSchema schema = new ConfigSchema().addAll(factory.configKeys());
        Config.Builder builder = Config.builder(schema);
        for (String setting : settings) {
            builder.set(setting);
        }
        TimeFace face = (TimeFace) factory.create(new Context(new FileDurableStore(dataDir), clock,
                new ExecutorScheduler(timers), builder.build()));
        closeables.add(face);
        face.start();
        return face;
    }

    private String loopbackServers(int honest) throws Exception {
        List<String> specs = new ArrayList<>();
        for (int i = 0; i < honest; i++) {
            KeyPair key = TestKeys.longTerm();
            RoughtimeServer server = Loopback.honestServer(key, 0);
            closeables.add(server);
            specs.add(Loopback.spec(server.localAddress(), TestKeys.raw(key)).toString());
        }
        return String.join(",", specs);
    }

    private static void awaitSecured(Clock clock) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (TimeSource.of(clock).read().trust() != TimeReading.Trust.SECURED && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    @Test
    void foundByServiceLoaderWithItsKeysUnderTime() {
        FaceFactory factory = factory();
        assertTrue(factory.enabledByDefault());
        for (ConfigKey<?> key : factory.configKeys()) {
            assertTrue(key.name().startsWith("time."), key.name());
        }
        Config defaults = Config.defaults(new ConfigSchema().addAll(factory.configKeys()));
        assertEquals(false, defaults.get(TimeKeys.SERVER_ENABLED), "the server is off by default");
        assertEquals(false, defaults.get(TimeKeys.CLIENT_ENABLED), "no Internet traffic by default");
        assertEquals("127.0.0.1", defaults.get(TimeKeys.SERVER_LISTEN).getHostString());
        assertEquals(2002, defaults.get(TimeKeys.SERVER_LISTEN).getPort());
        assertEquals(5, defaults.get(TimeKeys.CLIENT_SERVERS).size());
    }

    @Test
    void clientSecuresTheServiceClockThenTheServerAnswersTheHome() throws Exception {
        PluggableClock clock = new PluggableClock(Clock.systemUTC());
        TimeFace face = start(clock, "time.client.enabled=true", "time.client.servers=" + loopbackServers(3),
                "time.client.timeout=500ms", "time.server.enabled=true", "time.server.listen=127.0.0.1:0");
        awaitSecured(clock);
        TimeReading reading = TimeSource.of(clock).read();
        assertEquals(TimeReading.Trust.SECURED, reading.trust());
        assertTrue(Math.abs(clock.millis() - System.currentTimeMillis()) <= reading.uncertainty().toMillis() + 1000);

        Path keyFile = dataDir.resolve(TimeFace.DEFAULT_KEY_FILE);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));
        KeyPair serverKey = LongTermKeyFile.loadOrCreate(keyFile, new SecureRandom());
        RoughtimeServer server = face.server().orElseThrow();
        ServerSpec ours = Loopback.spec(server.localAddress(), TestKeys.raw(serverKey));
        ChainLink answer = new RoughtimeClient(Clock.systemUTC(), new SecureRandom(), Duration.ofSeconds(2), 2)
                .query(ours, Optional.empty());
        assertTrue(answer.verified(), answer.failure().orElse(""));
        assertTrue(answer.answer().orElseThrow().radiusSeconds() >= 1);
    }

    @Test
    void withoutAQuorumTheClockStaysUnsecuredAndTheServerSilent() throws Exception {
        DatagramSocket mute = new DatagramSocket(Loopback.ANY_LOOPBACK_PORT);
        closeables.add(mute);
        String silent = Loopback.spec((java.net.InetSocketAddress) mute.getLocalSocketAddress(),
                TestKeys.raw(TestKeys.longTerm())).toString();
        PluggableClock clock = new PluggableClock(Clock.systemUTC());
        TimeFace face = start(clock, "time.client.enabled=true",
                "time.client.servers=" + loopbackServers(2) + "," + silent, "time.client.timeout=200ms",
                "time.server.enabled=true", "time.server.listen=127.0.0.1:0");
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (face.lastReport().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(face.lastReport().isPresent());
        assertTrue(!face.lastReport().get().secured());
        assertEquals(TimeReading.Trust.UNVERIFIED, TimeSource.of(clock).read().trust());

        KeyPair serverKey = LongTermKeyFile.loadOrCreate(dataDir.resolve(TimeFace.DEFAULT_KEY_FILE),
                new SecureRandom());
        ChainLink answer = new RoughtimeClient(Clock.systemUTC(), new SecureRandom(), Duration.ofMillis(300), 1)
                .query(Loopback.spec(face.server().orElseThrow().localAddress(), TestKeys.raw(serverKey)),
                        Optional.empty());
        assertTrue(answer.answer().isEmpty(), "an unsecured bridge does not vouch for its time");
        assertNull(answer.answer().orElse(null));
    }
}
