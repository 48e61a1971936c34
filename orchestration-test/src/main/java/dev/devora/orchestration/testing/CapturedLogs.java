package dev.devora.orchestration.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AppenderBase;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A JUnit 5 extension that captures every log event of a test instead of printing it, for tests that provoke
 * warnings and errors on purpose: the events can be asserted on, a passing test prints nothing, and a failing
 * test prints what it logged (after the failure), so that a real failure still shows its logs.
 *
 * <p>While a test runs, every appender of the logback configuration is detached and one in-memory appender on the
 * root logger receives all events (loggers that had their own appenders are made additive meanwhile); everything is
 * restored after the test. Needs logback-classic as the tests' SLF4J binding and JUnit Jupiter (both optional
 * dependencies of this module). Tests of one class must not run concurrently with other tests that log.
 *
 * <pre>{@code
 * @RegisterExtension
 * final CapturedLogs logs = CapturedLogs.create();
 *
 * @Test
 * void aLoopAtItsBound_warns() {
 *     engine.run(workflow, input);
 *     assertThat(logs.messages(Level.WARN)).singleElement().asString().contains("loop stopped at its bound");
 * }
 * }</pre>
 */
public final class CapturedLogs implements BeforeEachCallback, AfterEachCallback {
    private final Level level;
    private final EventList captured = new EventList();
    private final Map<Logger, List<Appender<ILoggingEvent>>> detached = new LinkedHashMap<>();
    private final Map<Logger, Boolean> additivity = new LinkedHashMap<>();
    private Level rootLevel;

    private CapturedLogs(Level level) {
        this.level = level;
    }

    /**
     * Captures the events that the configuration lets through (its levels are kept).
     *
     * @return an extension to register with {@code @RegisterExtension}
     */
    public static CapturedLogs create() {
        return new CapturedLogs(null);
    }

    /**
     * Captures events down to this level: the root logger is set to it during the test (loggers with a level of
     * their own keep it).
     *
     * @param level the lowest level to capture, e.g. {@code Level.DEBUG}
     * @return an extension to register with {@code @RegisterExtension}
     */
    public static CapturedLogs atLevel(Level level) {
        return new CapturedLogs(Objects.requireNonNull(level, "level"));
    }

    /**
     * Starts capturing before each test.
     *
     * @param context the test's context
     */
    @Override
    public void beforeEach(ExtensionContext context) {
        LoggerContext logback = logback();
        for (Logger logger : logback.getLoggerList()) {
            List<Appender<ILoggingEvent>> appenders = new ArrayList<>();
            for (Iterator<Appender<ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext(); ) appenders.add(it.next());
            if (appenders.isEmpty()) continue;
            appenders.forEach(logger::detachAppender);
            detached.put(logger, appenders);
            additivity.put(logger, logger.isAdditive());
            logger.setAdditive(true);
        }
        Logger root = logback.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        rootLevel = root.getLevel();
        if (level != null) root.setLevel(level);
        synchronized (captured) {
            captured.events.clear();
        }
        captured.setContext(logback);
        captured.start();
        root.addAppender(captured);
    }

    /**
     * Restores the configuration after each test, and prints the captured events when the test failed.
     *
     * @param context the test's context
     */
    @Override
    public void afterEach(ExtensionContext context) {
        Logger root = logback().getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAppender(captured);
        captured.stop();
        root.setLevel(rootLevel);
        detached.forEach((logger, appenders) -> appenders.forEach(logger::addAppender));
        additivity.forEach(Logger::setAdditive);
        detached.clear();
        additivity.clear();
        if (context.getExecutionException().isPresent()) print(context.getDisplayName(), System.err);
    }

    /**
     * Every event captured so far in this test, in logging order.
     *
     * @return a copy of the events
     */
    public List<ILoggingEvent> events() {
        synchronized (captured) {
            return List.copyOf(captured.events);
        }
    }

    /**
     * The formatted messages of the events of exactly this level, in logging order.
     *
     * @param eventLevel the level, e.g. {@code Level.WARN}
     * @return the messages, without stack traces
     */
    public List<String> messages(Level eventLevel) {
        return events().stream().filter(e -> e.getLevel().equals(eventLevel)).map(ILoggingEvent::getFormattedMessage).toList();
    }

    private void print(String test, PrintStream out) {
        List<ILoggingEvent> events = events();
        if (events.isEmpty()) return;
        StringBuilder text = new StringBuilder("--- log of the failed test ").append(test).append(" ---\n");
        for (ILoggingEvent e : events) {
            text.append(e.getLevel()).append(' ').append(e.getLoggerName()).append(" - ").append(e.getFormattedMessage()).append('\n');
            IThrowableProxy thrown = e.getThrowableProxy();
            if (thrown != null) text.append(ThrowableProxyUtil.asString(thrown)).append('\n');
        }
        out.print(text);
    }

    private static LoggerContext logback() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (factory instanceof LoggerContext context) return context;
        throw new IllegalStateException("CapturedLogs needs logback-classic as the SLF4J binding of the tests, found "
                + factory.getClass().getName());
    }

    /** Keeps events in memory, with their MDC and message fixed on the logging thread (as a console appender would). */
    private static final class EventList extends AppenderBase<ILoggingEvent> {
        final List<ILoggingEvent> events = new ArrayList<>();

        @Override
        protected void append(ILoggingEvent event) {   // AppenderBase.doAppend holds this object's lock
            event.prepareForDeferredProcessing();
            events.add(event);
        }
    }

    @Override
    public String toString() {
        return "CapturedLogs[" + (level == null ? "configured levels" : "from " + level) + ", " + events().size() + " events]";
    }
}
