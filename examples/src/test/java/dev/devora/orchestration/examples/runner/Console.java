package dev.devora.orchestration.examples.runner;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Captures what the runner prints, with a fake environment; the simulated provider answers at once. */
final class Console {
    final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    final Map<String, String> env = new HashMap<>();
    int status = -1;

    Console env(String name, String value) {
        env.put(name, value);
        return this;
    }

    Console run(String... args) {
        PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
        status = new Runner(out, err, env::get, false, false).run(args);
        return this;
    }

    String out() {
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }
}
