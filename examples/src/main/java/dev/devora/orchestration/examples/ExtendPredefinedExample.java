package dev.devora.orchestration.examples;

import dev.devora.orchestration.agent.LlmAgent;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflows.ApiDevelopmentInput;
import dev.devora.orchestration.workflows.PredefinedWorkflow;
import dev.devora.orchestration.workflows.WorkflowConfig;
import dev.devora.orchestration.workflows.Workflows;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Extending a predefined workflow: API Development plus a final step of your own (a threat model of the generated
 * OpenAPI contract), added to its definition with {@code toBuilder()}. The extension keeps the workflow's input
 * validation, report and file writer; its new output becomes a deliverable too.
 *
 * <p>Run: {@code java -cp examples/target/devora-run.jar dev.devora.orchestration.examples.ExtendPredefinedExample}
 */
public final class ExtendPredefinedExample {
    private ExtendPredefinedExample() {
    }

    public static void main(String[] args) {
        run(ExampleLlm.fromEnvironment(), System.out, Path.of("devora-output", "extended-api"));
    }

    static WorkflowResult run(LlmProvider llm, PrintStream out, Path outDir) {
        // The predefined workflow, tuned: 2 review rounds at most.
        PredefinedWorkflow api = Workflows.apiDevelopment(llm, WorkflowConfig.builder().maxIterations(2).build());

        // Your own agent and step, reading the predefined steps' outputs by id ({{design}}: the API design).
        LlmAgent threatModeler = LlmAgent.builder("threat-modeler").role("application security architect")
                .instructions("Write a STRIDE threat model: threats, affected endpoints, mitigations.")
                .provider(llm).model(ExampleLlm.MODEL).build();
        PredefinedWorkflow extended = api.withDefinition(api.definition().toBuilder()
                .step(Steps.agent("threat-model", threatModeler)
                        .prompt("Threat-model this API ({{input.auth_type}} auth):\n{{design}}"))
                .deliverable("security.threat_model", "threat-model")
                .build());

        // Typed input (or a Map, or JSON): validated before any model call.
        ApiDevelopmentInput input = new ApiDevelopmentInput("TaskMaster API", "Task management for teams",
                ApiDevelopmentInput.ApiType.REST, ApiDevelopmentInput.AuthType.JWT, true,
                List.of("CRUD on tasks", "Assign tasks to users"),
                List.of(new ApiDevelopmentInput.DataModel("Task", Map.of("id", "uuid", "title", "string"))),
                Map.of("anonymous", 100), 200, List.of("Python 3.12", "FastAPI", "PostgreSQL 16", "pytest"));

        WorkflowResult result = extended.run(input);
        out.println("Status: " + result.status() + ", steps: " + result.outputs().size());
        out.println("Threat model:\n" + result.text("threat-model"));
        try {
            out.println("Files: " + extended.writeDeliverables(result, outDir).size() + " written to " + outDir.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return result;
    }
}
