package org.cpebridge.usp.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.cpebridge.core.testing.ManualClock;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class RateLimitedWarningTest {

    /** A Logger that records what reaches warn(format, arguments...). */
    private static Logger recording(List<String> lines) {
        return (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(), new Class<?>[] {Logger.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("warn")) {
                        lines.add(Arrays.deepToString(args));
                    }
                    return method.getReturnType() == boolean.class ? Boolean.TRUE : null;
                });
    }

    @Test
    void oneWarningPerIntervalThenTheCountOfTheOthers() {
        List<String> lines = new ArrayList<>();
        ManualClock clock = new ManualClock();
        RateLimitedWarning warning = new RateLimitedWarning(recording(lines), clock, Duration.ofMinutes(1));
        for (int i = 0; i < 1_000; i++) {
            warning.warn("refused {}", i);
        }
        assertEquals(1, lines.size(), lines.toString());
        clock.advance(Duration.ofSeconds(59));
        warning.warn("refused {}", "late");
        assertEquals(1, lines.size());
        clock.advance(Duration.ofSeconds(1));
        warning.warn("refused {}", "next");
        assertEquals(3, lines.size(), lines.toString());
        assertEquals("[{} more like the next one in the last {} s, 1000, 60]", lines.get(1));
        assertEquals("[refused {}, [next]]", lines.get(2));
    }
}
