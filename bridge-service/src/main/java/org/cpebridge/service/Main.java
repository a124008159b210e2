package org.cpebridge.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.stream.Stream;
import org.cpebridge.core.config.Config;
import org.cpebridge.core.config.ConfigException;
import org.cpebridge.core.spi.ServiceControl;
import org.cpebridge.core.store.StoreException;
import org.cpebridge.matter.PairingCodeRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Entry point. Exit codes: 0 after a clean stop (SIGTERM or SIGINT), 2 for a bad command line or configuration
 * (the message names the key), 1 when a component cannot start.
 */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger("org.cpebridge.lifecycle");

    /**
     * The service's embedded defaults (simulators on), applied before the config file and {@code --set}: the
     * library defaults of the adapters stay "no simulator", the packaged bridge shows devices with no hardware.
     */
    static final String EMBEDDED_DEFAULTS = "embedded-defaults.conf";

    /** What the main thread is asked to do next. */
    private enum Request { STOP, RESTART, FACTORY_RESET }

    private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();

    // Package-private for in-process tests of the options that exit before the bridge starts.
    Main() {
    }

    public static void main(String[] args) {
        System.exit(new Main().run(args));
    }

    int run(String[] args) {
        CommandLine commandLine;
        Components components;
        Config config;
        try {
            commandLine = CommandLine.parse(args);
            components = Components.discover(Main.class.getClassLoader());
            if (commandLine.help()) {
                Config embedded = Config.builder(components.schema()).lines(EMBEDDED_DEFAULTS, embeddedDefaults())
                        .build();
                Console.print(CommandLine.USAGE + "\n\nConfiguration keys (config file lines 'key = value', or "
                        + "--set key=value), with the packaged bridge's defaults:\n"
                        + components.schema().describe(embedded));
                return 0;
            }
            if (commandLine.resetWebPassword()) {
                // The router's own console: the household forgot the web console's password.
                new org.cpebridge.core.store.FileDurableStore(commandLine.dataDir())
                        .delete(org.cpebridge.console.auth.PasswordStore.RECORD);
                Console.print("The web console's password is forgotten: the next visit to the console sets a new "
                        + "one. Restart the bridge if it is running, to end the open logins.\n");
                return 0;
            }
            Config.Builder builder = Config.builder(components.schema())
                    .lines(EMBEDDED_DEFAULTS, embeddedDefaults());
            if (commandLine.configFile() != null) {
                builder.file(commandLine.configFile());
            }
            commandLine.overrides().forEach(builder::set);
            config = builder.build();
        } catch (IllegalArgumentException | ConfigException | IllegalStateException e) {
            Console.error(e.getMessage());
            Console.error(CommandLine.USAGE);
            return 2;
        }
        if (commandLine.pairingCode()) {
            // On request, for the router's console: read from the data directory, the running service untouched.
            try {
                Console.print(PairingCodeRequest.describe(config, commandLine.dataDir()));
                return 0;
            } catch (StoreException e) {
                Console.error(e.getMessage());
                return 1;
            }
        }

        onSignal("TERM");
        onSignal("INT");
        Control control = new Control();

        while (true) {
            Bridge bridge = new Bridge(components, config, commandLine.dataDir(), control);
            control.bridge = bridge;
            try {
                String summary = bridge.start();
                LOG.info("ready {}", summary);
                Console.ready(summary);
                bridge.ready();
            } catch (StoreException e) {
                Console.error(e.getMessage());
                bridge.stop();
                return 1;
            } catch (Exception e) {
                LOG.error("startup failed", e);
                Console.error("startup failed: " + e.getMessage());
                bridge.stop();
                return 1;
            }
            Request request = awaitRequest();
            LOG.info("stopping ({})", request.name().toLowerCase().replace('_', ' '));
            bridge.stop();
            switch (request) {
                case STOP -> {
                    return 0;
                }
                case FACTORY_RESET -> eraseDataDirectory(commandLine.dataDir());
                case RESTART -> LOG.info("restarting");
            }
        }
    }

    /** A stop signal becomes a STOP request, so the JVM exits 0 after a clean stop rather than 143. */
    private void onSignal(String name) {
        try {
            Signal.handle(new Signal(name), signal -> requests.add(Request.STOP));
        } catch (IllegalArgumentException e) {
            LOG.debug("cannot handle SIG{}: {}", name, e.getMessage());
        }
    }

    private static java.util.List<String> embeddedDefaults() {
        try (var in = Main.class.getResourceAsStream("/" + EMBEDDED_DEFAULTS)) {
            if (in == null) {
                throw new IllegalStateException(EMBEDDED_DEFAULTS + " is missing from the service's jar");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + EMBEDDED_DEFAULTS + ": " + e.getMessage(), e);
        }
    }

    private Request awaitRequest() {
        while (true) {
            try {
                return requests.take();
            } catch (InterruptedException e) {
                // Only a request ends the wait.
            }
        }
    }

    private static void eraseDataDirectory(Path dataDir) {
        LOG.info("factory reset: erasing {}", dataDir.toAbsolutePath());
        try (Stream<Path> paths = Files.walk(dataDir)) {
            for (Path path : paths.sorted((a, b) -> b.compareTo(a)).toList()) {
                if (!path.equals(dataDir)) {
                    Files.delete(path);
                }
            }
        } catch (IOException e) {
            throw new StoreException("factory reset could not erase " + dataDir + ": " + e.getMessage(), e);
        }
    }

    /** Hands faces' restart and reset requests to the main thread. */
    private final class Control implements ServiceControl {
        private volatile Bridge bridge;

        @Override
        public void requestRestart(String reason) {
            LOG.info("restart requested: {}", reason);
            requests.add(Request.RESTART);
        }

        @Override
        public void requestFactoryReset(String reason) {
            LOG.info("factory reset requested: {}", reason);
            requests.add(Request.FACTORY_RESET);
        }

        @Override
        public BridgeInfo bridgeInfo() {
            return bridge.info();
        }
    }
}
