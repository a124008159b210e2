package org.cpebridge.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import org.cpebridge.core.event.EventBus;
import org.cpebridge.core.model.AttributeRef;
import org.cpebridge.core.model.DeviceException;
import org.cpebridge.core.model.DeviceId;
import org.cpebridge.core.model.ErrorKind;
import org.cpebridge.core.model.Value;
import org.cpebridge.core.spi.Adapter;
import org.cpebridge.core.spi.DeviceCommand;
import org.cpebridge.core.store.FileDurableStore;
import org.cpebridge.core.testing.ManualClock;
import org.cpebridge.core.testing.ManualScheduler;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandRouterTest {

    @TempDir
    Path dataDir;

    private final ManualScheduler scheduler = new ManualScheduler(new ManualClock());
    private final List<DeviceCommand> received = new ArrayList<>();
    private CompletionStage<Void> nextResult = CompletableFuture.completedFuture(null);
    private CommandRouter router;

    private final Adapter adapter = new Adapter() {
        @Override
        public void start() {
        }

        @Override
        public CompletionStage<Void> execute(DeviceCommand command) {
            if (nextResult == null) {
                throw new IllegalStateException("adapter bug");
            }
            received.add(command);
            return nextResult;
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void setUp() {
        DeviceRegistry registry = new DeviceRegistry(new EventBus(Runnable::run), scheduler.clock(),
                new FileDurableStore(dataDir));
        registry.register(DeviceRegistryTest.plug());
        router = new CommandRouter(registry, scheduler, Duration.ofSeconds(30));
        router.attach("dect", adapter);
    }

    private static ErrorKind failureKind(CompletableFuture<Void> result) {
        ExecutionException failure = assertThrows(ExecutionException.class, result::get);
        return assertInstanceOf(DeviceException.class, failure.getCause()).kind();
    }

    @Test
    void routesToTheOwningAdapterWithCheckedArguments() throws Exception {
        router.invoke(DeviceRegistryTest.PLUG, "onOff", "toggle", Map.of()).get();
        router.write(new AttributeRef(DeviceRegistryTest.PLUG, "onOff", "on"), Value.of(true)).get();
        assertEquals(2, received.size());
        assertEquals(new DeviceCommand.Invoke(DeviceRegistryTest.PLUG, "onOff", "toggle", Map.of()),
                received.get(0));
        assertInstanceOf(DeviceCommand.WriteAttribute.class, received.get(1));
    }

    @Test
    void everyErrorKindReachesTheFace() {
        assertEquals(ErrorKind.NOT_FOUND,
                failureKind(router.invoke(DeviceId.of("dect", "404"), "onOff", "on", Map.of())));
        assertEquals(ErrorKind.NOT_FOUND,
                failureKind(router.invoke(DeviceRegistryTest.PLUG, "level", "setLevel", Map.of())));
        assertEquals(ErrorKind.UNSUPPORTED,
                failureKind(router.invoke(DeviceRegistryTest.PLUG, "onOff", "dim", Map.of())));
        assertEquals(ErrorKind.UNSUPPORTED, failureKind(router.write(
                new AttributeRef(DeviceRegistryTest.PLUG, "electricalPower", "power"), Value.of(3))));
        assertEquals(ErrorKind.INVALID_VALUE, failureKind(router.write(
                new AttributeRef(DeviceRegistryTest.PLUG, "onOff", "on"), Value.of("yes"))));
        assertEquals(ErrorKind.INVALID_VALUE, failureKind(
                router.invoke(DeviceRegistryTest.PLUG, "onOff", "on", Map.of("now", Value.of(true)))));
        assertTrue(received.isEmpty(), "nothing invalid reaches the adapter");

        for (ErrorKind kind : List.of(ErrorKind.BUSY, ErrorKind.UNREACHABLE, ErrorKind.DENIED, ErrorKind.TIMEOUT)) {
            nextResult = CompletableFuture.failedFuture(new DeviceException(kind, "adapter says " + kind));
            assertEquals(kind, failureKind(router.invoke(DeviceRegistryTest.PLUG, "onOff", "on", Map.of())));
        }
    }

    @Test
    void aDetachedAdapterIsUnreachable() {
        router.detach("dect");
        assertEquals(ErrorKind.UNREACHABLE,
                failureKind(router.invoke(DeviceRegistryTest.PLUG, "onOff", "on", Map.of())));
    }

    @Test
    void anAdapterThatThrowsIsAFailureNotACrash() {
        nextResult = null;
        assertEquals(ErrorKind.UNREACHABLE,
                failureKind(router.invoke(DeviceRegistryTest.PLUG, "onOff", "on", Map.of())));
    }

    @Test
    void anAdapterThatNeverAnswersTimesOut() {
        nextResult = new CompletableFuture<>();
        CompletableFuture<Void> result = router.invoke(DeviceRegistryTest.PLUG, "onOff", "on", Map.of());
        scheduler.advance(Duration.ofSeconds(29));
        assertTrue(!result.isDone());
        scheduler.advance(Duration.ofSeconds(1));
        assertEquals(ErrorKind.TIMEOUT, failureKind(result));
    }

    @Test
    void permitJoinDefaultsToUnsupported() {
        assertEquals(ErrorKind.UNSUPPORTED, failureKind(router.permitJoin("dect", Duration.ofSeconds(60))));
        assertEquals(ErrorKind.NOT_FOUND, failureKind(router.permitJoin("zigbee", Duration.ofSeconds(60))));
    }
}
