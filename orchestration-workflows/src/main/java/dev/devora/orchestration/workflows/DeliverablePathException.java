package dev.devora.orchestration.workflows;

/**
 * {@link Deliverables#write} refused a file: its path is absolute or leaves the output directory, or the way to it
 * goes through a symbolic link, or a file stands where a folder is needed. Nothing is written when it is thrown.
 *
 * <pre>{@code
 * try {
 *     api.writeDeliverables(result, Path.of("out"));
 * } catch (DeliverablePathException e) {
 *     System.err.println(e.getMessage());   // refusing to write 'docs/GUIDE.md': /work/out/docs is a symbolic link ...
 *     e.relativePath();                      // docs/GUIDE.md
 * }
 * }</pre>
 */
public final class DeliverablePathException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** The refused deliverable's path relative to the output directory. */
    private final String relativePath;

    /**
     * Creates the exception; its message names the deliverable's path and the reason.
     *
     * @param relativePath the deliverable's path relative to the output directory, as the deliverables named it
     * @param reason       why it is refused, naming the offending path on disk
     */
    public DeliverablePathException(String relativePath, String reason) {
        super("refusing to write '" + relativePath + "': " + reason);
        this.relativePath = relativePath;
    }

    /**
     * The refused deliverable's path relative to the output directory.
     *
     * @return the path as the deliverables named it, e.g. {@code docs/GUIDE.md}
     */
    public String relativePath() {
        return relativePath;
    }
}
