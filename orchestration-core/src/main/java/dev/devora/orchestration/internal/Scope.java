package dev.devora.orchestration.internal;

import dev.devora.orchestration.OrchestrationException;

import java.util.ArrayList;
import java.util.List;

/**
 * A cancellable region of a run: the run itself, a parallel branch, a step with a timeout. Cancelling a scope
 * records why, interrupts every thread working in it (through the run's {@link RunEffects#interrupt}) and cancels
 * its child scopes; a thread leaving a cancelled scope has its interrupt status cleared so that it does not leak
 * into later work of a pooled thread.
 */
public final class Scope {
    private final Scope parent;
    private final java.util.function.Consumer<Thread> interrupter;
    private List<Scope> children; // created on first use: most scopes never get a child
    private Thread thread;          // the usual single thread; more go to {@code others}
    private List<Thread> others;
    private volatile OrchestrationException reason;

    private Scope(Scope parent, java.util.function.Consumer<Thread> interrupter) {
        this.parent = parent;
        this.interrupter = interrupter;
    }

    /** A root scope whose cancellation interrupts its threads with {@code Thread.interrupt}. */
    public static Scope root() {
        return root(Thread::interrupt);
    }

    /**
     * A root scope whose cancellation stops its threads (and its children's) with {@code interrupter}.
     *
     * @param interrupter stops what a thread of a cancelled scope does
     * @return the scope
     */
    public static Scope root(java.util.function.Consumer<Thread> interrupter) {
        return new Scope(null, interrupter);
    }

    /** A child scope, cancelled at once if this one already is. Close it when done. */
    public Scope child() {
        Scope child = new Scope(this, interrupter);
        synchronized (this) {
            if (reason != null) {
                child.reason = reason;
            } else {
                if (children == null) children = new ArrayList<>(2);
                children.add(child);
            }
        }
        return child;
    }

    /** Detaches this scope from its parent. */
    public void close() {
        if (parent != null) {
            synchronized (parent) {
                if (parent.children != null) parent.children.remove(this);
            }
        }
    }

    /** Registers the current thread as working in this scope. */
    public void enter() {
        Thread t = Thread.currentThread();
        synchronized (this) {
            if (thread == null) {
                thread = t;
            } else {
                if (others == null) others = new ArrayList<>(2);
                others.add(t);
            }
            if (reason != null) interrupter.accept(t);
        }
    }

    /** Unregisters the current thread; clears its interrupt status if this scope was cancelled. */
    public void exit() {
        Thread t = Thread.currentThread();
        synchronized (this) {
            if (thread == t) thread = null;
            else if (others != null) others.remove(t);
        }
        if (reason != null) Thread.interrupted();
    }

    /** Cancels this scope and its children; the first reason wins. */
    public void cancel(OrchestrationException why) {
        List<Scope> kids;
        synchronized (this) {
            if (reason != null) return;
            reason = why;
            if (thread != null) interrupter.accept(thread);
            if (others != null) for (Thread t : others) interrupter.accept(t);
            kids = children == null ? List.of() : new ArrayList<>(children);
        }
        for (Scope k : kids) k.cancel(why);
    }

    public boolean isCancelled() {
        return reason != null;
    }

    /**
     * Why this scope or one enclosing it was cancelled (the nearest), or null. Unlike {@link #reason()} it sees a
     * cancellation that is still cascading down to this scope: an enclosing scope records its reason before it
     * cancels its children.
     */
    public OrchestrationException cancellation() {
        for (Scope s = this; s != null; s = s.parent) {
            OrchestrationException r = s.reason;
            if (r != null) return r;
        }
        return null;
    }

    /** Why it was cancelled, or null. */
    public OrchestrationException reason() {
        return reason;
    }

    /** Throws the cancellation reason if cancelled. */
    public void throwIfCancelled() {
        OrchestrationException r = reason;
        if (r != null) throw r;
    }
}
