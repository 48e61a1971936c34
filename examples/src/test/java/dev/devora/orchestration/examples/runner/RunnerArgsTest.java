package dev.devora.orchestration.examples.runner;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunnerArgsTest {

    @Test
    void workflowIdAndEveryOption_areParsed() {
        RunnerArgs a = RunnerArgs.parse("api-development", "--input", "api.json", "--out", "out", "--max-cost", "0.50",
                "--timeout", "15m", "--fast-model", "openai/gpt-5-nano", "--smart-model", "openai/gpt-5", "--offline", "--plain");

        assertThat(a.workflowId()).isEqualTo("api-development");
        assertThat(a.input()).isEqualTo(Path.of("api.json"));
        assertThat(a.output()).isEqualTo(Path.of("out"));
        assertThat(a.maxCostUsd()).isEqualByComparingTo(new BigDecimal("0.50"));
        assertThat(a.timeout()).isEqualTo(Duration.ofMinutes(15));
        assertThat(a.fastModel()).isEqualTo("openai/gpt-5-nano");
        assertThat(a.smartModel()).isEqualTo("openai/gpt-5");
        assertThat(a.offline()).isTrue();
        assertThat(a.plain()).isTrue();
        assertThat(a.plan()).isFalse();
    }

    @Test
    void write_optsIntoWritingTheWorkspace_andIsOffByDefault() {
        assertThat(RunnerArgs.parse("bug-resolution", "--write").write()).isTrue();
        assertThat(RunnerArgs.parse("bug-resolution").write()).isFalse();
        assertThat(RunnerArgs.USAGE).contains("--write", "changes.patch");
    }

    @Test
    void noInput_meansTheBundledSample() {
        RunnerArgs a = RunnerArgs.parse("security-audit");

        assertThat(a.input()).isNull();
        assertThat(a.output()).isNull();
        assertThat(a.maxCostUsd()).isNull();
    }

    @Test
    void prompts_impliesPlan() {
        RunnerArgs a = RunnerArgs.parse("--prompts", "cicd-setup");

        assertThat(a.plan()).isTrue();
        assertThat(a.prompts()).isTrue();
    }

    @Test
    void durations_acceptSecondsMinutesHoursAndIso() {
        assertThat(RunnerArgs.duration("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(RunnerArgs.duration("1500ms")).isEqualTo(Duration.ofMillis(1500));
        assertThat(RunnerArgs.duration("15m")).isEqualTo(Duration.ofMinutes(15));
        assertThat(RunnerArgs.duration("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(RunnerArgs.duration("PT10M")).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void unknownOption_isNamed() {
        assertThatThrownBy(() -> RunnerArgs.parse("api-development", "--fast"))
                .isInstanceOf(UsageException.class).hasMessage("unknown option '--fast' (--help lists the options)");
    }

    @Test
    void optionWithoutValue_isNamed() {
        assertThatThrownBy(() -> RunnerArgs.parse("api-development", "--input"))
                .isInstanceOf(UsageException.class).hasMessage("option --input needs a value");
        assertThatThrownBy(() -> RunnerArgs.parse("--input", "--plan"))
                .isInstanceOf(UsageException.class).hasMessage("option --input needs a value");
    }

    @Test
    void twoWorkflowIds_areRejected() {
        assertThatThrownBy(() -> RunnerArgs.parse("api-development", "security-audit"))
                .isInstanceOf(UsageException.class).hasMessage("one workflow at a time: got 'api-development' and 'security-audit'");
    }

    @Test
    void badBudgetAndTimeout_sayWhatIsExpected() {
        assertThatThrownBy(() -> RunnerArgs.parse("x", "--max-cost", "-1"))
                .hasMessage("--max-cost must be a positive amount of US dollars, e.g. 0.50, was '-1'");
        assertThatThrownBy(() -> RunnerArgs.parse("x", "--timeout", "soon"))
                .hasMessage("--timeout must be a positive duration such as 90s, 15m or 1h, was 'soon'");
    }

    @Test
    void aBudgetTheEngineCannotHold_isABadArgument_notACrash() {
        // found on re-check (issue 8, item 16): 22 digits passed the runner's check and then RunOptions threw an
        // IllegalArgumentException with a stack trace and exit 1 instead of a usage error (exit 2)
        assertThatThrownBy(() -> RunnerArgs.parse("x", "--max-cost", "1000000000000000000000"))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("--max-cost must be an amount in USD (at most 18 digits before and after the point)")
                .hasMessageEndingWith("was '1000000000000000000000'");
        assertThatThrownBy(() -> RunnerArgs.parse("x", "--max-cost", "1e-30"))
                .isInstanceOf(UsageException.class).hasMessageEndingWith("was '1e-30'");
    }

    @Test
    void anEmptyOut_isRefused_notTakenAsTheCurrentFolder() {
        // found on re-check (issue 8, item 16): --out "" (an unset variable) wrote the run into the working folder
        assertThatThrownBy(() -> RunnerArgs.parse("x", "--out", ""))
                .isInstanceOf(UsageException.class).hasMessage("--out must name a folder, was ''");
        assertThatThrownBy(() -> RunnerArgs.parse("x", "--out", "  "))
                .isInstanceOf(UsageException.class).hasMessage("--out must name a folder, was '  '");
    }

    @Test
    void aTimeoutWithoutUnit_isRefused_notTakenAsSeconds() {
        assertThatThrownBy(() -> RunnerArgs.parse("x", "--timeout", "15"))
                .isInstanceOf(UsageException.class)
                .hasMessage("--timeout needs a unit: 15s, 15m or 15h (ms, s, m, h, or ISO-8601 such as PT15M), was '15'");
    }

    @Test
    void help_describesTheBudgetAsTheCapItIs() {
        // found on re-check (issue 8, item C): the help still said the run stops "when its reported cost exceeds"
        // --max-cost; the engine now refuses the call that would not fit, counts estimates, and the runner counts
        // $0.25 for a call of a model the catalogue does not price
        assertThat(RunnerArgs.USAGE).doesNotContain("reported cost exceeds")
                .contains("--max-cost USD         a cap on the run's spend: a model call is sent only if the spend so far,")
                .contains("catalogue price counts $0.25 (default on OpenRouter: 5.00; none offline)");
    }

    @Test
    void help_saysTheTimeoutNeedsAUnit() {
        assertThat(RunnerArgs.USAGE).contains("--timeout DURATION     stop the run after this long: a number and a unit, e.g. 90s, 15m, 1h");
    }

    @Test
    void help_listsEveryOption_shortFormsIncluded() {
        // found on re-check (issue 8): -l, -h, -i and -o worked but --help, which the README says lists every option, did not name them
        assertThat(RunnerArgs.USAGE).contains("--list, -l ").contains("--input, -i FILE").contains("--out, -o DIR").contains("--help, -h ");
    }

    @Test
    void theDurableRunOptions_areParsed() {
        RunnerArgs a = RunnerArgs.parse("--resume", "20261201-205100-3fa9c2", "--rerun-changed", "--store", "my.db",
                "--max-cost", "2");
        RunnerArgs runs = RunnerArgs.parse("--runs", "api-development", "--status", "failed");
        RunnerArgs record = RunnerArgs.parse("api-development", "--record", "c.json", "--no-store");

        assertThat(a.resume()).isEqualTo("20261201-205100-3fa9c2");
        assertThat(a.rerunChanged()).isTrue();
        assertThat(a.store()).isEqualTo(Path.of("my.db"));
        assertThat(runs.runs()).isTrue();
        assertThat(runs.workflowId()).isEqualTo("api-development");
        assertThat(runs.runsStatus()).isEqualTo(dev.devora.orchestration.engine.RunStatus.FAILED);
        assertThat(record.record()).isEqualTo(Path.of("c.json"));
        assertThat(record.noStore()).isTrue();
        assertThat(RunnerArgs.parse("x", "--replay", "c.json").replay()).isEqualTo(Path.of("c.json"));
    }

    @Test
    void optionsThatCannotGoTogether_areNamed() {
        assertThatThrownBy(() -> RunnerArgs.parse("--resume", "r1", "--input", "a.json"))
                .isInstanceOf(UsageException.class).hasMessage("--resume continues run r1 on the input it started with: leave out --input");
        assertThatThrownBy(() -> RunnerArgs.parse("--resume", "r1", "--no-store"))
                .isInstanceOf(UsageException.class).hasMessage("--no-store keeps nothing to resume: leave out --no-store or --resume");
        assertThatThrownBy(() -> RunnerArgs.parse("--resume", "r1", "--replay", "c.json"))
                .isInstanceOf(UsageException.class).hasMessageStartingWith("--replay cannot go with --resume: ");
        assertThatThrownBy(() -> RunnerArgs.parse("x", "--record", "a.json", "--replay", "b.json"))
                .isInstanceOf(UsageException.class).hasMessage("--record and --replay cannot go together: record once, then replay");
        assertThatThrownBy(() -> RunnerArgs.parse("x", "--rerun-changed"))
                .isInstanceOf(UsageException.class).hasMessage("--rerun-changed goes with --resume RUN_ID");
        assertThatThrownBy(() -> RunnerArgs.parse("--runs", "--plan"))
                .isInstanceOf(UsageException.class).hasMessage("--runs lists the stored runs: it cannot go with --plan");
        assertThatThrownBy(() -> RunnerArgs.parse("--status", "failed"))
                .isInstanceOf(UsageException.class).hasMessage("--status goes with --runs");
        assertThatThrownBy(() -> RunnerArgs.parse("--runs", "--status", "lost"))
                .isInstanceOf(UsageException.class).hasMessage("--status must be one of [running, paused, waiting, succeeded, partial, failed, cancelled], was 'lost'");
        assertThatThrownBy(() -> RunnerArgs.parse("--resume", "../etc"))
                .isInstanceOf(UsageException.class).hasMessageStartingWith("--resume must name a run id as printed at its start");
    }

    @Test
    void help_listsEveryDurableRunOption() {
        assertThat(RunnerArgs.USAGE).contains("--resume RUN_ID", "--rerun-changed", "--runs [WORKFLOW-ID]", "--status STATUS",
                "--store FILE", "--no-store", "--record FILE", "--replay FILE");
    }

    @Test
    void command_namesACommandLine_splitOnWhitespace_withQuotesHonoured_andIsRepeatable() {
        RunnerArgs a = RunnerArgs.parse("quality-gate", "--command", "lint=npm run lint", "--command",
                "types=sh -c 'npx tsc --noEmit && echo \"types ok\"'", "--command", "odd=say a\\ b \"c \\\"d\\\"\"");
        assertThat(a.commands()).extracting(c -> c.name()).containsExactly("lint", "types", "odd");
        assertThat(a.commands().get(0).argv()).containsExactly("npm", "run", "lint");
        assertThat(a.commands().get(1).argv()).containsExactly("sh", "-c", "npx tsc --noEmit && echo \"types ok\"");
        assertThat(a.commands().get(2).argv()).containsExactly("say", "a b", "c \"d\"");
        assertThat(RunnerArgs.parse("quality-gate").commands()).isEmpty();
        assertThat(RunnerArgs.USAGE).contains("--command NAME=COMMAND", "--fail-under N", "status 4");
    }

    @Test
    void passEnv_givesItsVariablesToEveryCommand_wherever_itIsGiven() {
        RunnerArgs a = RunnerArgs.parse("quality-gate", "--pass-env", "JAVA_HOME,MAVEN_OPTS", "--command", "lint=npm run lint",
                "--command", "test=mvn test", "--pass-env", " CI ");
        assertThat(a.commands()).extracting(c -> c.environment())
                .containsExactly(List.of("JAVA_HOME", "MAVEN_OPTS", "CI"), List.of("JAVA_HOME", "MAVEN_OPTS", "CI"));
        assertThat(RunnerArgs.parse("quality-gate", "--command", "lint=npm run lint").commands().get(0).environment()).isEmpty();
        assertThat(RunnerArgs.USAGE).contains("--pass-env NAME[,NAME]");
    }

    @Test
    void passEnv_refusesASecretLookingName_withTheCoresMessage_andNeedsACommand() {
        assertThatThrownBy(() -> RunnerArgs.parse("quality-gate", "--command", "lint=a", "--pass-env", "JAVA_HOME,OPENROUTER_API_KEY"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("environment variable 'OPENROUTER_API_KEY' is refused: its name looks like a secret");
        assertThatThrownBy(() -> RunnerArgs.parse("quality-gate", "--command", "lint=a", "--pass-env", "GITHUB_TOKEN"))
                .isInstanceOf(UsageException.class).hasMessageContaining("'GITHUB_TOKEN'");
        assertThatThrownBy(() -> RunnerArgs.parse("quality-gate", "--command", "lint=a", "--pass-env", "JAVA_HOME,,CI"))
                .isInstanceOf(UsageException.class).hasMessageContaining("NAME[,NAME]").hasMessageContaining("'JAVA_HOME,,CI'");
        assertThatThrownBy(() -> RunnerArgs.parse("quality-gate", "--pass-env", "JAVA_HOME"))
                .isInstanceOf(UsageException.class).hasMessageContaining("goes with --command");
    }

    @Test
    void command_parsingErrors_nameTheValue() {
        assertThatThrownBy(() -> RunnerArgs.parse("quality-gate", "--command", "npm run lint"))
                .isInstanceOf(UsageException.class).hasMessageContaining("NAME=COMMAND").hasMessageContaining("'npm run lint'");
        assertThatThrownBy(() -> RunnerArgs.parse("quality-gate", "--command", "lint=  "))
                .isInstanceOf(UsageException.class).hasMessageContaining("needs a command line");
        assertThatThrownBy(() -> RunnerArgs.parse("quality-gate", "--command", "lint=sh -c 'oops"))
                .isInstanceOf(UsageException.class).hasMessageContaining("' is not closed");
        assertThatThrownBy(() -> RunnerArgs.parse("quality-gate", "--command", "lint=a", "--command", "lint=b"))
                .isInstanceOf(UsageException.class).hasMessageContaining("lint is given twice");
        assertThatThrownBy(() -> RunnerArgs.parse("quality-gate", "--command", "my lint=a"))
                .isInstanceOf(UsageException.class).hasMessageContaining("'my lint'");
        assertThatThrownBy(() -> RunnerArgs.parse("quality-gate", "--command"))
                .isInstanceOf(UsageException.class).hasMessageContaining("--command needs a value");
    }

    @Test
    void failUnder_takesAScoreFrom0To100() {
        assertThat(RunnerArgs.parse("quality-gate", "--fail-under", "80").failUnder()).isEqualTo(80);
        assertThat(RunnerArgs.parse("quality-gate").failUnder()).isNull();
        for (String bad : new String[] {"101", "-1", "eighty", "79.5"}) {
            assertThatThrownBy(() -> RunnerArgs.parse("quality-gate", "--fail-under", bad)).as(bad)
                    .isInstanceOf(UsageException.class).hasMessageContaining("from 0 to 100").hasMessageContaining("'" + bad + "'");
        }
        assertThatThrownBy(() -> RunnerArgs.parse("quality-gate", "--fail-under", "80", "--plan"))
                .isInstanceOf(UsageException.class).hasMessageContaining("--plan");
    }
}
