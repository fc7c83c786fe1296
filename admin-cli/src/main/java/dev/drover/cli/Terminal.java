package dev.drover.cli;

import java.io.Console;
import java.lang.reflect.Method;

/** Whether this process talks to a person at a terminal (then it may prompt). */
final class Terminal {

    private Terminal() {
    }

    /**
     * True when stdin and stdout are a terminal. Since JDK 22 {@link System#console()} is non-null even when
     * redirected, so {@code Console.isTerminal()} (looked up reflectively: the build targets 21) decides.
     */
    static boolean isInteractive() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // JDK 21: a console exists only on a terminal
        }
    }
}
