package dev.devora.orchestration.server.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devora.orchestration.event.WorkflowEvent;
import dev.devora.orchestration.event.WorkflowListener;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The events of one run this service started, numbered from 1 in arrival order and kept for its lifetime, so a
 * client that reconnects with {@code Last-Event-ID: n} gets every event after {@code n}; live subscribers get each
 * new one as it is appended. Model tokens ({@code TokenStreamed}) are not kept: they are not resumable facts.
 *
 * <pre>{@code
 * RunEvents events = new RunEvents();
 * engine.start(workflow, input, options, events);            // a WorkflowListener
 * events.subscribe(5, event -> client.send(event));          // events 6.. now, then live
 * }</pre>
 */
public final class RunEvents implements WorkflowListener {
    /**
     * One numbered event.
     *
     * @param id   its number, from 1
     * @param type its kind, e.g. {@code step-completed}
     * @param data the event as JSON, with {@code id} and {@code type}
     */
    public record Numbered(long id, String type, ObjectNode data) {
    }

    private final List<Numbered> log = new ArrayList<>();
    private final List<Consumer<Numbered>> subscribers = new CopyOnWriteArrayList<>();
    private final WorkflowListener also;
    private boolean ended;

    /** The events of one run, kept here only. */
    public RunEvents() {
        this(null);
    }

    /**
     * The events of one run, each live one also handed to another listener.
     *
     * @param also told each live event after it is numbered (not those {@link #record}ed); may be null
     */
    public RunEvents(WorkflowListener also) {
        this.also = also;
    }

    /** Numbers a live event, hands it to the subscribers, then to the other listener. */
    @Override
    public void onEvent(WorkflowEvent event) {
        record(event);
        if (also != null && !(event instanceof WorkflowEvent.TokenStreamed)) also.onEvent(event);
    }

    /**
     * Numbers an event and hands it to the subscribers, without telling the other listener: for a past event
     * replayed from the journal.
     *
     * @param event the event
     */
    public void record(WorkflowEvent event) {
        if (event instanceof WorkflowEvent.TokenStreamed) return;
        Numbered n;
        synchronized (this) {
            String type = Json.kebab(event.getClass().getSimpleName());
            ObjectNode data = Json.of((Record) event);
            data.put("id", log.size() + 1L).put("type", type);
            n = new Numbered(log.size() + 1L, type, data);
            log.add(n);
            if (event instanceof WorkflowEvent.RunCompleted) ended = true;
            for (Consumer<Numbered> s : subscribers) s.accept(n);
        }
    }

    /**
     * Sends every event after {@code afterId} to {@code subscriber} now, then each new one as it comes (on the
     * appending thread, in order), until {@link #unsubscribe}.
     *
     * @param afterId    the last event the client has; 0 for all
     * @param subscriber gets the events
     * @return whether the run has ended already (nothing more will come)
     */
    public synchronized boolean subscribe(long afterId, Consumer<Numbered> subscriber) {
        for (Numbered n : log) if (n.id() > afterId) subscriber.accept(n);
        if (!ended) subscribers.add(subscriber);
        return ended;
    }

    /** Stops sending to {@code subscriber}. */
    public void unsubscribe(Consumer<Numbered> subscriber) {
        subscribers.remove(subscriber);
    }

    /** {@return whether the run's completion has been appended} */
    public synchronized boolean ended() {
        return ended;
    }

    /** {@return a copy of the events so far} */
    public synchronized List<Numbered> snapshot() {
        return List.copyOf(log);
    }
}
