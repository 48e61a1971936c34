package dev.devora.orchestration.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class CapturedLogsTest {
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Logger library = (Logger) LoggerFactory.getLogger("dev.devora.sample");
    private final ListAppender<ILoggingEvent> console = new ListAppender<>();
    private final ListAppender<ILoggingEvent> ownConsole = new ListAppender<>();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private PrintStream previousErr;

    @BeforeEach
    void aConfigurationWithTwoConsoles() {
        console.start();
        ownConsole.start();
        root.addAppender(console);
        library.addAppender(ownConsole);   // like a logger configured with additivity="false" and its own appender
        library.setAdditive(false);
        previousErr = System.err;
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setErr(previousErr);
        root.detachAppender(console);
        library.detachAppender(ownConsole);
        library.setAdditive(true);
    }

    /** A test context whose test passed (null) or failed with this exception. */
    private static ExtensionContext context(Throwable failure) {
        return (ExtensionContext) Proxy.newProxyInstance(CapturedLogsTest.class.getClassLoader(),
                new Class<?>[]{ExtensionContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getExecutionException" -> Optional.ofNullable(failure);
                    case "getDisplayName" -> "sample()";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void aPassingTest_printsNothing_andItsEventsCanBeAsserted() {
        CapturedLogs logs = CapturedLogs.create();

        logs.beforeEach(context(null));
        library.warn("loop stopped at its bound", new IllegalStateException("listener bug"));
        LoggerFactory.getLogger("other").error("boom");
        assertThat(logs.messages(Level.WARN)).containsExactly("loop stopped at its bound");
        assertThat(logs.messages(Level.ERROR)).containsExactly("boom");
        assertThat(logs.events().get(0).getThrowableProxy().getMessage()).isEqualTo("listener bug");
        logs.afterEach(context(null));

        assertThat(console.list).isEmpty();
        assertThat(ownConsole.list).isEmpty();
        assertThat(stderr.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void aFailingTest_printsWhatItLogged_withStackTraces() {
        CapturedLogs logs = CapturedLogs.create();

        logs.beforeEach(context(null));
        library.warn("gate scored 40 < 50", new IllegalStateException("listener bug"));
        logs.afterEach(context(new AssertionError("expected 2 but was 3")));

        assertThat(stderr.toString(StandardCharsets.UTF_8))
                .contains("--- log of the failed test sample() ---")
                .contains("WARN dev.devora.sample - gate scored 40 < 50")
                .contains("java.lang.IllegalStateException: listener bug");
    }

    @Test
    void theMdcOfAnEvent_isTheLoggingThreads() throws InterruptedException {
        CapturedLogs logs = CapturedLogs.create();

        logs.beforeEach(context(null));
        Thread worker = new Thread(() -> {
            MDC.put("runId", "run-1");
            library.warn("from a pool thread");
            MDC.clear();
        });
        worker.start();
        worker.join();
        logs.afterEach(context(null));

        assertThat(logs.events()).singleElement().satisfies(e -> assertThat(e.getMDCPropertyMap()).containsEntry("runId", "run-1"));
    }

    @Test
    void afterTheTest_theConfigurationIsAsBefore() {
        CapturedLogs logs = CapturedLogs.atLevel(Level.DEBUG);
        Level rootLevel = root.getLevel();

        logs.beforeEach(context(null));
        assertThat(root.getLevel()).isEqualTo(Level.DEBUG);
        library.debug("captured at debug");
        logs.afterEach(context(null));
        library.warn("after the test");

        assertThat(logs.messages(Level.DEBUG)).containsExactly("captured at debug");
        assertThat(root.getLevel()).isEqualTo(rootLevel);
        assertThat(library.isAdditive()).isFalse();
        assertThat(ownConsole.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly("after the test");
        assertThat(console.list).isEmpty();
    }
}
