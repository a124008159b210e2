package org.cpebridge.usp.message;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cpebridge.usp.proto.UspMsg;
import org.junit.jupiter.api.Test;

/**
 * What a Get's walk answers for an object from the values its provider hands over: every parameter of the schema, in
 * the schema's order, "" for one the provider has no value for, nothing for a value the schema does not name.
 */
class GetWalkValuesTest {
    private final TestAgent agent = new TestAgent();

    @Test
    void theSchemaDecidesWhichParametersAndInWhatOrder() {
        agent.t.provider.put("Device.DeviceInfo.", "NotInTheSchema", "x")
                .put("Device.DeviceInfo.", "UpTime", "12");
        UspMsg.GetResp answer = agent.get(1, "Device.DeviceInfo.");
        UspMsg.GetResp.ResolvedPathResult info = answer.getReqPathResults(0).getResolvedPathResults(0);
        assertEquals("Device.DeviceInfo.", info.getResolvedPath());
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("Manufacturer", "cpe-bridge");
        expected.put("SoftwareVersion", "0.1.0");
        expected.put("ProvisioningCode", "");
        expected.put("UpTime", "12");
        assertEquals(expected, info.getResultParamsMap());
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(info.getResultParamsMap().keySet()), "schema order");
    }
}
