package dev.devora.orchestration.workflow;

/**
 * How large a run's input may be. Checked with the input spec, before any model is called; an input beyond a limit
 * is an {@code InputValidationException} naming the path ({@code input.notes}) and the limit.
 *
 * <pre>{@code
 * WorkflowEngine engine = WorkflowEngine.builder()
 *         .inputLimits(InputLimits.DEFAULT.withMaxStringLength(4_000_000))   // a whole code base in one field
 *         .build();
 * }</pre>
 *
 * @param maxDepth        how many lists and objects may nest, the input object itself included (default 64; at most
 *                        {@value #MAX_DEPTH}, so that every accepted input can be written as JSON in a result's state)
 * @param maxStringLength the longest string value or field name, in characters, or number, in digits (default
 *                        1,000,000)
 * @param maxTotalSize    the largest input, in characters of its strings and field names and digits of its big
 *                        numbers, plus one per value (roughly its JSON size; default 4,000,000)
 */
public record InputLimits(int maxDepth, int maxStringLength, long maxTotalSize) {
    /** The deepest nesting any limits may allow. */
    public static final int MAX_DEPTH = 500;

    /** 64 levels, strings of up to 1,000,000 characters, 4,000,000 characters in all. */
    public static final InputLimits DEFAULT = new InputLimits(64, 1_000_000, 4_000_000);

    /**
     * Checks the ranges.
     *
     * @throws IllegalArgumentException if maxDepth is outside 1..{@value #MAX_DEPTH} or a size is below 1
     * @param maxDepth        how many lists and objects may nest, the input object itself included (default 64; at most
     *     {@value #MAX_DEPTH}, so that every accepted input can be written as JSON in a result's state)
     * @param maxStringLength the longest string value or field name, in characters (default 1,000,000)
     * @param maxTotalSize    the largest input, in characters of its strings and field names plus one per other value
     *     (roughly its JSON size; default 4,000,000) /
     */
    public InputLimits {
        if (maxDepth < 1 || maxDepth > MAX_DEPTH) {
            throw new IllegalArgumentException("maxDepth must be 1.." + MAX_DEPTH + ", was " + maxDepth);
        }
        if (maxStringLength < 1) throw new IllegalArgumentException("maxStringLength must be ≥ 1, was " + maxStringLength);
        if (maxTotalSize < 1) throw new IllegalArgumentException("maxTotalSize must be ≥ 1, was " + maxTotalSize);
    }

    /**
     * These limits with another nesting depth.
     *
     * @param depth levels of nesting, 1..{@value #MAX_DEPTH}
     * @return new limits
     */
    public InputLimits withMaxDepth(int depth) {
        return new InputLimits(depth, maxStringLength, maxTotalSize);
    }

    /**
     * These limits with another longest string.
     *
     * @param characters the longest string value or field name, at least 1
     * @return new limits
     */
    public InputLimits withMaxStringLength(int characters) {
        return new InputLimits(maxDepth, characters, maxTotalSize);
    }

    /**
     * These limits with another total size.
     *
     * @param characters the largest input, at least 1
     * @return new limits
     */
    public InputLimits withMaxTotalSize(long characters) {
        return new InputLimits(maxDepth, maxStringLength, characters);
    }
}
