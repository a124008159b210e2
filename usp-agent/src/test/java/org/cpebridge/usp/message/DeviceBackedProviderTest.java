package org.cpebridge.usp.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.cpebridge.privacy.policy.AccessPolicy;
import org.cpebridge.usp.datamodel.DataModel;
import org.cpebridge.usp.datamodel.DataModelException;
import org.cpebridge.usp.datamodel.ObjectInstance;
import org.cpebridge.usp.datamodel.ObjectProvider;
import org.cpebridge.usp.datamodel.ObjectSchema;
import org.cpebridge.usp.datamodel.TestModel;
import org.cpebridge.usp.proto.UspMsg;
import org.cpebridge.usp.proto.UspMsg.Header.MsgType;
import org.junit.jupiter.api.Test;

/**
 * A provider mounted on a subtree whose writes complete later, as the core-backed ProxiedDevice provider's will (the
 * device confirms): the Set answer waits for it, and a device refusal becomes the object's failure and is undone.
 */
class DeviceBackedProviderTest {
    private static final String VALUE_OBJECT = "Device.ProxiedDevice.1.IoTCapability.1.BinaryControl.";

    /** Serves BinaryControl objects; every write waits for the test to confirm or refuse it. */
    private static final class DeferredDevice implements ObjectProvider {
        final Map<String, String> state = new HashMap<>(Map.of("Type", "Switch", "Value", "false"));
        final List<CompletableFuture<Void>> pending = new ArrayList<>();
        final List<Map<String, String>> writes = new ArrayList<>();

        @Override
        public List<Long> instances(ObjectInstance parent, ObjectSchema table) {
            return List.of();
        }

        @Override
        public Map<String, String> values(ObjectInstance object) {
            return Map.copyOf(state);
        }

        @Override
        public CompletionStage<Void> set(ObjectInstance object, Map<String, String> values) {
            writes.add(values);
            CompletableFuture<Void> confirmed = new CompletableFuture<>();
            pending.add(confirmed);
            return confirmed.thenRun(() -> state.putAll(values));
        }
    }

    private final TestModel t = new TestModel();
    private final DeferredDevice device = new DeferredDevice();
    private final DataModel model = DataModel.builder(t.root, t.provider)
            .mount("Device.ProxiedDevice.{i}.IoTCapability.{i}.BinaryControl.", device).build();
    private final MessageDispatcher dispatcher = new MessageDispatcher(model, AccessPolicy.FULL_ACCESS,
            new AsyncRequests("Device.LocalAgent.Request."), OperationCompleteListener.NONE);

    private CompletableFuture<Optional<UspMsg.Msg>> set(boolean allowPartial, String value) {
        UspMsg.Msg msg = UspMsg.Msg.newBuilder()
                .setHeader(UspMsg.Header.newBuilder().setMsgId("s1").setMsgType(MsgType.SET))
                .setBody(UspMsg.Body.newBuilder().setRequest(TestAgent.set(allowPartial,
                        TestAgent.update(VALUE_OBJECT, "Value", value, true))))
                .build();
        return dispatcher.handle("proto::c", msg).toCompletableFuture();
    }

    @Test
    void setAnswersWhenTheDeviceConfirms() {
        CompletableFuture<Optional<UspMsg.Msg>> answer = set(false, "true");
        assertFalse(answer.isDone(), "no answer before the device confirms");
        device.pending.get(0).complete(null);
        UspMsg.SetResp resp = answer.join().orElseThrow().getBody().getResponse().getSetResp();
        assertEquals(Map.of("Value", "true"), resp.getUpdatedObjResults(0).getOperStatus().getOperSuccess()
                .getUpdatedInstResults(0).getUpdatedParamsMap());
    }

    @Test
    void deviceRefusalBecomesAnError() {
        CompletableFuture<Optional<UspMsg.Msg>> answer = set(false, "true");
        device.pending.get(0).completeExceptionally(new DataModelException(7003, "device unreachable"));
        UspMsg.Error error = answer.join().orElseThrow().getBody().getError();
        assertEquals(7003, error.getErrCode());
        assertEquals(VALUE_OBJECT + "Value", error.getParamErrs(0).getParamPath());
        assertEquals("false", device.state.get("Value"));
    }

    @Test
    void deviceRefusalWithAllowPartialIsAnObjectFailure() {
        CompletableFuture<Optional<UspMsg.Msg>> answer = set(true, "true");
        device.pending.get(0).completeExceptionally(new IllegalStateException("adapter bug"));
        UspMsg.SetResp resp = answer.join().orElseThrow().getBody().getResponse().getSetResp();
        assertEquals(7020, resp.getUpdatedObjResults(0).getOperStatus().getOperFailure().getErrCode(),
                "an unexpected provider failure is 'object could not be updated'");
        assertEquals(1, device.writes.size(), "nothing was written, so nothing to undo");
    }
}
