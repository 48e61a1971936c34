package dev.devora.orchestration.workflows.internal;

import dev.devora.orchestration.OrchestrationException;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.llm.LlmRequest;
import dev.devora.orchestration.llm.LlmResponse;

import java.util.List;

/**
 * The recipes in the catalogue's order (the ten software workflows in the seed's order, the engineering-operations workflows, then the three business
 * templates), and a provider for building definitions that are only described (drawn,
 * listed, planned), never run.
 *
 * <pre>{@code
 * Recipes.ALL.forEach(r -> System.out.println(r.id()));
 * }</pre>
 */
public final class Recipes {
    public static final List<Recipe> ALL = concat(List.of(
            FullStackRecipe.INSTANCE,
            ApiDevelopmentRecipe.INSTANCE,
            DocumentationRecipe.INSTANCE,
            PerformanceRecipe.INSTANCE,
            CiCdRecipe.INSTANCE,
            DataPipelineRecipe.INSTANCE,
            MlIntegrationRecipe.INSTANCE,
            SecurityAuditRecipe.INSTANCE,
            AccessibilityRecipe.INSTANCE,
            ProjectLaunchRecipe.INSTANCE,
            FeatureDevelopmentRecipe.INSTANCE,
            BugResolutionRecipe.INSTANCE,
            SaasMvpRecipe.INSTANCE,
            QualityGateRecipe.INSTANCE,
            MigrationRecipe.INSTANCE,
            RefactoringRecipe.INSTANCE,
            PerformanceAuditRecipe.INSTANCE,
            ScalingRecipe.INSTANCE,
            IncidentResponseRecipe.INSTANCE,
            ReleaseManagementRecipe.INSTANCE), BusinessRecipe.all());

    /** A provider that refuses every call: for definitions built to be described, not run. */
    public static final LlmProvider DESCRIBE_ONLY = new LlmProvider() {
        @Override
        public String name() {
            return "describe-only";
        }

        @Override
        public LlmResponse complete(LlmRequest request) {
            throw new OrchestrationException("this workflow definition was built for description only; create it "
                    + "with a model provider to run it (Workflows.<workflow>(llm))");
        }
    };

    private Recipes() {
    }

    private static List<Recipe> concat(List<Recipe> first, List<Recipe> then) {
        List<Recipe> all = new java.util.ArrayList<>(first);
        all.addAll(then);
        return List.copyOf(all);
    }

    /**
     * The recipe with this id.
     *
     * @throws IllegalArgumentException listing the known ids
     */
    public static Recipe byId(String id) {
        for (Recipe r : ALL) if (r.id().equals(id)) return r;
        throw new IllegalArgumentException("unknown workflow '" + id + "' (known workflows: "
                + String.join(", ", ALL.stream().map(Recipe::id).toList()) + ")");
    }
}
