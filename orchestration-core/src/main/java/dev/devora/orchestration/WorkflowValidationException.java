package dev.devora.orchestration;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A workflow definition is not valid. Thrown by {@code Workflow.Builder.build()}, before anything runs, listing
 * every problem at once (duplicate ids, unresolvable {@code {{references}}}, unbounded loops, empty branches…).
 *
 * <pre>{@code
 * try {
 *     workflow = builder.build();
 * } catch (WorkflowValidationException e) {
 *     e.problems().forEach(p -> System.err.println(p.path() + ": " + p.message()));
 * }
 * }</pre>
 */
public class WorkflowValidationException extends OrchestrationException {
    private static final long serialVersionUID = 1L;

    private final transient List<ValidationProblem> problems;

    /**
     * Creates the exception; its message lists every problem, one a line.
     *
     * @param subject  what was validated, e.g. {@code "Workflow 'api-development'"}
     * @param problems every problem found, in definition order; not empty
     */
    public WorkflowValidationException(String subject, List<ValidationProblem> problems) {
        super(describe(subject, problems), null, false);
        this.problems = List.copyOf(problems);
    }

    /**
     * Every problem found, in definition order. Never empty.
     *
     * @return the problems, unmodifiable
     */
    public List<ValidationProblem> problems() {
        return problems;
    }

    static String describe(String subject, List<ValidationProblem> problems) {
        return subject + " has " + problems.size() + (problems.size() == 1 ? " problem" : " problems") + ":\n"
                + problems.stream().map(p -> "  - " + p).collect(Collectors.joining("\n"));
    }
}
