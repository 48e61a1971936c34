package dev.devora.orchestration.examples;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The project's docs stand on the repository alone: every relative link resolves, no page outside it is cited. */
class DocsStandAloneTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

    @Test
    void everyRelativeLinkInTheDocs_pointsToAFileOfTheRepository() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path doc : docs()) {
            Matcher m = LINK.matcher(Files.readString(doc));
            while (m.find()) {
                String target = m.group(1);
                if (target.startsWith("http") || target.startsWith("#") || target.startsWith("mailto:")) continue;
                String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
                if (!Files.exists(doc.getParent().resolve(file))) broken.add(ROOT.relativize(doc) + ": " + target);
            }
        }
        assertThat(broken).isEmpty();
    }

    @Test
    void noDocReliesOnADesignPageOutsideTheRepository() throws IOException {
        for (Path doc : docs()) {
            assertThat(Files.readString(doc)).as(ROOT.relativize(doc).toString()).doesNotContain("DESIGN.md");
        }
        for (String doc : List.of("README.md", "docs/ARCHITECTURE.md", "docs/benchmarks.md", "docs/workflows.md")) {
            assertThat(Files.readString(ROOT.resolve(doc))).as(doc).doesNotContain("shared/");
        }
    }

    @Test
    void benchmarksDoc_namesEveryTestThatRunsDuringVerify() throws IOException {
        String doc = Files.readString(ROOT.resolve("docs/benchmarks.md"));
        List<String> tests;
        try (Stream<Path> walk = Files.walk(ROOT.resolve("benchmarks/src/test/java"))) {
            tests = walk.map(p -> p.getFileName().toString()).filter(n -> n.endsWith("Test.java"))
                    .map(n -> n.substring(0, n.length() - ".java".length())).sorted().toList();
        }
        assertThat(tests).isNotEmpty();
        String intro = doc.substring(0, doc.indexOf("\n## "));
        assertThat(intro).as("the opening of docs/benchmarks.md says what runs during mvn verify")
                .contains("mvn verify").contains(tests.stream().map(t -> "`" + t + "`").toList());
    }

    private static List<Path> docs() throws IOException {
        List<Path> docs = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> listed = Files.list(ROOT.resolve("docs"))) {
            listed.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        return docs;
    }
}
