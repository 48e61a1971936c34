package dev.devora.orchestration.examples.runner;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Where the runner writes: checked before any model call, one folder per run, a failure to write is status 1. */
class OutputFolderTest {
    private static final Pattern RUN_ID = Pattern.compile("\\(run ([^)]+)\\)");

    @TempDir
    Path dir;

    @Test
    void anOutThatIsAFile_isRefusedBeforeTheRun_withStatus2() throws IOException {
        Path file = Files.writeString(dir.resolve("notes.txt"), "mine");

        Console c = new Console().run("data-pipeline-setup", "--out", file.toString());

        assertThat(c.status).isEqualTo(2);
        assertThat(c.err()).isEqualTo("error: --out " + file + " is a file, not a folder\n");
        assertThat(c.out()).doesNotContain("Summary").doesNotContain("%] ");
        assertThat(file).hasContent("mine");
    }

    @Test
    void anOutBelowAFile_cannotBeCreated_andIsRefusedBeforeTheRun() throws IOException {
        Path file = Files.writeString(dir.resolve("notes.txt"), "mine");
        Path below = file.resolve("out");

        Console c = new Console().run("data-pipeline-setup", "--out", below.toString());

        assertThat(c.status).isEqualTo(2);
        assertThat(c.err()).isEqualTo("error: --out " + below + " cannot be created: " + file + " is a file, not a folder\n");
        assertThat(c.out()).doesNotContain("Summary");
    }

    @Test
    void anOutThatIsALinkToNothing_isRefusedBeforeTheRun() throws IOException {
        Path dangling = Files.createSymbolicLink(dir.resolve("out"), dir.resolve("gone"));

        Console c = new Console().run("data-pipeline-setup", "--out", dangling.toString());

        assertThat(c.status).isEqualTo(2);
        assertThat(c.err()).isEqualTo("error: --out " + dangling + " cannot be created: it is a symbolic link to "
                + dir.resolve("gone") + ", which does not exist\n");
    }

    @Test
    void aLatestTxtThatIsALink_isRefusedBeforeTheRun_andWhatItPointsToIsUntouched() throws IOException {
        Path out = Files.createDirectories(dir.resolve("out"));
        Path precious = Files.writeString(dir.resolve("precious.txt"), "mine");
        Path latest = Files.createSymbolicLink(out.resolve(OutputFolder.LATEST), precious);

        Console c = new Console().run("data-pipeline-setup", "--out", out.toString());

        assertThat(c.status).isEqualTo(2);
        assertThat(c.err()).isEqualTo("error: --out " + out + " cannot be used: " + latest + " is a symbolic link; the runner"
                + " writes the newest run's id there (remove it or choose another --out)\n");
        assertThat(c.out()).doesNotContain("Summary").doesNotContain("%] ");
        assertThat(precious).hasContent("mine");
        try (Stream<Path> listed = Files.list(out)) {
            assertThat(listed).containsExactly(latest); // no run folder made
        }
    }

    @Test
    void aLatestTxtThatIsAFolder_isRefusedBeforeTheRun() throws IOException {
        Path out = Files.createDirectories(dir.resolve("out"));
        Path latest = Files.createDirectory(out.resolve(OutputFolder.LATEST));

        Console c = new Console().run("data-pipeline-setup", "--out", out.toString());

        assertThat(c.status).isEqualTo(2);
        assertThat(c.err()).isEqualTo("error: --out " + out + " cannot be used: " + latest + " is a folder; the runner"
                + " writes the newest run's id there (remove it or choose another --out)\n");
    }

    @Test
    void anUnwritableOut_isRefusedBeforeTheRun() throws IOException {
        Path unwritable = dir.resolve("read-only");
        Files.createDirectory(unwritable, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("r-xr-xr-x")));
        if (canCreateIn(unwritable)) unwritable = Path.of("/sys"); // root ignores permissions; /sys refuses even root
        assertThat(Files.isDirectory(unwritable) && !canCreateIn(unwritable))
                .as("a folder that refuses a new folder (a read-only folder, or /sys when run as root)").isTrue();

        Console c = new Console().run("data-pipeline-setup", "--out", unwritable.toString());

