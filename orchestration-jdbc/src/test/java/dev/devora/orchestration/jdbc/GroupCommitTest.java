package dev.devora.orchestration.jdbc;

import dev.devora.orchestration.journal.JournalEntry;
import dev.devora.orchestration.testing.RunStoreContract;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.sql.DataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Appends that arrive while a commit is under way are committed together afterwards, and one bad entry among them
 * fails only its own append.
 */
class GroupCommitTest {
    @TempDir
    Path dir;

    /** A data source whose connections hold one commit, once armed, until released; and count commits. */
    private static final class HeldCommits {
        final AtomicBoolean armed = new AtomicBoolean();
        final CountDownLatch holding = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger commits = new AtomicInteger();

        DataSource wrap(DataSource real) {
            return proxy(DataSource.class, real, (name, result) -> name.equals("getConnection")
                    ? proxy(Connection.class, result, null) : result);
        }

        private <T> T proxy(Class<T> type, Object target, java.util.function.BiFunction<String, Object, Object> map) {
            return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, (p, m, args) -> {
                if (type == Connection.class && m.getName().equals("commit")) {
                    if (armed.getAndSet(false)) {
                        holding.countDown();
                        release.await();
                    }
                    commits.incrementAndGet();
                }
                Object result;
                try {
                    result = m.invoke(target, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
                return map == null ? result : map.apply(m.getName(), result);
            }));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void appendsQueuedDuringACommit_shareTheNextOne_andADuplicateAmongThemFailsAlone(String kind) throws Exception {
        Target db = Target.of(kind, dir);
        HeldCommits held = new HeldCommits();
        try (JdbcRunStore store = JdbcRunStore.builder(held.wrap(db.dataSource())).tablePrefix(db.prefix()).build()) {
            store.append("r1", RunStoreContract.runStarted("wf", RunStoreContract.T0),
                    RunStoreContract.started("r1", "wf", RunStoreContract.T0));
            store.append("r1", RunStoreContract.stepCompleted(2, "a", "first"), null);

            held.armed.set(true);
            CompletableFuture<Void> writing = CompletableFuture.runAsync(
                    () -> store.append("r1", RunStoreContract.stepCompleted(3, "b", "held"), null));
            assertThat(held.holding.await(10, TimeUnit.SECONDS)).isTrue();
            int commitsBefore = held.commits.get();
            List<Thread> queued = List.of(
                    new Thread(() -> assertThatThrownBy(() -> store.append("r1",
                            RunStoreContract.stepCompleted(2, "a", "duplicate"), null))
                            .isInstanceOf(IllegalStateException.class)
                            .hasMessage("run r1 already has journal entry 2")),
                    new Thread(() -> store.append("r1", RunStoreContract.stepCompleted(4, "c", "fourth"), null)),
                    new Thread(() -> store.append("r2", RunStoreContract.runStarted("wf", RunStoreContract.T0),
                            RunStoreContract.started("r2", "wf", RunStoreContract.T0))));
            List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
            queued.forEach(t -> t.setUncaughtExceptionHandler((th, e) -> failures.add(e)));
            queued.forEach(Thread::start);
            awaitParked(queued);
            held.release.countDown();
            writing.get(10, TimeUnit.SECONDS);
            for (Thread t : queued) t.join(10_000);

            assertThat(failures).isEmpty();
            assertThat(store.entries("r1")).extracting(JournalEntry::seq).containsExactly(1L, 2L, 3L, 4L);
            assertThat(((JournalEntry.StepCompleted) store.entries("r1").get(1)).output().text()).isEqualTo("first");
            assertThat(store.entries("r2")).hasSize(1);
            // after the held commit: one for each good entry of the failed batch, none for the duplicate
            assertThat(held.commits.get() - commitsBefore).isEqualTo(1 + 2);
        }
    }

    /** Waits until the threads are parked in the writer's queue (or done). */
    private static void awaitParked(List<Thread> threads) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (threads.stream().allMatch(t -> t.getState() == Thread.State.TIMED_WAITING
                    || t.getState() == Thread.State.TERMINATED)) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("threads did not queue: " + threads.stream().map(Thread::getState).toList());
    }
}
