package org.cpebridge.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.cpebridge.core.model.Capability;
import org.cpebridge.core.model.CapabilityType;
import org.cpebridge.core.model.Device;
import org.cpebridge.core.model.DeviceId;
import org.cpebridge.core.model.DeviceKind;
import org.cpebridge.core.store.StoreException;
import org.junit.jupiter.api.Test;

/**
 * The device kind and the household's Matter exclusion in the stored device list: kept, and absent or unknown kinds
 * read as unspecified, an absent exclusion as false.
 */
class DeviceCodecTest {
    private static final DeviceId LIGHT = DeviceId.of("dect", "0F025E0001");

    /** A device list as the build before device kinds wrote it (format 1, no "kind"). */
    private static final String BEFORE_KINDS = "[{\"id\":\"dect:0F025E0001\",\"vendor\":\"\",\"model\":"
            + "\"Simple Light (0x0108)\",\"serial\":\"\",\"firmware\":\"\",\"name\":\"DECT light\",\"room\":\"Hall\","
            + "\"capabilities\":[{\"type\":\"onOff\",\"part\":\"\",\"attributes\":{\"on\":[null,null]},"
            + "\"commands\":[\"on\",\"off\",\"toggle\"],\"events\":[]}]}]";

    @Test
    void aKindSurvivesEncodeAndDecode() {
        Device light = Device.builder(LIGHT).model("Simple Light (0x0108)").kind(DeviceKind.LIGHT)
                .capabilities(Capability.of(CapabilityType.ON_OFF)).build();
        String text = DeviceCodec.encode(List.of(light));
        assertTrue(text.contains("\"kind\":\"light\""), text);
        assertEquals(DeviceKind.LIGHT, DeviceCodec.decode(text).get(0).kind());
    }

    @Test
    void anUnspecifiedKindIsNotWrittenAndARecordWithoutKindsReadsAsUnspecified() {
        Device plain = Device.builder(LIGHT).capabilities(Capability.of(CapabilityType.ON_OFF)).build();
        assertFalse(DeviceCodec.encode(List.of(plain)).contains("kind"));
        Device old = DeviceCodec.decode(BEFORE_KINDS).get(0);
        assertEquals(DeviceKind.UNSPECIFIED, old.kind());
        assertEquals("Hall", old.room());
        assertEquals(CapabilityType.ON_OFF, old.capabilities().get(0).type());
    }

    @Test
    void aKindThisBuildDoesNotKnowReadsAsUnspecifiedButAWrongTypeIsAnError() {
        String newer = BEFORE_KINDS.replace("\"room\":\"Hall\",", "\"room\":\"Hall\",\"kind\":\"hologram\",");
        assertEquals(DeviceKind.UNSPECIFIED, DeviceCodec.decode(newer).get(0).kind());
        String broken = BEFORE_KINDS.replace("\"room\":\"Hall\",", "\"room\":\"Hall\",\"kind\":7,");
        assertTrue(assertThrows(StoreException.class, () -> DeviceCodec.decode(broken)).getMessage()
                .contains("kind"));
    }

    @Test
    void theMatterExclusionIsWrittenOnlyWhenSetAndAWrongTypeIsAnError() {
        Device plain = Device.builder(LIGHT).capabilities(Capability.of(CapabilityType.ON_OFF)).build();
        assertFalse(DeviceCodec.encode(List.of(plain)).contains("excludedFromMatter"));
        assertFalse(DeviceCodec.decode(BEFORE_KINDS).get(0).excludedFromMatter());
        String text = DeviceCodec.encode(List.of(plain.withExcludedFromMatter(true)));
        assertTrue(text.contains("\"excludedFromMatter\":true"), text);
        assertTrue(DeviceCodec.decode(text).get(0).excludedFromMatter());
        String broken = BEFORE_KINDS.replace("\"room\":\"Hall\",",
                "\"room\":\"Hall\",\"excludedFromMatter\":\"yes\",");
        assertTrue(assertThrows(StoreException.class, () -> DeviceCodec.decode(broken)).getMessage()
                .contains("excludedFromMatter"));
    }
}
