package org.cpebridge.securetime.face;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.cpebridge.core.config.Config;
import org.cpebridge.core.config.ConfigException;
import org.cpebridge.core.config.ConfigSchema;
import org.cpebridge.securetime.client.ServerSpec;
import org.junit.jupiter.api.Test;

class TimeKeysTest {

    private static Config with(String assignment) {
        return Config.builder(new ConfigSchema().addAll(TimeKeys.all())).set(assignment).build();
    }

    @Test
    void serversParseFromHostPortEqualsKeyAndPrintBackTheSame() {
        String text = "192.0.2.7:2002=AW5uAoTSTDfG5NfY1bTh08GUnOqlRb+HVhbJ3ODJvsE=, [2001:db8::1]:2003="
                + "NqIjwLopQn6yQChtE21Mb97dAbAPe5UOuTa0tOakgD8=";
        List<ServerSpec> servers = with("time.client.servers=" + text).get(TimeKeys.CLIENT_SERVERS);
        assertEquals(2, servers.size());
        assertEquals("2001:db8::1", servers.get(1).host());
        assertEquals(2003, servers.get(1).port());
        assertEquals("[2001:db8::1]:2003=NqIjwLopQn6yQChtE21Mb97dAbAPe5UOuTa0tOakgD8=", servers.get(1).toString());
        assertEquals(servers.get(0), ServerSpec.parse(servers.get(0).toString()));
    }

    @Test
    void badValuesStopStartupNamingTheKey() {
        for (String bad : List.of("time.client.servers=example.org:2002", "time.client.servers=example.org=AAAA",
                "time.client.servers=example.org:2002=AAAA", "time.client.servers=example.org:2002=not base64!",
                "time.client.quorum=2", "time.server.maxBatch=5000")) {
            ConfigException error = assertThrows(ConfigException.class, () -> with(bad), bad);
            assertTrue(error.getMessage().contains(bad.substring(0, bad.indexOf('='))), error.getMessage());
        }
    }

    @Test
    void defaultsAreThePublishedServers() {
        List<ServerSpec> defaults = Config.defaults(new ConfigSchema().addAll(TimeKeys.all()))
                .get(TimeKeys.CLIENT_SERVERS);
        assertEquals(List.of("roughtime.cloudflare.com:2003", "roughtime.int08h.com:2002", "roughtime.se:2002",
                "time.txryan.com:2002", "roughtime.sturdystatistics.com:2002"),
                defaults.stream().map(ServerSpec::name).toList());
    }
}
