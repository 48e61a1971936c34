package dev.devora.orchestration.examples.spring;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's {@code ```java spring-boot-example} block is a piece of this example's controller, verbatim: what the
 * README shows is what {@link DevoraBootExampleTest} runs. (The README's plain {@code ```java} blocks are complete
 * files, compiled and run by the examples module; this one needs Spring, which that module does not have.)
 */
class ReadmeSpringBootBlockTest {
    @Test
    void theReadmesSpringBootBlock_isInTheExamplesController() throws Exception {
        List<String> readme = Files.readAllLines(Path.of("..", "..", "README.md"));
        int start = readme.indexOf("```java spring-boot-example");
        assertThat(start).as("the README has the block").isNotNegative();
        StringBuilder block = new StringBuilder();
        for (int i = start + 1; !readme.get(i).equals("```"); i++) block.append(readme.get(i)).append('\n');
        String controller = Files.readString(Path.of("src", "main", "java", "dev", "devora", "orchestration",
                "examples", "spring", "RunsController.java"));
        assertThat(block.toString()).isNotBlank();
        assertThat(controller).contains(block.toString());
    }
}
