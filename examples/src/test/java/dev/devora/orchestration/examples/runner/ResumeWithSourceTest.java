package dev.devora.orchestration.examples.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run whose input has a {@code source_code_path} runs the definition built for that directory (its code reader has
 * the workspace, its source step is {@code source-tree}); {@code --resume} must go on with that same definition.
 */
class ResumeWithSourceTest {
    @TempDir
    Path dir;

    @Test
    void aStoppedRunWithASourcePath_resumesWithTheDefinitionItRan() throws IOException {
        Path repo = Files.createDirectories(dir.resolve("repo/src"));
        Files.writeString(repo.resolve("Main.java"), "class Main {}\n");
        ObjectNode input = (ObjectNode) Inputs.sample("documentation-generation");
        input.put("source_code_path", repo.getParent().toString());
        Path file = dir.resolve("docs-input.json");
        new ObjectMapper().writeValue(file.toFile(), input);
        Path out = dir.resolve("out");

        Console first = new Console().run("documentation-generation", "--input", file.toString(), "--out", out.toString(),
                "--max-cost", "0.002");
        String id = DurableRunsTest.runId(first.out());
        assertThat(first.status).as(first.err()).isEqualTo(1);

        Console resumed = new Console().run("--resume", id, "--out", out.toString(), "--max-cost", "1");

        assertThat(resumed.err()).doesNotContain("defined differently");
        assertThat(resumed.status).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("run " + id + " ended SUCCEEDED");
        DurableRunsTest.assertNoFinishedStepCalledAgain(DurableRunsTest.journal(out, id));
    }
}
