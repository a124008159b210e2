package org.cpebridge.usp.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.cpebridge.usp.error.UspErrors;
import org.cpebridge.usp.proto.UspMsg;
import org.cpebridge.usp.proto.UspMsg.Header.MsgType;
import org.cpebridge.usp.testing.Msgs;
import org.cpebridge.usp.testing.PahoTestController;
import org.cpebridge.usp.testing.TestBroker;
import org.cpebridge.usp.testing.TestFaceContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A worker that dies is not a zombie (issue 23): the real agent over a real broker, with the face's clock armed to
 * throw once inside the Get handler (as a provider that fails would). The request gets Error 7003 (Internal error)
 * and the next request is answered, whatever was thrown: an exception, an OutOfMemoryError, a StackOverflowError.
 */
class UspFaultRecoveryIT {
    private static final String AGENT_ID = "os::000000-CPEB-TEST0001";
    private static final String AGENT_TOPIC = "usp/agent/faults";
    private static final String CONTROLLER_ID = "proto::faults-controller";
    private static final String CONTROLLER_TOPIC = "usp/controller/faults";
    private static final String REPLY_TOPIC = "usp/controller/faults-reply";
    private static final int WAIT_SECONDS = 30;

    @TempDir
    Path dir;

    private TestBroker broker;
    private TestFaceContext context;
    private UspFace face;
    private PahoTestController controller;

    static Stream<Arguments> faults() {
        Supplier<Throwable> exception = () -> new IllegalStateException("injected provider fault");
        Supplier<Throwable> outOfMemory = () -> new OutOfMemoryError("injected: Java heap space");
        Supplier<Throwable> stackOverflow = () -> new StackOverflowError("injected");
        return Stream.of(TestBroker.Kind.values()).flatMap(kind -> Stream.of(
                Arguments.of(kind, "RuntimeException", exception),
                Arguments.of(kind, "OutOfMemoryError", outOfMemory),
                Arguments.of(kind, "StackOverflowError", stackOverflow)));
    }

    @AfterEach
    void stopAll() throws Exception {
        if (face != null) {
            face.close();
        }
        if (controller != null) {
            controller.close();
        }
        if (context != null) {
            context.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("faults")
    void aRequestWhoseHandlingThrowsGets7003AndTheNextIsAnswered(TestBroker.Kind kind, String name,
            Supplier<Throwable> fault) throws Exception {
        Files.createDirectories(dir.resolve("broker"));
        broker = kind.start(dir.resolve("broker"));
        controller = new PahoTestController(broker.url(), CONTROLLER_ID, AGENT_ID, CONTROLLER_TOPIC, REPLY_TOPIC);
        context = new TestFaceContext(dir.resolve("data"), Map.of(
                "usp.mqtt.url", broker.url(),
                "usp.mqtt.agentTopic", AGENT_TOPIC,
                "usp.controller.endpointId", CONTROLLER_ID,
                "usp.controller.topic", CONTROLLER_TOPIC));
        context.adapter.registerDevices();
        face = new UspFace(context);
        face.start();
        assertNotNull(controller.received.poll(WAIT_SECONDS, TimeUnit.SECONDS), "no MQTTConnect Record");

        context.clockFault.set(fault.get());
        UspMsg.Msg failed = ask(Msgs.get("faulty", "Device.DeviceInfo.UpTime"));
        assertNull(context.clockFault.get(), "the fault was thrown while handling the Get");
        assertEquals(MsgType.ERROR, failed.getHeader().getMsgType());
        assertEquals(UspErrors.INTERNAL_ERROR, failed.getBody().getError().getErrCode());

        for (int i = 0; i < 3; i++) {
            UspMsg.Msg next = ask(Msgs.get("next-" + i, "Device.DeviceInfo.UpTime", "Device.ProxiedDevice.*.Name"));
            assertEquals(MsgType.GET_RESP, next.getHeader().getMsgType());
            assertEquals(4, Msgs.resolved(next).size() - 1, "four devices and DeviceInfo");
        }
    }

    private UspMsg.Msg ask(UspMsg.Msg request) throws Exception {
        controller.send(AGENT_TOPIC, request, Optional.of(CONTROLLER_TOPIC));
        PahoTestController.Received answer = controller.nextMessage(WAIT_SECONDS);
        assertNotNull(answer, "no answer to " + request.getHeader().getMsgId() + " within " + WAIT_SECONDS + " s");
        UspMsg.Msg msg = PahoTestController.message(answer);
        assertEquals(request.getHeader().getMsgId(), msg.getHeader().getMsgId());
        return msg;
    }
}
