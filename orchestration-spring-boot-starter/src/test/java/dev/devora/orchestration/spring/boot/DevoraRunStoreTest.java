package dev.devora.orchestration.spring.boot;

import dev.devora.orchestration.engine.RunStatus;
import dev.devora.orchestration.engine.WorkflowResult;
import dev.devora.orchestration.jdbc.JdbcRunStore;
import dev.devora.orchestration.journal.InMemoryRunStore;
import dev.devora.orchestration.journal.RunQuery;
import dev.devora.orchestration.journal.RunStore;
import dev.devora.orchestration.journal.RunSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.sqlite.SQLiteDataSource;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The run store: in memory by default; the JDBC store on the application's DataSource when asked for. */
class DevoraRunStoreTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DevoraAutoConfiguration.class))
            .withPropertyValues("devora.simulated.enabled=true");

    @TempDir
    Path dir;

    private DataSource sqlite(String name) {
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + dir.resolve(name));
        return ds;
    }

    @Test
    void aDataSourceAlone_doesNotChangeTheStore_withoutOptingIn() {
        runner.withBean(DataSource.class, () -> sqlite("unused.db"))
                .run(ctx -> assertThat(ctx.getBean(RunStore.class)).isInstanceOf(InMemoryRunStore.class));
    }

    @Test
    void jdbc_journalsRunsInTheApplicationsDataSource_andTheySurviveARestart() {
        DataSource ds = sqlite("runs.db");
        AtomicReference<String> runId = new AtomicReference<>();
        ApplicationContextRunner jdbc = runner.withBean(DataSource.class, () -> ds)
                .withPropertyValues("devora.store.type=jdbc");
        jdbc.run(ctx -> {
            assertThat(ctx).hasNotFailed();
            assertThat(ctx.getBean(RunStore.class)).isInstanceOf(JdbcRunStore.class);
            WorkflowResult result = ctx.getBean(DevoraWorkflows.class).run("api-development",
                    DevoraAutoConfigurationTest.API_INPUT);
            assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
            runId.set(result.runId());
        });
        jdbc.run(ctx -> {
            List<RunSummary> runs = ctx.getBean(RunStore.class).runs(RunQuery.ALL);
            assertThat(runs).extracting(RunSummary::runId).containsExactly(runId.get());
            assertThat(runs.get(0).status()).isEqualTo(RunStatus.SUCCEEDED);
        });
    }

    @Test
    void jdbc_withoutADataSource_stopsTheStart_sayingWhatToAdd() {
        runner.withPropertyValues("devora.store.type=jdbc").run(ctx -> {
            assertThat(ctx).hasFailed();
            assertThat(ctx.getStartupFailure()).rootCause().isInstanceOf(DevoraConfigurationException.class)
                    .hasMessageContaining("devora.store.type=jdbc").hasMessageContaining("there is none")
                    .hasMessageContaining("spring.datasource.url").hasMessageContaining("devora.store.type=memory");
        });
    }

    @Test
    void jdbc_withoutTheJdbcModule_stopsTheStart_namingTheDependency() {
        runner.withPropertyValues("devora.store.type=JDBC").withBean(DataSource.class, () -> sqlite("x.db"))
                .withClassLoader(new FilteredClassLoader(JdbcRunStore.class)).run(ctx -> {
                    assertThat(ctx).hasFailed();
                    assertThat(ctx.getStartupFailure()).rootCause().isInstanceOf(DevoraConfigurationException.class)
                            .hasMessageContaining("dev.devora:orchestration-jdbc");
                });
    }

    @Test
    void theApplicationsStore_isUsedWhateverTheType() {
        RunStore mine = new InMemoryRunStore();
        runner.withPropertyValues("devora.store.type=jdbc").withBean(RunStore.class, () -> mine)
                .run(ctx -> assertThat(ctx.getBean(RunStore.class)).isSameAs(mine));
    }
}
