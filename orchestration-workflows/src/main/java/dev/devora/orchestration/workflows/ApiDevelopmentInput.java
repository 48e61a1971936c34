package dev.devora.orchestration.workflows;


import java.util.List;
import java.util.Map;

/**
 * Input of API Development (fields listed in docs/workflows.md).
 *
 * <pre>{@code
 * var input = new ApiDevelopmentInput("TaskMaster API", "Task management", ApiDevelopmentInput.ApiType.REST,
 *         ApiDevelopmentInput.AuthType.JWT, true, List.of("CRUD tasks"),
 *         List.of(new ApiDevelopmentInput.DataModel("Task", Map.of("id", "uuid"))), Map.of("anonymous", 100), 1000);
 * }</pre>
 */
public record ApiDevelopmentInput(String apiName, String description, ApiType apiType, AuthType authType,
                                  Boolean versioning, List<String> requirements, List<DataModel> dataModels,
                                  Map<String, Integer> rateLimits, Integer targetQps) implements WorkflowInput {
    @Override
    public String workflowId() {
        return "api-development";
    }

    /** REST (OpenAPI 3.1) or GraphQL (SDL). */
    public enum ApiType { REST, GRAPHQL }

    /** Authentication scheme. */
    public enum AuthType { JWT, OAUTH2, API_KEY }

    /**
     * A data model: its name and field → type.
     *
     * @param name   model name
     * @param fields field name → type (uuid, string, enum…)
     */
    public record DataModel(String name, Map<String, String> fields) {
    }
}
