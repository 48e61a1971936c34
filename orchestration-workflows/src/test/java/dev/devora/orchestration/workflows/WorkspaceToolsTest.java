package dev.devora.orchestration.workflows;

import dev.devora.orchestration.InputValidationException;
import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.llm.LlmMessage;
import dev.devora.orchestration.llm.LlmRequest;
import dev.devora.orchestration.llm.ToolCall;
import dev.devora.orchestration.llm.ToolDefinition;
import dev.devora.orchestration.testing.CapturedLogs;
import dev.devora.orchestration.workflow.InputSpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The predefined workflows that take a {@code source_code_path} give the agents that analyse the code a read-only
 * workspace of it: the scripted model lists, searches and reads, and what reaches it back is the real file; paths
 * outside the tree are refused; the agents that only write get no tools; without a source path nothing changes.
 */
class WorkspaceToolsTest {
    @RegisterExtension
    final CapturedLogs logs = CapturedLogs.create();

    /** A workflow, the step whose agent reads the code, the steps that must not get tools, and an input. */
    record Case(String workflow, String reader, List<String> writers, Map<String, Object> input) {
        @Override
        public String toString() {
            return workflow;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("documentation-generation", "analysis", List.of("write-readme", "write-diagrams"),
                        DocumentationWorkflowTest.input(List.of("readme"))),
                new Case("security-audit", "code-findings", List.of("api-findings", "consolidated", "remediation-plan"),
                        SecurityAuditWorkflowTest.input(List.of("code", "api"))),
                new Case("accessibility-compliance", "audit", List.of("a11y-tests", "conformance-statement"),
                        AccessibilityWorkflowTest.input()),
                new Case("performance-optimization", "profile", List.of("baseline-load-test", "db-optimization", "monitoring"),
                        PerformanceWorkflowTest.input()));
    }

    @TempDir
    Path tmp;
    Path repo;
    Path outside;

    @BeforeEach
    void tree() throws IOException {
        repo = Files.createDirectories(tmp.resolve("repo"));
        Files.createDirectories(repo.resolve("src/app"));
        Files.writeString(repo.resolve("src/app/Session.java"), "package app;\n\nclass Session {\n"
                + "    static final String TOKEN = \"tok-MARKER-4711\";\n}\n");
        Files.writeString(repo.resolve("README.md"), "# Shop\n");
        outside = Files.writeString(tmp.resolve("outside.txt"), "OUTSIDE-SECRET\n");
    }

    private static List<List<ToolCall>> script(Path outside) {
        return List.of(
                List.of(new ToolCall("l1", "list_dir", "{\"path\": \".\"}"),
                        new ToolCall("s1", "search_text", "{\"pattern\": \"MARKER-4711\"}")),
                List.of(new ToolCall("r1", "read_file", "{\"path\": \"src/app/Session.java\", \"fromLine\": 3, \"toLine\": 5}"),
                        new ToolCall("r2", "read_file", "{\"path\": \"../outside.txt\"}"),
                        new ToolCall("r3", "read_file", "{\"path\": " + quoted(outside.toString()) + "}")));
    }

    private static String quoted(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theAgentThatReadsTheCode_getsTheWorkspace_andTheRealFileReachesTheModel(Case c) {
        ToolCallingScript llm = new ToolCallingScript(Fixtures.approving(), c.reader(), script(outside));
        Map<String, Object> in = new java.util.LinkedHashMap<>(c.input());
        in.put("source_code_path", repo.toString());

        WorkflowResult result = Workflows.byId(c.workflow(), llm).withEngine(Fixtures.ENGINE).run(InputSpec.toJson(in));

        assertThat(result.status()).as(String.valueOf(result.failure())).isIn(RunStatus.SUCCEEDED, RunStatus.PARTIAL);
        List<LlmRequest> reader = llm.requestsForStep(c.reader());
        assertThat(reader).as("list+search, read, answer").hasSize(3);
        assertThat(toolNames(reader.get(0))).containsExactly("list_dir", "read_file", "search_text", "file_info");

        List<LlmMessage> first = ToolCallingScript.toolResults(reader.get(1));
        assertThat(first).extracting(LlmMessage::toolCallId).containsExactly("l1", "s1");
        assertThat(first.get(0).content()).contains("src/", "README.md");
        assertThat(first.get(1).content()).contains("src/app/Session.java:4:", "tok-MARKER-4711");

        List<LlmMessage> second = ToolCallingScript.toolResults(reader.get(2));
        assertThat(second).extracting(LlmMessage::toolCallId).containsExactly("l1", "s1", "r1", "r2", "r3");
        assertThat(second.get(2).content()).contains("class Session {", "static final String TOKEN = \"tok-MARKER-4711\";")
                .doesNotContain("package app;");
        assertThat(second.get(3).content()).contains("refused", "../outside.txt").doesNotContain("OUTSIDE-SECRET");
        assertThat(second.get(4).content()).contains("refused", "absolute").doesNotContain("OUTSIDE-SECRET");

        for (String writer : c.writers()) {
            assertThat(llm.requestsForStep(writer)).as(writer).isNotEmpty()
                    .allSatisfy(r -> assertThat(r.tools()).as(writer + " has no tools").isEmpty());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theReadersInstructions_sayHowToUseTheTools_onlyWhenThereIsAWorkspace(Case c) {
        ToolCallingScript llm = new ToolCallingScript(Fixtures.approving(), c.reader(), List.of());
        Map<String, Object> in = new java.util.LinkedHashMap<>(c.input());
        in.put("source_code_path", repo.toString());
        Workflows.byId(c.workflow(), llm).withEngine(Fixtures.ENGINE).run(InputSpec.toJson(in));
        String system = llm.requestsForStep(c.reader()).get(0).messages().get(0).content();
        assertThat(system).contains("list_dir", "search_text", "read_file", "file:line",
                "at most 8 rounds of tool\ncalls and 32 calls in all");
        assertThat(llm.requestsForStep(c.reader()).get(0).messages().get(1).content())
                .as("the prompt outlines where to look").contains("src/app/ (1)", "README.md")
                .doesNotContain("tok-MARKER-4711");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void withoutASourcePath_noAgentHasTools_andNoInstructionMentionsThem(Case c) {
        ToolCallingScript llm = new ToolCallingScript(Fixtures.approving(), c.reader(), List.of());
        WorkflowResult result = Workflows.byId(c.workflow(), llm).withEngine(Fixtures.ENGINE).run(InputSpec.toJson(c.input()));
        assertThat(result.status()).isIn(RunStatus.SUCCEEDED, RunStatus.PARTIAL);
        assertThat(llm.requests()).isNotEmpty().allSatisfy(r -> {
            assertThat(r.tools()).isEmpty();
            assertThat(r.messages().get(0).content()).doesNotContain("search_text", "read_file");
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aSourcePathThatIsNoPathAtAll_isAnInputProblemNamingTheFieldAndTheValue(Case c) {
        ToolCallingScript llm = new ToolCallingScript(Fixtures.approving(), c.reader(), List.of());
        Map<String, Object> in = new java.util.LinkedHashMap<>(c.input());
        in.put("source_code_path", "src\u0000main");
        assertThatThrownBy(() -> Workflows.byId(c.workflow(), llm).withEngine(Fixtures.ENGINE).run(InputSpec.toJson(in)))
                .isInstanceOf(InputValidationException.class)
                .hasMessageContaining("input.source_code_path: is not a readable directory, was \"src");
        assertThat(llm.requests()).isEmpty();
    }

    private static List<String> toolNames(LlmRequest r) {
        return r.tools().stream().map(ToolDefinition::name).toList();
    }
}
