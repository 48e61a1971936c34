package dev.devora.orchestration.examples.runner;

import dev.devora.orchestration.workflow.InputField;
import dev.devora.orchestration.workflows.WorkflowCatalog;
import dev.devora.orchestration.workflows.WorkflowInfo;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code --list} output: each workflow's id, name, objective, squads and input fields (required ones first,
 * optional ones in brackets).
 */
final class Catalogue {
    private Catalogue() {
    }

    static String render(WorkflowCatalog catalog) {
        StringBuilder sb = new StringBuilder("The predefined workflows: ten software workflows, then three business templates\n"
                + "(run one with: java -jar examples/target/devora-run.jar <id>)\n");
        for (WorkflowInfo w : catalog.workflows()) {
            sb.append('\n').append(w.id()).append("  ").append(w.name()).append('\n');
            sb.append("    ").append(w.description()).append('\n');
            sb.append("    squads: ").append(String.join(" -> ", w.squads())).append('\n');
            List<String> fields = new ArrayList<>();
            for (InputField f : w.input().fields()) fields.add(f.required() ? f.name() : "[" + f.name() + "]");
            sb.append("    input:  ").append(String.join(", ", fields)).append('\n');
        }
        sb.append("\nInputs and deliverables of each: docs/workflows.md. A sample input: --sample <id>.\n");
        return sb.toString();
    }
}