        assertThat(c.status).isEqualTo(2);
        assertThat(c.err()).startsWith("error: --out " + unwritable + " is not writable: ");
        assertThat(c.out()).doesNotContain("Summary");
    }

    @Test
    void eachRun_writesIntoItsOwnFolder_andLatestTxtNamesTheNewest_soNoStaleFileIsMixedIn() throws IOException {
        Console first = new Console().run("api-development", "--out", dir.toString());
        Console second = new Console().run("documentation-generation", "--out", dir.toString());

        String firstId = runId(first), secondId = runId(second);
        assertThat(first.status).isZero();
        assertThat(second.status).isZero();
        assertThat(firstId).isNotEqualTo(secondId);
        assertThat(first.out()).contains(" files written to " + dir.resolve(firstId).toAbsolutePath().normalize());
        assertThat(second.out()).contains(" files written to " + dir.resolve(secondId).toAbsolutePath().normalize());
        assertThat(dir.resolve(firstId).resolve("openapi.json")).exists();
        assertThat(dir.resolve(secondId).resolve("report.json")).exists();
        assertThat(dir.resolve(secondId).resolve("openapi.json")).doesNotExist();
        assertThat(dir.resolve("latest.txt")).hasContent(secondId + "\n");
        try (Stream<Path> listed = Files.list(dir)) {
            assertThat(listed.map(p -> p.getFileName().toString()).sorted().toList())
                    .isEqualTo(Stream.of(firstId, secondId, "latest.txt", RunStores.FILE, RunStores.FILE + ".lock").sorted().toList()); // one store for both
        }
    }

    @Test
    void aFailureToWriteAfterTheRun_isStatus1() throws Exception {
        Path out = dir.resolve("out");
        CompletableFuture<Console> run = CompletableFuture.supplyAsync(
                () -> new Console().withLatency().run("data-pipeline-setup", "--out", out.toString(), "--plain"));
        Path runFolder = awaitRunFolder(out, run);
        Files.delete(runFolder);                   // the run's folder is replaced by a file while it runs
        Files.writeString(runFolder, "in the way");

        Console c = run.get(120, TimeUnit.SECONDS);

        assertThat(c.out()).contains("): SUCCEEDED");
        assertThat(c.err()).startsWith("error: could not write the deliverables to " + runFolder.toAbsolutePath().normalize() + ": ");
        assertThat(c.status).isEqualTo(1);
        assertThat(out.resolve("latest.txt")).doesNotExist();
    }

    @Test
    void deliverablesRefusedAfterTheRun_stillLeaveReportJson_andAreStatus1() throws Exception {
        Path out = dir.resolve("out");
        Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));
        CompletableFuture<Console> run = CompletableFuture.supplyAsync(
                () -> new Console().withLatency().run("data-pipeline-setup", "--out", out.toString(), "--plain"));
        Path runFolder = awaitRunFolder(out, run);
        Files.createSymbolicLink(runFolder.resolve("docs"), elsewhere); // planted while it runs: docs/PIPELINE.md

        Console c = run.get(120, TimeUnit.SECONDS);

        assertThat(c.out()).contains("): SUCCEEDED").contains("Written despite the error below: ");
        assertThat(c.err()).startsWith("error: could not write the deliverables to ").contains("(report.json and REPORT.md were written)");
        assertThat(c.status).isEqualTo(1);
        assertThat(runFolder.resolve("report.json")).isRegularFile();
        assertThat(runFolder.resolve("REPORT.md")).isRegularFile();
        assertThat(Files.readString(runFolder.resolve("report.json"))).contains("\"run_id\"");
        try (Stream<Path> inside = Files.list(elsewhere)) {
            assertThat(inside).isEmpty();
        }
    }

    private static Path awaitRunFolder(Path out, CompletableFuture<Console> run) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && !run.isDone()) {
            if (Files.isDirectory(out)) {
                try (Stream<Path> listed = Files.list(out)) {
                    List<Path> folders = listed.filter(Files::isDirectory).toList();
                    if (!folders.isEmpty()) return folders.get(0);
                }
            }
            Thread.sleep(2);
        }
        throw new AssertionError("no run folder appeared in " + out + (run.isDone() ? ": " + run.get().err() : ""));
    }

    private static String runId(Console c) {
        Matcher m = RUN_ID.matcher(c.out());
        assertThat(m.find()).as("a run id in %s", c.out()).isTrue();
        return m.group(1);
    }

    private static boolean canCreateIn(Path folder) {
        try {
            Files.delete(Files.createDirectory(folder.resolve("probe")));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
