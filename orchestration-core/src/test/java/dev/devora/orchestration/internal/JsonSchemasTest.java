package dev.devora.orchestration.internal;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonSchemasTest {
    enum Severity { LOW, HIGH }

    record Finding(String title, Severity severity, double cvss, Optional<String> cwe) {
    }

    record Report(String summary, List<Finding> findings, Map<String, Integer> counts, BigDecimal cost, boolean ok) {
    }

    record Node(String name, List<Node> children) {
    }

    @Test
    void recordSchema_mapsComponentTypes_andRequiresNonOptionalComponents() throws Exception {
        JsonNode schema = RecordSchemas.schemaOf(Report.class);

        assertThat(RecordSchemas.schemaName(Report.class)).isEqualTo("report");
        assertThat(schema.path("required").toString()).isEqualTo("[\"summary\",\"findings\",\"counts\",\"cost\",\"ok\"]");
        JsonNode finding = schema.path("properties").path("findings").path("items");
        assertThat(finding.path("properties").path("severity").path("enum").toString()).isEqualTo("[\"LOW\",\"HIGH\"]");
        assertThat(finding.path("required").toString()).isEqualTo("[\"title\",\"severity\",\"cvss\"]");
        assertThat(schema.path("properties").path("counts").path("additionalProperties").path("type").asText()).isEqualTo("integer");
        assertThat(schema.path("properties").path("cost").path("type").asText()).isEqualTo("number");
    }

    @Test
    void recursiveRecords_areRejectedWithTheirName() {
        assertThatThrownBy(() -> RecordSchemas.schemaOf(Node.class)).hasMessageContaining("recursive record")
                .hasMessageContaining("Node");
    }

    @Test
    void validator_reportsEveryMismatchWithItsPath() throws Exception {
        JsonNode schema = RecordSchemas.schemaOf(Report.class);
        JsonNode value = Json.MAPPER.readTree("{\"summary\": 3, \"findings\": [{\"title\": \"t\", \"severity\": \"MEDIUM\","
                + " \"cvss\": \"high\"}], \"counts\": {\"a\": 1.5}, \"ok\": true, \"extra\": 1}");

        assertThat(JsonShapeValidator.validate(value, schema)).containsExactly(
                "$.cost: required property missing",
                "$.summary: expected string, was a number",
                "$.findings[0].severity: must be one of [\"LOW\",\"HIGH\"], was \"MEDIUM\"",
                "$.findings[0].cvss: expected number, was a string",
                "$.counts.a: expected integer, was a number",
                "$.extra: property not allowed by the schema");
    }

    @Test
    void parseReply_toleratesFencesProseAndWhitespace() throws Exception {
        assertThat(Json.parseReply("  ```json\n{\"a\": 1}\n```  ").path("a").asInt()).isEqualTo(1);
        assertThat(Json.parseReply("Sure! Here it is: {\"a\": 2} Hope it helps.").path("a").asInt()).isEqualTo(2);
        assertThat(Json.parseReply("\n\n[1, 2]").size()).isEqualTo(2);
        assertThatThrownBy(() -> Json.parseReply("   ")).hasMessageContaining("empty");
    }
}
