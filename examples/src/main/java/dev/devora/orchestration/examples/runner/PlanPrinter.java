package dev.devora.orchestration.examples.runner;

import dev.devora.orchestration.engine.ExecutionPlan;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * Prints an {@link ExecutionPlan}: the outline (steps, parallel groups, conditions and loops, each call with its
 * agent, model, estimated prompt tokens and cost), the totals (a min–max range when branches are decided during the
 * run), the plan's warnings (prompts near their model's context), and on request every rendered prompt.
 *
 * <pre>{@code
 * System.out.print(PlanPrinter.render(plan, true, "OpenRouter's model catalogue"));
 * }</pre>
 */
final class PlanPrinter {
    private PlanPrinter() {
    }

    static String render(ExecutionPlan plan, boolean prompts, String priceSource) {
        StringBuilder sb = new StringBuilder();
        sb.append("Plan of ").append(plan.workflowId()).append(" (dry run: no model is called)\n\n");
        sb.append(plan.outline().stripTrailing()).append("\n\n");
        sb.append('\n');
        String calls = plan.minCalls() == plan.maxCalls() ? String.valueOf(plan.maxCalls())
                : plan.minCalls() + " to " + plan.maxCalls();
        sb.append(String.format(Locale.ROOT, "Model calls: %s (critical path: %d calls in a row)%n",
                calls, plan.criticalPathCalls()));
        boolean range = plan.minEstimatedPromptTokens() != plan.estimatedPromptTokens();
        sb.append(range ? String.format(Locale.ROOT, "Estimated prompt tokens, one pass: %,d to %,d (branches decided"
                        + " during the run are alternatives)%n", plan.minEstimatedPromptTokens(), plan.estimatedPromptTokens())
                : String.format(Locale.ROOT, "Estimated prompt tokens, one pass: %,d%n", plan.estimatedPromptTokens()));
        sb.append("Estimated cost, one pass: ")
                .append(plan.minEstimatedCostUsd().compareTo(plan.estimatedCostUsd()) != 0
                        ? usd(plan.minEstimatedCostUsd()) + " to " : "")
                .append(usd(plan.estimatedCostUsd())).append(" (prices from ").append(priceSource)
                .append(plan.callsWithoutPrice() > 0 ? "; " + plan.callsWithoutPrice() + " calls have no known price and are not counted" : "")
                .append(")\n");
        for (String warning : plan.warnings()) sb.append("Warning: ").append(warning).append('\n');
        if (prompts) {
            sb.append("\nRendered prompts (outputs of earlier steps appear as «output of id»):\n");
            for (ExecutionPlan.PlannedCall c : plan.calls()) {
                sb.append("\n===== ").append(c.path()).append(" (").append(c.kind()).append(", ")
                        .append(c.agent() == null ? "" : c.agent()).append(") =====\n")
                        .append(c.prompt() == null ? "" : c.prompt().stripTrailing()).append('\n');
            }
        }
        return sb.toString();
    }

    static String usd(BigDecimal usd) {
        return usd == null ? "$?" : "$" + usd.setScale(4, RoundingMode.HALF_UP).toPlainString();
    }
}
