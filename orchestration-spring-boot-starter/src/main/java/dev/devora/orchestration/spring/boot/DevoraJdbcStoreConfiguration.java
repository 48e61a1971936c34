package dev.devora.orchestration.spring.boot;

import dev.devora.orchestration.jdbc.JdbcRunStore;
import dev.devora.orchestration.journal.RunStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;

/**
 * With {@code devora.store.type=jdbc}: the {@link JdbcRunStore} on the application's {@code DataSource} (SQLite or
 * PostgreSQL; the store creates its tables when it starts if they are missing, holds one of the pool's connections for writing while it is
 * open, and never closes the data source). Without a
 * {@code DataSource} bean, or without orchestration-jdbc, the application does not start, and the message says which
 * is missing.
 *
 * <pre>{@code
 * spring.datasource.url=jdbc:postgresql://db/app
 * devora.store.type=jdbc
 * }</pre>
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "devora.store.type", havingValue = "jdbc")
public class DevoraJdbcStoreConfiguration {
    /** Creates the configuration; Spring does. */
    public DevoraJdbcStoreConfiguration() {
    }

    /** The JDBC store, with orchestration-jdbc present. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "dev.devora.orchestration.jdbc.JdbcRunStore")
    static class JdbcStore {
        @Bean
        @ConditionalOnMissingBean(RunStore.class)
        RunStore devoraRunStore(ObjectProvider<DataSource> dataSource) {
            DataSource ds = dataSource.getIfUnique();
            if (ds == null) {
                throw new DevoraConfigurationException("devora.store.type", "jdbc", "devora.store.type=jdbc journals "
                        + "runs in the application's DataSource, and there is " + (dataSource.stream().findAny()
                        .isPresent() ? "more than one (mark one @Primary)" : "none (add spring-boot-starter-jdbc "
                        + "and spring.datasource.url)") + "; or set devora.store.type=memory");
            }
            return JdbcRunStore.create(ds);
        }
    }

    /** Without orchestration-jdbc: a startup failure that says what to add. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingClass("dev.devora.orchestration.jdbc.JdbcRunStore")
    static class MissingJdbcModule {
        @Bean
        @ConditionalOnMissingBean(RunStore.class)
        RunStore devoraRunStore() {
            throw new DevoraConfigurationException("devora.store.type", "jdbc", "devora.store.type=jdbc needs the "
                    + "dev.devora:orchestration-jdbc dependency (and a DataSource); or set devora.store.type=memory");
        }
    }
}
