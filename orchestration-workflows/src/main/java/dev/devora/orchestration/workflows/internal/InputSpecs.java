package dev.devora.orchestration.workflows.internal;

import dev.devora.orchestration.workflow.FieldType;
import dev.devora.orchestration.workflow.InputField;
import dev.devora.orchestration.workflow.InputSpec;

/**
 * Variants of input specs. {@link #relaxed} is what a workflow declares when it runs nested: the core renders a
 * sub-workflow's input from templates as text, so list, object, number and boolean fields arrive as text there.
 *
 * <pre>{@code
 * InputSpec nested = InputSpecs.relaxed(ApiDevelopmentRecipe.INPUT);
 * }</pre>
 */
public final class InputSpecs {
    private InputSpecs() {
    }

    /** The same fields, all typed as text; required, allowed values and defaults kept. */
    public static InputSpec relaxed(InputSpec spec) {
        InputSpec.Builder b = InputSpec.builder();
        for (InputField f : spec.fields()) {
            b.field(new InputField(f.name(), FieldType.STRING, f.required(), f.description(), f.allowedValues(),
                    f.defaultValue()));
        }
        if (spec.allowsUnknownFields()) b.allowUnknownFields();
        return b.build();
    }
}
