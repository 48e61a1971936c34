package dev.devora.orchestration.openrouter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Validates request bodies against a schema of OpenRouter's published OpenAPI 3.1 document, of which the part the
 * tests need is vendored in the test resources ({@value #RESOURCE}; its source is in the README beside it).
 * OpenAPI 3.1 schemas are JSON Schema 2020-12, so the networknt validator (already on the test classpath through
 * WireMock) checks them directly, with the spec's {@code components} as the root for {@code $ref}s. Loaded once per
 * JVM; a missing or unreadable file fails the test that needs it, it never skips it.
 */
final class OpenApiSpec {
    static final String RESOURCE = "/openapi/openrouter-chat-request.yaml";
    private static JsonNode document;

    private OpenApiSpec() {
    }

    static synchronized JsonNode document() {
        if (document == null) document = load(RESOURCE);
        return document;
    }

    /** The YAML document at this classpath resource; an {@link AssertionError} naming it when it is missing. */
    static JsonNode load(String resource) {
        try (InputStream in = OpenApiSpec.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new AssertionError("the vendored OpenAPI spec " + resource + " is missing from the test "
                        + "resources of orchestration-openrouter; see src/test/resources/openapi/README.md");
            }
            return new ObjectMapper(new YAMLFactory()).readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the vendored OpenAPI spec " + resource, e);
        }
    }

    /** The validation problems of {@code body} against {@code #/components/schemas/<schemaName>}; empty when valid. */
    static List<String> validate(String schemaName, JsonNode body) {
        ObjectNode root = new ObjectMapper().createObjectNode();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.put("$ref", "#/components/schemas/" + schemaName);
        root.set("components", document().get("components"));
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(root, SchemaValidatorsConfig.builder().build());
        Set<ValidationMessage> messages = schema.validate(body);
        return messages.stream().map(ValidationMessage::getMessage).sorted().collect(Collectors.toList());
    }
}
