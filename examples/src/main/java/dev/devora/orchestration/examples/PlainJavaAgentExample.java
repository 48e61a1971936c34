package dev.devora.orchestration.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devora.orchestration.agent.Agent;
import dev.devora.orchestration.agent.AgentCall;
import dev.devora.orchestration.agent.AgentResult;
import dev.devora.orchestration.agent.LlmAgent;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.workflow.InputSpec;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;

import java.io.PrintStream;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A plain-Java agent in a workflow: no model, just code (here a link and heading checker; in real life a linter,
 * a compiler, an HTTP call). It implements the same {@link Agent} interface as an LLM agent, receives its rendered
 * prompt, returns text or JSON, and its output is read by the next step like any other.
 *
 * <p>Run: {@code java -cp examples/target/devora-run.jar dev.devora.orchestration.examples.PlainJavaAgentExample}
 */
public final class PlainJavaAgentExample {
    private PlainJavaAgentExample() {
    }

    /** Checks a Markdown document: headings and links. Immutable and thread-safe, like every agent. */
    static final class MarkdownChecker implements Agent {
        private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6} ");
        private static final Pattern LINK = Pattern.compile("\\[[^]]*]\\(([^)]*)\\)");

        @Override
        public String name() {
            return "markdown-checker";
        }

        @Override
        public AgentResult run(AgentCall call) {
            String doc = call.prompt();
            int headings = 0;
            for (Matcher m = HEADING.matcher(doc); m.find(); ) headings++;
            int links = 0;
            int emptyLinks = 0;
            for (Matcher m = LINK.matcher(doc); m.find(); ) {
                links++;
                if (m.group(1).isBlank()) emptyLinks++;
            }
            ObjectNode report = new ObjectMapper().createObjectNode()
                    .put("headings", headings).put("links", links).put("empty_links", emptyLinks)
                    .put("ok", headings > 0 && emptyLinks == 0);
            return AgentResult.json(report);
        }
    }

    public static void main(String[] args) {
        run(ExampleLlm.fromEnvironment(), System.out);
    }

    static WorkflowResult run(LlmProvider llm, PrintStream out) {
        LlmAgent writer = LlmAgent.builder("writer").role("technical writer")
                .instructions("Write Markdown with headings and links.").provider(llm).model(ExampleLlm.MODEL).build();

        Workflow workflow = Workflow.builder("checked-readme")
                .input(InputSpec.builder().required("project", "the project").build())
                .step(Steps.agent("draft", writer).prompt("Write a short README for {{input.project}}."))
                .step(Steps.agent("check", new MarkdownChecker()).prompt("{{draft}}"))   // the prompt is the draft itself
                .step(Steps.agent("fix", writer).prompt("Fix this README:\n{{draft}}\n\nChecker report: {{check}}"))
                .build();

        try (WorkflowEngine engine = WorkflowEngine.create()) {
            WorkflowResult result = engine.run(workflow, Map.of("project", "a JSON diff tool"));
            out.println("Checker report: " + result.output("check").orElseThrow().json());
            out.println("Model calls: " + result.metrics().llmCalls() + " (the checker made none)");
            out.println("\n" + result.text("fix"));
            return result;
        }
    }
}
