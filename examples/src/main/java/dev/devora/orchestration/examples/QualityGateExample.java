package dev.devora.orchestration.examples;

import dev.devora.orchestration.agent.LlmAgent;
import dev.devora.orchestration.engine.GateRecord;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.gate.CheckResult;
import dev.devora.orchestration.gate.GateInput;
import dev.devora.orchestration.gate.GatePolicy;
import dev.devora.orchestration.gate.GateVerdict;
import dev.devora.orchestration.gate.QualityGate;
import dev.devora.orchestration.gate.QualityGates;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.workflow.InputSpec;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;

import java.io.PrintStream;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A quality gate made of three parts, all of which must pass: rule checks (plain Java, free), a custom gate class,
 * and an LLM judge with a rubric. A failed verdict sends the step back with the verdict as {@code {{gate.feedback}}},
 * at most twice; every attempt's verdict is kept in the result.
 *
 * <p>Run: {@code java -cp examples/target/devora-run.jar dev.devora.orchestration.examples.QualityGateExample}
 */
public final class QualityGateExample {
    private QualityGateExample() {
    }

    /** A custom gate: any class implementing {@link QualityGate}. Here: short sentences read better. */
    static final class ReadabilityGate implements QualityGate {
        @Override
        public String name() {
            return "readability";
        }

        @Override
        public GateVerdict evaluate(GateInput input) {
            String[] sentences = input.text().split("[.!?]\\s+");
            double words = input.text().split("\\s+").length / (double) Math.max(1, sentences.length);
            int score = words <= 25 ? 100 : (int) Math.max(0, 100 - (words - 25) * 5);
            return GateVerdict.builder(name(), score, input.threshold())
                    .check(new CheckResult("average sentence length ≤ 25 words", score, score >= input.threshold(),
                            String.format("%.1f words per sentence", words)))
                    .build();
        }
    }

    public static void main(String[] args) {
        run(ExampleLlm.fromEnvironment(), System.out);
    }

    static WorkflowResult run(LlmProvider llm, PrintStream out) {
        LlmAgent writer = LlmAgent.builder("writer").role("technical writer")
                .instructions("Write clear release notes in Markdown.").provider(llm).model(ExampleLlm.MODEL).build();

        // Rule checks: cheap, deterministic, no model call. A failing blocker fails the gate whatever the score.
        QualityGate rules = QualityGates.rules("format")
                .minLength(200)
                .mustNotMatch("no TODO left", Pattern.compile("\\bTODO\\b"))
                .blocker("no secret", in -> !in.text().matches("(?s).*sk-[A-Za-z0-9]{20,}.*"))
                .build();
        // An LLM judge: scores 0..100 against a rubric, with feedback for the next attempt.
        QualityGate judge = QualityGates.llmJudge("editor", llm, """
                Score the release notes:
                - every change says who is affected (40)
                - breaking changes come first, with a migration step (40)
                - no marketing language (20)
                """).build();
        QualityGate gate = QualityGates.allOf("release-notes-quality", rules, new ReadabilityGate(), judge);

        Workflow workflow = Workflow.builder("release-notes")
                .input(InputSpec.builder().required("changes", "the changes of the release").build())
                .step(Steps.gate("notes",
                                Steps.agent("write", writer).prompt("""
                                        Write the release notes for these changes: {{input.changes}}
                                        Feedback on the previous attempt, if any: {{gate.feedback}}"""),
                                gate)
                        .threshold(80)
                        .onFailure(GatePolicy.retry(2).thenPartial()))   // 3 attempts at most, then PARTIAL
                .deliverable("release_notes", "notes")
                .build();

        try (WorkflowEngine engine = WorkflowEngine.create()) {
            WorkflowResult result = engine.run(workflow, Map.of("changes",
                    "Removed the v1 API; added OAuth2 login; fixed the CSV export of dates"));
            out.println("Status: " + result.status());
            for (GateRecord g : result.gateHistory()) {
                out.println("Attempt " + g.attempt() + ": " + g.verdict().score() + "/" + g.verdict().threshold()
                        + (g.verdict().passed() ? " passed" : " failed"));
                g.verdict().checks().forEach(c -> out.println("   " + (c.passed() ? "ok  " : "FAIL") + " " + c.name()
                        + " (" + c.score() + ")" + (c.detail().isEmpty() ? "" : ": " + c.detail())));
                g.verdict().blockers().forEach(b -> out.println("   blocker: " + b));
            }
            out.println("\n" + result.text("notes"));
            return result;
        }
    }
}
