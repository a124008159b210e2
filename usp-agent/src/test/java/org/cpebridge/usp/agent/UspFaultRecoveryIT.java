package org.cpebridge.usp.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.cpebridge.usp.error.UspErrors;
import org.cpebridge.usp.proto.UspMsg;
import org.cpebridge.usp.proto.UspMsg.Header.MsgType;
import org.cpebridge.usp.testing.Msgs;
import org.cpebridge.usp.testing.TestBroker;
import org.cpebridge.usp.testing.TestFaceContext;
import org.cpebridge.usp.testing.UspMqttHarness;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A worker that dies is not a zombie (issue 23): the real agent over a real broker, with the face's clock armed to
 * throw once inside the Get handler (as a provider that fails would). The request gets Error 7003 (Internal error)
 * and the next request is answered, whatever was thrown: an exception, an OutOfMemoryError, a StackOverflowError.
 */
class UspFaultRecoveryIT {
    private static final String AGENT_TOPIC = "usp/agent/faults";
    private static final String CONTROLLER_ID = "proto::faults-controller";
    private static final String CONTROLLER_TOPIC = "usp/controller/faults";
    private static final String REPLY_TOPIC = "usp/controller/faults-reply";

    @RegisterExtension
    final UspMqttHarness usp = UspMqttHarness.agentTopic(AGENT_TOPIC).controller(CONTROLLER_ID, CONTROLLER_TOPIC)
            .subscribe(CONTROLLER_TOPIC, REPLY_TOPIC);

    static Stream<Arguments> faults() {
        Supplier<Throwable> exception = () -> new IllegalStateException("injected provider fault");
        Supplier<Throwable> outOfMemory = () -> new OutOfMemoryError("injected: Java heap space");
        Supplier<Throwable> stackOverflow = () -> new StackOverflowError("injected");
        return Stream.of(TestBroker.Kind.values()).flatMap(kind -> Stream.of(
                Arguments.of(kind, "RuntimeException", exception),
                Arguments.of(kind, "OutOfMemoryError", outOfMemory),
                Arguments.of(kind, "StackOverflowError", stackOverflow)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("faults")
    void aRequestWhoseHandlingThrowsGets7003AndTheNextIsAnswered(TestBroker.Kind kind, String name,
            Supplier<Throwable> fault) throws Exception {
        assertNotNull(usp.start(kind), "no MQTTConnect Record");
        TestFaceContext context = usp.context();

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

    /** The answer to {@code request}, checked to carry its msg_id ({@link UspMqttHarness#ask}). */
    private UspMsg.Msg ask(UspMsg.Msg request) throws Exception {
        return usp.ask(request, Optional.of(CONTROLLER_TOPIC));
    }
}
