package dev.devora.orchestration.engine;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import dev.devora.orchestration.agent.Agent;
import dev.devora.orchestration.agent.AgentResult;
import dev.devora.orchestration.event.WorkflowListener;
import dev.devora.orchestration.testing.CapturedLogs;
import dev.devora.orchestration.workflow.Steps;
import dev.devora.orchestration.workflow.Workflow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link WorkflowEngine.Builder#closeOnClose}: resources the engine closes once its runs in flight have ended. */
class EngineResourcesTest {
    @RegisterExtension
    final CapturedLogs logs = CapturedLogs.create();

    /** A resource that counts its closes and records the order of closing in {@code order}. */
    private static final class Resource implements AutoCloseable {
        final String name;
        final List<String> order;
        final AtomicInteger closes = new AtomicInteger();
        final CountDownLatch closed = new CountDownLatch(1);
        volatile boolean runEndedBeforeClose;
        volatile CountDownLatch runEnded;

        Resource(String name, List<String> order) {
            this.name = name;
            this.order = order;
        }

        @Override
        public void close() {
            if (runEnded != null) runEndedBeforeClose = runEnded.getCount() == 0;
            closes.incrementAndGet();
            order.add(name);
            closed.countDown();
        }
    }

    @Test
    void noRunInFlight_closeClosesTheResourcesAtOnce_inReverseOrder_once() {
        List<String> order = new CopyOnWriteArrayList<>();
        Resource a = new Resource("a", order);
        Resource b = new Resource("b", order);
        WorkflowEngine engine = WorkflowEngine.builder().closeOnClose(a).closeOnClose(b, a).build();
        assertThat(a.closes).hasValue(0);
        engine.close();
        assertThat(order).as("closed before close() returns, the last handed first").containsExactly("b", "a");
        engine.close();
        assertThat(a.closes).hasValue(1);
        assertThat(b.closes).hasValue(1);
    }

    @Test
    void aRunInFlight_theResourcesAreClosedOnlyAfterItHasEnded() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch agentDone = new CountDownLatch(1);
        Resource tools = new Resource("tools", new CopyOnWriteArrayList<>());
        tools.runEnded = agentDone;
        Agent usesTools = Agent.of("uses-tools", call -> {
            started.countDown();
            try {
                if (!release.await(30, TimeUnit.SECONDS)) return AgentResult.text("never released");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            String answer = tools.closes.get() == 0 ? "tools open" : "tools closed under the run";
            agentDone.countDown();
            return AgentResult.text(answer);
        });
        Workflow wf = Workflow.builder("with-resource").step(Steps.agent("work", usesTools).prompt("go")).build();
        WorkflowEngine engine = WorkflowEngine.builder().retryPolicy(RetryPolicy.none()).closeOnClose(tools).build();
        WorkflowRun run = engine.start(wf, Map.of(), WorkflowListener.NONE);
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();

        engine.close();
        Thread.sleep(300);
        assertThat(tools.closes).as("closed under a running run").hasValue(0);
        release.countDown();
        WorkflowResult result = run.result().get(30, TimeUnit.SECONDS);

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(result.output("work").orElseThrow().text()).isEqualTo("tools open");
        assertThat(tools.closed.await(30, TimeUnit.SECONDS)).as("closed after the run").isTrue();
        assertThat(tools.runEndedBeforeClose).isTrue();
        Thread.sleep(100);
        assertThat(tools.closes).hasValue(1);
    }

    @Test
    void awaitTermination_waitsForTheRunInFlight_andTheResources_thenReportsThem() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Agent slow = Agent.of("slow", call -> {
            started.countDown();
            try {
                if (!release.await(30, TimeUnit.SECONDS)) return AgentResult.text("never released");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return AgentResult.text("done");
        });
        Resource store = new Resource("store", new CopyOnWriteArrayList<>());
        Workflow wf = Workflow.builder("drained").step(Steps.agent("work", slow).prompt("go")).build();
        WorkflowEngine engine = WorkflowEngine.builder().retryPolicy(RetryPolicy.none()).closeOnClose(store).build();
        assertThat(engine.awaitTermination(java.time.Duration.ofSeconds(5))).as("not closed: false at once").isFalse();
        WorkflowRun run = engine.start(wf, Map.of(), WorkflowListener.NONE);
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(engine.runsInFlight()).isEqualTo(1);

        engine.close();
        assertThat(engine.isClosed()).isTrue();
        assertThat(engine.awaitTermination(java.time.Duration.ofMillis(200))).as("the run still runs").isFalse();
        assertThat(store.closes).hasValue(0);
        release.countDown();

        assertThat(engine.awaitTermination(java.time.Duration.ofSeconds(30))).isTrue();
        assertThat(store.closes).as("closed before awaitTermination returned").hasValue(1);
        assertThat(engine.runsInFlight()).isZero();
        assertThat(run.result().get(30, TimeUnit.SECONDS).status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThatThrownBy(() -> engine.awaitTermination(java.time.Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout");
    }

    @Test
    void aResourceThatFailsToClose_doesNotStopTheOthers_andIsLoggedWithoutItsMessage() {
        List<String> order = new CopyOnWriteArrayList<>();
        Resource first = new Resource("first", order);
        Resource last = new Resource("last", order);
        AutoCloseable failing = () -> {
            throw new IllegalStateException("cannot close https://user:sk-secret-4711@tools.example/mcp");
        };
        WorkflowEngine engine = WorkflowEngine.builder().closeOnClose(first, failing, last).build();

        engine.close();

        assertThat(order).containsExactly("last", "first");
        List<ILoggingEvent> warnings = logs.events().stream().filter(e -> e.getLevel() == Level.WARN).toList();
        assertThat(warnings).singleElement().satisfies(e -> {
            assertThat(e.getFormattedMessage()).contains("IllegalStateException").contains("2 of 3");
            String logged = e.getFormattedMessage()
                    + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy()));
            assertThat(logged).doesNotContain("sk-secret-4711");
        });
    }

    @Test
    void aNullResource_isRefusedNamingTheArgument() {
        assertThatThrownBy(() -> WorkflowEngine.builder().closeOnClose((AutoCloseable) null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("closeOnClose");
    }
}
