package dev.devora.orchestration.workflows;


import java.util.List;
import java.util.Map;

/**
 * Input of API Development (fields listed in docs/workflows.md).
 *
 * <pre>{@code
 * var input = new ApiDevelopmentInput("TaskMaster API", "Task management", ApiDevelopmentInput.ApiType.REST,
 *         ApiDevelopmentInput.AuthType.JWT, true, List.of("CRUD tasks"),
 *         List.of(new ApiDevelopmentInput.DataModel("Task", Map.of("id", "uuid"))), Map.of("anonymous", 100), 1000,
 *         List.of("TypeScript", "Fastify", "PostgreSQL 16", "Vitest"));
 * }</pre>
 *
 * @param apiName      name of the API (JSON {@code api_name}, required)
 * @param description  what the API is for (JSON {@code description}, required)
 * @param apiType      API style (JSON {@code api_type}, required; one of rest, graphql)
 * @param authType     authentication scheme (JSON {@code auth_type}, required; one of jwt, oauth2, api_key)
 * @param versioning   whether the API is versioned (URL prefix /v1) (JSON {@code versioning}, required)
 * @param requirements required capabilities/endpoints, one string per item (JSON {@code requirements}, required)
 * @param dataModels   data models: [{name, fields: {field: type}}] (JSON {@code data_models}, required)
 * @param rateLimits   requests per minute by client tier, e.g. {"anonymous": 100} (JSON {@code rate_limits}, optional;
 *     null states no limits)
 * @param targetQps    target queries per second (JSON {@code target_qps}, required)
 * @param techStack    language, framework, database and test tool to build on, one string per item (JSON
 *     {@code tech_stack}, optional; null gives {@code ["Python 3.12", "FastAPI", "PostgreSQL 16", "pytest"]})
 */
public record ApiDevelopmentInput(String apiName, String description, ApiType apiType, AuthType authType,
                                  Boolean versioning, List<String> requirements, List<DataModel> dataModels,
                                  Map<String, Integer> rateLimits, Integer targetQps,
                                  List<String> techStack) implements WorkflowInput {
    /**
     * The input on the default stack: the constructor of the earlier releases, before {@code techStack}.
     *
     * @param apiName      name of the API
     * @param description  what the API is for
     * @param apiType      API style
     * @param authType     authentication scheme
     * @param versioning   whether the API is versioned
     * @param requirements required capabilities/endpoints
     * @param dataModels   data models
     * @param rateLimits   requests per minute by client tier; null states no limits
     * @param targetQps    target queries per second
     */
    public ApiDevelopmentInput(String apiName, String description, ApiType apiType, AuthType authType, Boolean versioning,
                               List<String> requirements, List<DataModel> dataModels, Map<String, Integer> rateLimits,
                               Integer targetQps) {
        this(apiName, description, apiType, authType, versioning, requirements, dataModels, rateLimits, targetQps, null);
    }

    @Override
    public String workflowId() {
        return "api-development";
    }

    /** REST (OpenAPI 3.1) or GraphQL (SDL). */
    public enum ApiType { /** REST, designed as OpenAPI 3.1. */ REST, /** GraphQL, designed as SDL. */ GRAPHQL }

    /** Authentication scheme. */
    public enum AuthType { /** Bearer JWTs. */ JWT, /** OAuth 2.0. */ OAUTH2, /** API keys. */ API_KEY }

    /**
     * A data model: its name and field → type.
     *
     * @param name   model name
     * @param fields field name → type (uuid, string, enum…)
     */
    public record DataModel(String name, Map<String, String> fields) {
    }
}
