package dev.devora.orchestration.examples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Boot application on {@code orchestration-spring-boot-starter}: {@link RunsController} starts the predefined
 * workflows from REST, and the actuator shows the {@code devora} health and meters. Without
 * {@code OPENROUTER_API_KEY} every model call is answered offline ({@code devora.simulated.enabled=true} in
 * {@code application.properties}); with it, by OpenRouter.
 *
 * <pre>{@code
 * mvn -q -pl examples/spring-boot -am install -DskipTests && mvn -q -pl examples/spring-boot spring-boot:run
 * curl -s -X POST localhost:8080/workflows/api-development/runs -H 'Content-Type: application/json' \
 *      -d @examples/src/main/resources/dev/devora/orchestration/examples/samples/api-development.json
 * curl -s localhost:8080/runs/<run_id>
 * }</pre>
 */
@SpringBootApplication
public class DevoraBootExample {
    /**
     * Starts the application.
     *
     * @param args Spring Boot's arguments, e.g. {@code --server.port=9090}
     */
    public static void main(String[] args) {
        SpringApplication.run(DevoraBootExample.class, args);
    }
}
