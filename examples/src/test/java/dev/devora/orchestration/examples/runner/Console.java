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
    private boolean latency;
    private String answers;

    /** The simulated provider waits 100-300 ms per call, as outside tests. */
    Console withLatency() {
        latency = true;
        return this;
    }

    /** A person at the terminal answers a waiting run's questions with these lines. */
    Console answering(String... lines) {
        answers = String.join("\n", lines) + "\n";
        return this;
    }

    Console env(String name, String value) {
        env.put(name, value);
        return this;
    }

    Console run(String... args) {
        PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
        Runner runner = new Runner(out, err, env::get, false, latency);
        if (answers != null) runner = runner.withAnswers(new java.io.BufferedReader(new java.io.StringReader(answers)));
        status = runner.run(args);
        return this;
    }

    String out() {
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    /** The folder of the newest run written into {@code out} (named by {@code out/latest.txt}). */
    static java.nio.file.Path runFolder(java.nio.file.Path out) {
        try {
            return out.resolve(java.nio.file.Files.readString(out.resolve(OutputFolder.LATEST)).strip());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }
}
