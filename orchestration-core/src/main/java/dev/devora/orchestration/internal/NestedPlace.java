package dev.devora.orchestration.internal;

/**
 * Where a sub-workflow step sits in its run, for a run of its nested workflow elsewhere (a child workflow): its
 * steps then have the paths, order keys and journal keys they have in the run ({@code path/...}, at the step's
 * instance).
 *
 * <pre>{@code
 * NestedPlace place = new NestedPlace(call.path(), call.orderKey(), call.instance());
 * }</pre>
 *
 * @param path     the sub-workflow step's path in the run
 * @param orderKey its order key in the run
 * @param instance its loop iterations and gate attempts ({@code #2…}); empty for none
 */
public record NestedPlace(String path, String orderKey, String instance) {
    /** Checks that every component is given. */
    public NestedPlace {
        java.util.Objects.requireNonNull(path, "path");
        java.util.Objects.requireNonNull(orderKey, "orderKey");
        java.util.Objects.requireNonNull(instance, "instance");
    }
}
