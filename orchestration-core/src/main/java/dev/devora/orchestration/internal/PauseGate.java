package dev.devora.orchestration.internal;

/** Blocks new steps while a run is paused. */
final class PauseGate {
    private volatile boolean paused;

    synchronized void pause() {
        paused = true;
    }

    synchronized void resume() {
        paused = false;
        notifyAll();
    }

    synchronized boolean isPaused() {
        return paused;
    }

    /** Waits while paused; a cancellation of the scope ends the wait with its reason. */
    void awaitResumed(Scope scope) {
        if (!paused) return; // racy fast path: a pause that lands now applies from the next step on
        synchronized (this) {
            while (paused) {
                scope.throwIfCancelled();
                try {
                    wait(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    scope.throwIfCancelled();
                    Thread.interrupted();
                }
            }
        }
    }
}
