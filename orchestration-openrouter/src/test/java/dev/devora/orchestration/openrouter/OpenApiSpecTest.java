package dev.devora.orchestration.openrouter;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The vendored OpenAPI subset is complete, and a missing one fails rather than skips. */
class OpenApiSpecTest {

    @Test
    void theVendoredSpec_isOnTheTestClasspath_andEveryReferenceInItResolves() {
        JsonNode schemas = OpenApiSpec.document().path("components").path("schemas");
        List<String> refs = new ArrayList<>();
        collectRefs(schemas, refs);

        assertThat(schemas.has("ChatRequest")).isTrue();
        assertThat(refs).isNotEmpty().allSatisfy(ref -> {
            assertThat(ref).startsWith("#/components/schemas/");
            assertThat(schemas.has(ref.substring("#/components/schemas/".length()))).as(ref).isTrue();
        });
    }

    @Test
    void aMissingSpec_failsNamingTheFile() {
        assertThatThrownBy(() -> OpenApiSpec.load("/openapi/not-there.yaml"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("/openapi/not-there.yaml")
                .hasMessageContaining("is missing");
    }

    private static void collectRefs(JsonNode node, List<String> out) {
        if (node.isObject()) {
            node.properties().forEach(f -> {
                if (f.getKey().equals("$ref") && f.getValue().isTextual()) out.add(f.getValue().asText());
                else collectRefs(f.getValue(), out);
            });
        } else if (node.isArray()) {
            node.forEach(n -> collectRefs(n, out));
        }
    }
}
