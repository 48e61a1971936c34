package dev.devora.orchestration.jdbc;

import dev.devora.orchestration.agent.LlmAgent;
import dev.devora.orchestration.engine.RunOptions;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.event.WorkflowListener;
import dev.devora.orchestration.gate.QualityGates;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.openrouter.CircuitBreakerSettings;
import dev.devora.orchestration.openrouter.OpenRouterProvider;
import dev.devora.orchestration.openrouter.RetrySettings;
import dev.devora.orchestration.workflow.InputSpec;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;

/**
 * The child process of {@link CrashResumeTest}: runs (or resumes) one durable run of {@link #workflow} through an
 * {@link OpenRouterProvider} pointed at the test's stub, journaled in a SQLite file, and writes the result's
 * {@code stateJson()} to a file. Exit status 0: the run succeeded; 2: it ended otherwise; 1: it threw.
 *
 * <pre>{@code
 * java -cp … dev.devora.orchestration.jdbc.CrashChild start|resume <sqlite file> <base URL> <run id> <state file>
 * }</pre>
 */
public final class CrashChild {
    /** The run's input. */
    static final Map<String, Object> INPUT = Map.of("topic", "caching");
    /** A fake key: the stub never checks it. */
    private static final String FAKE_KEY = "sk-or-v1-crash-test-not-a-real-key-0000";

    private CrashChild() {
    }

    /**
     * Runs or resumes the run, writes its state and exits.
     *
     * @param args {@code start|resume}, the SQLite file, the provider's base URL, the run id, the state file
     */
    public static void main(String[] args) {
        if (args.length != 5 || !(args[0].equals("start") || args[0].equals("resume"))) {
            System.err.println("usage: CrashChild start|resume <sqlite file> <base URL> <run id> <state file>");
            System.exit(1);
        }
        int status;
        try {
            WorkflowResult result = run(args[0].equals("resume"), Path.of(args[1]), args[2], args[3]);
            Path out = Path.of(args[4]);
            Path partial = out.resolveSibling(out.getFileName() + ".part");
            Files.writeString(partial, result.stateJson(), StandardCharsets.UTF_8);
            Files.move(partial, out, StandardCopyOption.ATOMIC_MOVE);
            if (result.status() == RunStatus.SUCCEEDED) {
                status = 0;
            } else {
                System.err.println("run " + args[3] + " ended " + result.status() + ": " + result.failure().orElse(null));
                status = 2;
            }
        } catch (Throwable e) {
            e.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }

    /**
     * Starts run {@code runId} (or resumes it) against the server at {@code baseUrl}, journaled in {@code file}.
     *
     * @param resume  whether to resume the stored run instead of starting it
     * @param file    the SQLite file
     * @param baseUrl the OpenRouter-shaped server
     * @param runId   the run id
     * @return the run's result
     */
    static WorkflowResult run(boolean resume, Path file, String baseUrl, String runId) throws IOException {
        OpenRouterProvider llm = OpenRouterProvider.builder()
                .apiKey(FAKE_KEY)
                .baseUrl(baseUrl)
                .defaultModel("openai/gpt-4o-mini")
                .requestTimeout(Duration.ofMinutes(3)) // a held request waits for the kill, never for this
                .retry(RetrySettings.NONE)
                .circuitBreaker(CircuitBreakerSettings.DISABLED)
                .build();
        Workflow workflow = workflow(llm);
        try (JdbcRunStore store = JdbcRunStore.sqlite(file);
             WorkflowEngine engine = WorkflowEngine.builder().runStore(store).build()) {
            return resume ? engine.resume(workflow, runId)
                    : engine.run(workflow, InputSpec.toJson(INPUT), RunOptions.builder().runId(runId).build(),
                    WorkflowListener.NONE);
        }
    }

    /**
     * An outline, a parallel step of four sections, and a loop whose draft an LLM judge grades (its feedback goes
     * into the next round's prompt).
     *
     * @param llm the provider of every agent and of the judge
     * @return the workflow
     */
    static Workflow workflow(LlmProvider llm) {
        return Workflow.builder("crash-durable")
                .input(InputSpec.builder().required("topic", "what to write about").build())
                .step(Steps.agent("outline", agent("planner", llm)).prompt("Outline {{input.topic}}"))
                .step(Steps.parallel("sections",
                        Steps.agent("s1", agent("w1", llm)).prompt("Section 1 of {{outline}}"),
                        Steps.agent("s2", agent("w2", llm)).prompt("Section 2 of {{outline}}"),
                        Steps.agent("s3", agent("w3", llm)).prompt("Section 3 of {{outline}}"),
                        Steps.agent("s4", agent("w4", llm)).prompt("Section 4 of {{outline}}")))
                .step(Steps.loop("refine", Steps.agent("draft", agent("editor", llm))
                                .prompt("Draft (round {{loop.iteration}}) from {{sections}}. {{gate.feedback}}"))
                        .until(QualityGates.llmJudge("qa", llm, "Does it cover cache invalidation?").build(), 80)
                        .maxIterations(3))
                .deliverable("doc", "draft")
                .build();
    }

    private static LlmAgent agent(String name, LlmProvider llm) {
        return LlmAgent.builder(name).role(name).instructions("Write what the prompt asks.").provider(llm).build();
    }
}
