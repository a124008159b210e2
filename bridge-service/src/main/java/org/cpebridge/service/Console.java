package org.cpebridge.service;

import java.io.PrintStream;

/**
 * What the service shows a person on its standard output, apart from the log: the READY line that scripts wait
 * for, the help text and fatal startup errors. The only main-code class that writes to {@code System.out}.
 */
final class Console {

    private Console() {
    }

    static void ready(String details) {
        PrintStream out = System.out;
        out.println("cpe-bridge READY " + details);
        out.flush();
    }

    static void print(String text) {
        System.out.print(text);
        System.out.flush();
    }

    static void error(String text) {
        System.err.println("cpe-bridge: " + text);
        System.err.flush();
    }
}
