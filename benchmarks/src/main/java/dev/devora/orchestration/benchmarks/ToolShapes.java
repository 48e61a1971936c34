package dev.devora.orchestration.benchmarks;

import dev.devora.orchestration.agent.LlmAgent;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.tool.Tool;
import dev.devora.orchestration.tool.Tools;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;

import java.time.Duration;

/**
 * The tool benchmarks' workflow and tool: one agent step ({@code act}, an {@link LlmAgent} with a role,
 * instructions and one tool, its prompt a template referencing the input) and {@code lookup}, a
 * {@link Tools#of} tool of a small parameter record ({@link Lookup}) answering {@code "value of <key>"}, at once or
 * after a latency. With a {@link ScriptedToolProvider} the step makes {@code rounds} tool rounds of
 * {@code callsPerRound} calls, then ends with the final text.
 *
 * <pre>{@code
 * Workflow w = ToolShapes.toolStep(new ScriptedToolProvider(1, 8, ToolShapes.TOOL), ToolShapes.lookup(Duration.ZERO, null));
 * }</pre>
 */
public final class ToolShapes {
    /** The tool's name. */
    public static final String TOOL = "lookup";
    /** The agent step's name. */
    public static final String STEP = "act";

    /** The tool's parameters. */
    public record Lookup(String key) {
    }

    private ToolShapes() {
    }

    /**
     * The {@code lookup} tool.
     *
     * @param latency how long each call takes (zero: at once; else parked like a blocking I/O call, interruptible)
     * @param gauge   counts calls and concurrency, or null
     * @return the tool
     */
    public static Tool lookup(Duration latency, ToolGauge gauge) {
        long nanos = latency.toNanos();
        return Tools.of(TOOL, "Looks up the value stored under a key", Lookup.class, args -> {
            if (gauge != null) gauge.enter();
            try {
                if (nanos > 0) StubProvider.sleep(nanos);
                return "value of " + args.key();
            } finally {
                if (gauge != null) gauge.exit();
            }
        });
    }

    /** One agent step whose model may call {@code tool}. */
    public static Workflow toolStep(LlmProvider provider, Tool tool) {
        LlmAgent agent = LlmAgent.builder("operator").role("operator who looks things up")
                .instructions("Look up every key you need, then answer.")
                .provider(provider).tool(tool).build();
        return Workflow.builder("tool-step")
                .step(Steps.agent(STEP, agent).prompt("Find the values needed for {{input.topic}}."))
                .build();
    }
}
