package dev.devora.orchestration.workflows.internal;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The library version comes from the one filtered resource; no other resource is filtered. */
class LibraryVersionTest {
    private static final Path RESOURCES = Path.of("src/main/resources");

    @Test
    void isTheProjectVersion_fromTheFilteredResource() throws IOException {
        Matcher parent = Pattern.compile("<parent>.*?<version>([^<]+)</version>", Pattern.DOTALL)
                .matcher(Files.readString(Path.of("pom.xml")));
        assertThat(parent.find()).isTrue();
        assertThat(LibraryVersion.get()).isEqualTo(parent.group(1));
    }

    @Test
    void isUnknown_whenTheResourceIsMissing_orWasNotFiltered() {
        assertThat(LibraryVersion.read("/no/such/version.properties")).isEqualTo(LibraryVersion.UNKNOWN);
        assertThat(LibraryVersion.read("/dev/devora/orchestration/workflows/internal/unfiltered-version.properties"))
                .isEqualTo(LibraryVersion.UNKNOWN);
    }

    @Test
    void everyOtherResource_isCopiedAsIs_withItsPlaceholders() throws IOException {
        List<Path> sources;
        try (Stream<Path> walk = Files.walk(RESOURCES)) {
            sources = walk.filter(Files::isRegularFile).toList();
        }
        assertThat(sources).hasSizeGreaterThan(10);
        for (Path source : sources) {
            String name = "/" + RESOURCES.relativize(source).toString().replace('\\', '/');
            if (name.equals(LibraryVersion.RESOURCE)) continue;
            try (InputStream in = LibraryVersionTest.class.getResourceAsStream(name)) {
                assertThat(in).as(name).isNotNull();
                assertThat(in.readAllBytes()).as("%s is not filtered", name).isEqualTo(Files.readAllBytes(source));
            }
        }
    }
}
