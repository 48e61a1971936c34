package dev.devora.orchestration.tool.workspace;

import java.util.List;

/**
 * Kills a process and every process it started. Best effort by nature: a descendant that detached itself from the
 * tree before the kill (a daemon that double-forked) is not found.
 */
final class ProcessTrees {
    private ProcessTrees() {
    }

    /**
     * Kills the root first (so it starts nothing more), then each descendant known at that moment, each after taking
     * its own descendants (started since), which are killed with it.
     */
    static void kill(ProcessHandle root) {
        List<ProcessHandle> known = root.descendants().toList();
        root.destroyForcibly();
        for (ProcessHandle p : known) {
            List<ProcessHandle> below = p.descendants().toList();
            p.destroyForcibly();
            below.forEach(ProcessHandle::destroyForcibly);
        }
    }
}
