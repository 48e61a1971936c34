package dev.devora.orchestration.server;

import dev.devora.orchestration.ValidationProblem;

import java.util.List;
import java.util.Objects;

/**
 * An API error with its HTTP status and the error shape's {@code code}: every route answers a failure as
 * {@code {"error": {"code", "message", "field"?, "problems"?, "request_id"}}}. Thrown by the routes, rendered by
 * {@link DevoraApi}.
 *
 * <pre>{@code
 * throw new ApiException(404, "run_not_found", "no run '" + id + "'", "run_id");
 * }</pre>
 */
public final class ApiException extends RuntimeException {
    /** The HTTP status. */
    private final int status;
    /** A stable, machine-readable code, e.g. {@code invalid_input}. */
    private final String code;
    /** The request field at fault, e.g. {@code input.workspace}; or null. */
    private final String field;
    /** Every input problem, for {@code invalid_input}; else empty. */
    private final transient List<ValidationProblem> problems;

    /**
     * An error about one field (or none).
     *
     * @param status  the HTTP status
     * @param code    the error code
     * @param message what went wrong, naming the field and the value
     * @param field   the field; or null
     */
    public ApiException(int status, String code, String message, String field) {
        this(status, code, message, field, List.of());
    }

    /**
     * An error listing input problems.
     *
     * @param status   the HTTP status
     * @param code     the error code
     * @param message  what went wrong
     * @param field    the field; or null
     * @param problems every problem found
     */
    public ApiException(int status, String code, String message, String field, List<ValidationProblem> problems) {
        super(message);
        this.status = status;
        this.code = Objects.requireNonNull(code, "code");
        this.field = field;
        this.problems = List.copyOf(problems);
    }

    /** {@return the HTTP status} */
    public int status() {
        return status;
    }

    /** {@return the error code} */
    public String code() {
        return code;
    }

    /** {@return the field at fault; or null} */
    public String field() {
        return field;
    }

    /** {@return every input problem; empty unless the input was invalid} */
    public List<ValidationProblem> problems() {
        return problems;
    }
}
