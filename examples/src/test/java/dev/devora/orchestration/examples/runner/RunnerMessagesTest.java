package dev.devora.orchestration.examples.runner;

import dev.devora.orchestration.workflows.Workflows;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class RunnerMessagesTest {
    @TempDir
    Path dir;

    @Test
    void list_showsEveryWorkflowWithItsInputs() {
        Console c = new Console().run("--list");

        assertThat(c.status).isZero();
        for (String id : Workflows.catalog().ids()) assertThat(c.out()).contains("\n" + id + "  ");
        assertThat(c.out()).contains("input:  api_name, description, api_type, auth_type, versioning, requirements, data_models, [rate_limits], target_qps");
    }

    @Test
    void help_printsTheUsage() {
        Console c = new Console().run("--help");

        assertThat(c.status).isZero();
        assertThat(c.out()).startsWith("Usage: java -jar examples/target/devora-run.jar [options] <workflow-id>");
    }

    @Test
    void noWorkflow_saysHowToFindOne() {
        Console c = new Console().run();

        assertThat(c.status).isEqualTo(2);
        assertThat(c.err()).isEqualTo("error: name the workflow to run, e.g. api-development (--list shows the workflows, --help the options)\n");
    }

    @Test
    void unknownWorkflow_listsTheKnownIds() {
        Console c = new Console().run("api-devlopment");

        assertThat(c.status).isEqualTo(2);
        assertThat(c.err()).isEqualTo("error: unknown workflow 'api-devlopment' (known workflows: "
                + String.join(", ", Workflows.catalog().ids()) + ")\n");
    }

    @Test
    void unknownOption_isAnErrorWithStatus2() {
        Console c = new Console().run("api-development", "--dry-run");

        assertThat(c.status).isEqualTo(2);
        assertThat(c.err()).isEqualTo("error: unknown option '--dry-run' (--help lists the options)\n");
    }

    @Test
    void missingInputFile_namesTheFile() {
        Path missing = dir.resolve("nope.json");

        Console c = new Console().run("api-development", "--input", missing.toString());

        assertThat(c.status).isEqualTo(2);
        assertThat(c.err()).startsWith("error: input file not found: " + missing.toAbsolutePath().normalize());
        assertThat(c.out()).isEmpty();
    }

    @Test
    void malformedInputFile_givesTheLineAndColumnOfTheError() throws IOException {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, "{\n  \"api_name\": \"Tasks\",\n  \"api_type\": rest\n}\n");

        Console c = new Console().run("api-development", "--input", file.toString());

        assertThat(c.status).isEqualTo(2);
        assertThat(c.err()).startsWith("error: input file " + file + " is not valid JSON at line 3, column ")
                .contains("Unrecognized token 'rest'");
    }

    @Test
    void inputThatIsNotAnObject_isRejected() throws IOException {
        Path file = dir.resolve("list.json");
        Files.writeString(file, "[1, 2]");

        Console c = new Console().run("api-development", "--input", file.toString());

        assertThat(c.err()).isEqualTo("error: input file " + file + " must hold a JSON object ({\"field\": value, ...}), was array\n");
    }

    @Test
    void invalidInputFields_areAllReportedBeforeAnyModelCall() throws IOException {
        Path file = dir.resolve("api.json");
        Files.writeString(file, "{\"api_name\": \"Tasks\", \"api_type\": \"soap\", \"versioning\": \"yes\", \"colour\": \"blue\"}");

        Console c = new Console().run("api-development", "--input", file.toString());

        assertThat(c.status).isEqualTo(2);
        assertThat(c.err()).startsWith("error: the input of workflow 'api-development' (" + file + ") has ")
                .contains("\n  - input.api_type: ", "\"soap\"")
                .contains("\n  - input.versioning: ")
                .contains("\n  - input.description: ")
                .contains("\n  - input.auth_type: ")
                .contains("\n  - input.requirements: ")
                .contains("\n  - input.data_models: ")
                .contains("\n  - input.target_qps: ")
                .contains("\n  - input.colour: ")
                .contains("(--sample api-development prints a valid input; docs/workflows.md lists every field)");
        assertThat(c.out()).doesNotContain("Summary");
    }

    @Test
    void sample_printsTheBundledInputOfTheWorkflow() {
        Console c = new Console().run("api-development", "--sample");

        assertThat(c.status).isZero();
        assertThat(c.out()).startsWith("{\n  \"api_name\": \"TaskMaster API\"");
    }

    @Test
    void withoutAKey_theRunnerSaysItRunsOffline() {
        Console c = new Console().run("data-pipeline-setup", "--plan");

        assertThat(c.out()).startsWith("OPENROUTER_API_KEY is not set: running OFFLINE on a simulated provider.\n"
                + "No model is called: every output is a deterministic [simulated] placeholder and costs are fake.\n");
    }

    @Test
    void offlineFlag_winsOverAKey() {
        Console c = new Console().env("OPENROUTER_API_KEY", "sk-or-v1-test").run("data-pipeline-setup", "--plan", "--offline");

        assertThat(c.out()).startsWith("Provider: SIMULATED (--offline).");
    }

    @Test
    void plan_showsCallsParallelGroupsTokensAndCost() {
        Console c = new Console().run("api-development", "--plan");

        assertThat(c.status).isZero();
        assertThat(c.out()).contains("Plan of api-development (dry run: no model is called)")
                .contains("  - requirements [parallel ×2]\n    - requirements/api-requirements [agent product-manager @ anthropic/claude-sonnet-4.5] ~")
                .containsPattern("Model calls: \\d+( to \\d+)? \\(critical path: \\d+ calls in a row\\)")
                .containsPattern("Estimated prompt tokens, one pass: [\\d,]+( to [\\d,]+ \\(branches decided during the run are alternatives\\))?\n")
                .containsPattern("Estimated cost, one pass: \\$0\\.\\d{4}( to \\$0\\.\\d{4})? \\(prices from the simulated provider's fake price")
                .doesNotContain("Rendered prompts");
    }

    @Test
    void planWithPrompts_printsEveryRenderedPrompt() {
        Console c = new Console().run("api-development", "--plan", "--prompts");

        assertThat(c.out()).contains("Rendered prompts (outputs of earlier steps appear as «output of id»):")
                .contains("===== requirements/use-cases (agent, business-analyst) =====")
                .contains("TaskMaster API");
    }
}
