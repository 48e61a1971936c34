package dev.devora.orchestration.workflows.internal;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devora.orchestration.workflow.Condition;
import dev.devora.orchestration.workflow.Step;
import dev.devora.orchestration.workflow.Steps;

/**
 * Steps that run only when a list input (e.g. {@code scope}) names them, with a placeholder output otherwise so
 * that later prompts and deliverables always find a value.
 *
 * <pre>{@code
 * Step code = Scoped.when("code-audit", InputValues.listContains("scope", "code"), auditStep,
 *         Scoped.emptyFindings("code is not in scope"));
 * }</pre>
 */
public final class Scoped {
    private Scoped() {
    }

    public static Step when(String id, Condition condition, Step step, Object placeholder) {
        return Steps.when(id, condition, step).otherwise(Steps.task(id + "-skipped", "not in scope", ctx -> placeholder));
    }

    /** {@code {"findings": [], "summary": reason}}. */
    public static ObjectNode emptyFindings(String reason) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.putArray("findings");
        o.put("summary", reason);
        return o;
    }
}
