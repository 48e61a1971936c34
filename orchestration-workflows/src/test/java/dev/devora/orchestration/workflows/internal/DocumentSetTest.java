package dev.devora.orchestration.workflows.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DocumentSetTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void adrFileNames_comeFromTheirTitles_withoutTheirNumber_andStayShort() {
        assertThat(DocumentSet.slug("# 1. Use PostgreSQL\n\n## Status")).isEqualTo("use-postgresql");
        assertThat(DocumentSet.slug("# ADR-0003: Event sourcing for the audit log")).isEqualTo("event-sourcing-for-the-audit-log");
        assertThat(DocumentSet.slug("## Status\nAccepted")).as("no # title").isEqualTo("decision");
        assertThat(DocumentSet.slug("# " + "very long title ".repeat(10))).hasSizeLessThanOrEqualTo(48).doesNotEndWith("-");
    }

    @Test
    void aWrappingMarkdownOrMermaidFence_isRemoved_butADocumentThatStartsWithCodeIsKept() {
        assertThat(DocumentSet.unfenced("```markdown\n# T\n\n```bash\nnpm ci\n```\n```")).isEqualTo("# T\n\n```bash\nnpm ci\n```");
        assertThat(DocumentSet.unfenced("```mermaid\nflowchart LR\n  a --> b\n```\n")).isEqualTo("flowchart LR\n  a --> b");
        assertThat(DocumentSet.unfenced("```bash\nnpm ci\n```")).isEqualTo("```bash\nnpm ci\n```");
    }

    @Test
    void files_publishOnlyTheRequestedTypes_andDiagramsWhenAsked_leavingBlankOnesOut() throws Exception {
        JsonNode set = JSON.readTree("{\"readme\": \"# R\", \"contributing\": \"# C\", \"architecture\": \"\", \"installation\": \"# I\", "
                + "\"api_reference\": \"\", \"adrs\": [\"# 1. Use Kafka\", \" \"], "
                + "\"diagrams\": {\"architecture_mmd\": \"flowchart LR\\n a --> b\", \"dataflow_mmd\": \"\"}}");

        assertThat(DocumentSet.files(set, List.of("readme", "architecture", "adr"), true).keySet())
                .containsExactly("README.md", "docs/adr/0001-use-kafka.md", "docs/diagrams/architecture.mmd");
        assertThat(DocumentSet.files(set, List.of("contributing", "installation"), false).keySet())
                .containsExactly("CONTRIBUTING.md", "docs/INSTALLATION.md");
    }
}
