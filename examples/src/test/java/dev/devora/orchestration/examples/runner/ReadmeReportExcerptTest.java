package dev.devora.orchestration.examples.runner;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's excerpt of a REPORT.md ("The run's REPORT.md") is what an offline security audit writes: its
 * headings, table header rows, notes and the fixed phrases of its other lines appear in a REPORT.md made now. Table
 * rows of data (steps, scores, counts) and run-specific values (ids, times, durations, numbers) are not compared, so
 * that changed prompts or workflows do not break it, but a changed report layout does.
 */
class ReadmeReportExcerptTest {
    private static final Path README = Path.of("..", "README.md");
    private static final String HEADING = "### The run's REPORT.md";
    /** Run-specific values: backticked ids, ISO instants, numbers (with decimals, thousands separators, units). */
    private static final Pattern VARIABLE = Pattern.compile("`[^`]*`|\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z|\\d[\\d,.]*( ?(s|min|h)\\b)?");

    @TempDir
    Path dir;

    @Test
    void theExcerpt_matchesTheReportOfAnOfflineSecurityAudit() throws IOException {
        List<String> excerpt = excerpt(Files.readAllLines(README));
        Console c = new Console().run("security-audit", "--offline", "--out", dir.toString());
        assertThat(c.status).as(c.err()).isZero();
        List<String> report = Files.readAllLines(Console.runFolder(dir).resolve("REPORT.md"));

        int compared = 0;
        for (int i = 0; i < excerpt.size(); i++) {
            String line = excerpt.get(i);
            boolean header = line.startsWith("|") && i + 1 < excerpt.size() && excerpt.get(i + 1).startsWith("|---");
            if (line.isBlank() || line.startsWith("|---") || line.startsWith("|") && !header) continue; // data rows vary
            compared++;
            if (line.startsWith("#") || line.startsWith(">") || header) {
                assertThat(report).as("README line \"%s\" in the REPORT.md of now", line).contains(line);
            } else {
                Pattern shape = shape(line);
                assertThat(report).as("README line \"%s\" (as %s) in the REPORT.md of now", line, shape)
                        .anyMatch(l -> shape.matcher(l).matches());
            }
        }
        assertThat(compared).as("lines compared").isGreaterThanOrEqualTo(8);
    }

    @Test
    void aLineWhoseFixedPhrasesChanged_doesNotMatch() {
        Pattern shape = shape("**Status: SUCCEEDED** · run `20261202-125356-2c5581` · started 2026-12-02T12:53:57Z · took 1.8 s");

        assertThat(shape.matcher("**Status: SUCCEEDED** · run `x-1` · started 2027-01-01T00:00:00Z · took 2 min 03 s").matches()).isTrue();
        assertThat(shape.matcher("**Status: SUCCEEDED** · id `x-1` · started 2027-01-01T00:00:00Z · took 2.0 s").matches()).isFalse();
    }

    /** {@code line} as a pattern: its fixed text literally, each run-specific value as "anything". */
    static Pattern shape(String line) {
        StringBuilder regex = new StringBuilder();
        Matcher m = VARIABLE.matcher(line);
        int at = 0;
        while (m.find()) {
            regex.append(Pattern.quote(line.substring(at, m.start()))).append(m.group().startsWith("`") ? "`[^`]*`" : ".+?");
            at = m.end();
        }
        return Pattern.compile(regex.append(Pattern.quote(line.substring(at))).toString());
    }

    /** The lines of the first fenced block after the heading. */
    private static List<String> excerpt(List<String> readme) {
        int at = readme.indexOf(HEADING);
        assertThat(at).as("README heading %s", HEADING).isNotNegative();
        while (at < readme.size() && !readme.get(at).startsWith("```")) at++;
        List<String> block = new ArrayList<>();
        for (int i = at + 1; i < readme.size() && !readme.get(i).startsWith("```"); i++) block.add(readme.get(i));
        assertThat(block).as("the excerpt under %s", HEADING).hasSizeGreaterThan(10);
        return block;
    }
}
