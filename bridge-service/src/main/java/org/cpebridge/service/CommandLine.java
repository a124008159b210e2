package org.cpebridge.service;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command-line contract: {@code [--config FILE] [--data-dir DIR] [--set key=value]... [--help |
 * --pairing-code]}.
 *
 * @param configFile    the config file, or null for none
 * @param dataDir       where all persistent state lives
 * @param overrides     {@code key=value} assignments, applied after the file in order
 * @param help          whether to print the keys and exit
 * @param pairingCode   whether to print the Matter pairing code and exit (the service's own console shows it only
 *                      while a commissioning window is open)
 * @param resetWebPassword whether to forget the web console's password and exit (the next visit sets a new one)
 */
record CommandLine(Path configFile, Path dataDir, List<String> overrides, boolean help, boolean pairingCode,
        boolean resetWebPassword) {

    static final String USAGE = "usage: java -jar cpe-bridge.jar [--config FILE] [--data-dir DIR] "
            + "[--set key=value]... [--help | --pairing-code | --reset-web-password]";

    CommandLine {
        overrides = List.copyOf(overrides);
    }

    /** Parses the arguments; throws {@link IllegalArgumentException} with a one-line reason on anything else. */
    static CommandLine parse(String... args) {
        Path configFile = null;
        Path dataDir = Path.of("data");
        List<String> overrides = new ArrayList<>();
        boolean help = false;
        boolean pairingCode = false;
        boolean resetWebPassword = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String inlineValue = null;
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 0) {
                inlineValue = arg.substring(equals + 1);
                arg = arg.substring(0, equals);
            }
            switch (arg) {
                case "--help", "-h" -> help = true;
                case "--pairing-code" -> pairingCode = true;
                case "--reset-web-password" -> resetWebPassword = true;
                case "--config" -> configFile = Path.of(valueOf(args, i, inlineValue, arg));
                case "--data-dir" -> dataDir = Path.of(valueOf(args, i, inlineValue, arg));
                case "--set" -> overrides.add(valueOf(args, i, inlineValue, arg));
                default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
            }
            if (inlineValue == null && !arg.equals("--help") && !arg.equals("-h") && !arg.equals("--pairing-code")
                    && !arg.equals("--reset-web-password")) {
                i++;
            }
        }
        return new CommandLine(configFile, dataDir, overrides, help, pairingCode, resetWebPassword);
    }

    private static String valueOf(String[] args, int index, String inlineValue, String option) {
        if (inlineValue != null) {
            return inlineValue;
        }
        if (index + 1 >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index + 1];
    }
}
