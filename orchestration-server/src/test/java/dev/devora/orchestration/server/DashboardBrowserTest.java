package dev.devora.orchestration.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devora.orchestration.engine.WorkflowEngine;
import dev.devora.orchestration.testing.ScriptedLlmProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in a real browser: headless Chromium (the Debian packages {@code chromium} and
 * {@code chromium-driver}, at {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver}, or where
 * {@code DEVORA_CHROMIUM} / {@code DEVORA_CHROMEDRIVER} say) driven by Selenium against a server on a free loopback
 * port with the scripted provider. Selenium is given both paths, so Selenium Manager never downloads anything. A
 * missing browser FAILS the test (it is never skipped): {@code .ci/run} installs the packages first. Screenshots go
 * to {@code target/screenshots/}.
 */
class DashboardBrowserTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String TOKEN = "browser-token-0123456789abcdef";
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    WorkflowEngine engine;
    DevoraServer server;
    ChromeDriver driver;
    WebDriverWait wait;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static Path executable(String env, String fallback) {
        String configured = System.getenv(env);
        return Path.of(configured == null || configured.isBlank() ? fallback : configured);
    }

    @BeforeEach
    void start() throws IOException {
        Path chromium = executable("DEVORA_CHROMIUM", "/usr/bin/chromium");
        Path chromedriver = executable("DEVORA_CHROMEDRIVER", "/usr/bin/chromedriver");
        // in CI (.ci/run sets DEVORA_BROWSER_TESTS=required, CI services set CI) a missing browser fails the build;
        // on a developer's machine without Chromium the browser tests are skipped, saying what to install
        boolean required = "required".equals(System.getenv("DEVORA_BROWSER_TESTS")) || System.getenv("CI") != null;
        org.junit.jupiter.api.Assumptions.assumeTrue(required || Files.isExecutable(chromium) && Files.isExecutable(chromedriver),
                "skipped: no Chromium at " + chromium + " or chromedriver at " + chromedriver
                        + " (Debian: apt-get install chromium chromium-driver); required in CI");
        assertThat(Files.isExecutable(chromium)).as("the browser tests need Chromium at " + chromium
                + " (Debian: apt-get install chromium chromium-driver; or set DEVORA_CHROMIUM); failing, not skipping").isTrue();
        assertThat(Files.isExecutable(chromedriver)).as("the browser tests need chromedriver at " + chromedriver
                + " (Debian: apt-get install chromium-driver; or set DEVORA_CHROMEDRIVER); failing, not skipping").isTrue();
        Files.createDirectories(SCREENSHOTS);

        engine = WorkflowEngine.create();
        ScriptedLlmProvider llm = ScriptedLlmProvider.builder().costPerToken(new BigDecimal("0.000001"))
                .latency(Duration.ofMillis(40)).build();
        DevoraApi api = DevoraApi.builder().engine(engine).provider(llm).tokens(AccessTokens.of(TOKEN)).build();
        server = DevoraServer.start(api, "127.0.0.1", 0);

        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,1100", "--no-first-run", "--disable-extensions", "--disable-background-networking");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        wait = new WebDriverWait(driver, Duration.ofSeconds(60));
        wait.ignoring(StaleElementReferenceException.class); // the runs list is redrawn every 2 s
    }

    @AfterEach
    void stop() {
        try {
            if (driver != null) {
                // The browser's console, for whoever reads a failure (the token never reaches it: asserted above).
                driver.manage().logs().get(LogType.BROWSER).getAll().forEach(e -> System.err.println("[browser] " + e));
                driver.quit();
            }
        } finally {
            if (server != null) server.close();
            if (engine != null) engine.close();
        }
    }

    void screenshot(String name) throws IOException {
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    String text(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    JsonNode apiGet(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(server.url().resolve(path))
                .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    @Test
    void signIn_startDocumentationGenerationFromTheForm_watchItReach100_andTheTotalsMatchTheApi() throws Exception {
        driver.get(server.url().resolve("/").toString());
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
        assertThat(driver.getCurrentUrl()).endsWith("/dashboard/");
        screenshot("01-sign-in");

        driver.findElement(By.id("token")).sendKeys("not-the-token");
        driver.findElement(By.id("sign-in")).click();
        wait.until(ExpectedConditions.textToBe(By.id("login-error"), "the access token is not accepted"));

        driver.findElement(By.id("token")).sendKeys(TOKEN);
        driver.findElement(By.id("sign-in")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("runs-view")));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("runs-empty")));
        screenshot("02-runs-empty");

        driver.findElement(By.id("nav-start")).click();
        wait.until(ExpectedConditions.attributeToBeNotEmpty(driver.findElement(By.id("start-form")), "data-workflow"));
        new Select(driver.findElement(By.id("workflow-select"))).selectByValue("documentation-generation");
        wait.until(ExpectedConditions.attributeToBe(By.id("start-form"), "data-workflow", "documentation-generation"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("field-project_name")));

        // An empty form: the service's problems are listed, nothing starts.
        driver.findElement(By.id("start-submit")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("start-errors"), "input.project_name"));
        assertThat(engine.runStore().runs(dev.devora.orchestration.journal.RunQuery.ALL)).isEmpty();
        screenshot("03-start-form-problems");

        fill("project_name", "Shop");
        fill("project_type", "application");
        fill("tech_stack", "Java\nJavalin");
        fill("documentation_types", "readme");
        fill("target_audiences", "developers");
        screenshot("04-start-form-filled");
        driver.findElement(By.id("start-submit")).click();

        wait.until(ExpectedConditions.urlContains("#/runs/"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("run-view")));
        String runId = wait.until(d -> {
            String id = text("run-id");
            return id.isBlank() ? null : id;
        });
        wait.until(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector("#steps-table tbody tr"), 0));
        screenshot("05-run-live");

        wait.until(ExpectedConditions.textToBe(By.id("run-progress-text"), "100 %"));
        wait.until(d -> List.of("succeeded", "partial").contains(text("run-status")));
        screenshot("06-run-done");
        assertThat(driver.findElement(By.id("run-progress")).getDomProperty("value")).isEqualTo("100");

        JsonNode run = apiGet("/api/v1/runs/" + runId);
        assertThat(run.path("status").asText()).isEqualTo(text("run-status"));
        long tokens = run.path("usage").path("prompt_tokens").asLong() + run.path("usage").path("completion_tokens").asLong();
        assertThat(tokens).isPositive();
        BigDecimal cost = new BigDecimal(run.path("cost_usd").asText()).setScale(6, RoundingMode.HALF_UP);
        assertThat(cost).isPositive();
        assertThat(text("total-tokens")).isEqualTo(Long.toString(tokens));
        assertThat(text("total-cost")).isEqualTo(cost.toPlainString());
        assertThat(text("total-calls")).isEqualTo(run.path("calls").asText());
        assertThat(text("steps-total-tokens")).isEqualTo(Long.toString(tokens));
        assertThat(text("steps-total-cost")).isEqualTo(cost.toPlainString());

        // The per-step figures add up to the total, and every step shown has ended.
        List<WebElement> rows = driver.findElements(By.cssSelector("#steps-table tbody tr"));
        long stepTokens = 0;
        BigDecimal stepCost = BigDecimal.ZERO;
        for (WebElement row : rows) {
            List<WebElement> cells = row.findElements(By.tagName("td"));
            assertThat(cells.get(2).getText()).as("step " + cells.get(0).getText()).isIn("succeeded", "skipped", "failed");
            stepTokens += Long.parseLong(cells.get(5).getText());
            stepCost = stepCost.add(new BigDecimal(cells.get(6).getText()));
        }
        assertThat(stepTokens).isEqualTo(tokens);
        assertThat(stepCost).isEqualByComparingTo(cost);
        assertThat(rows.stream().filter(r -> !r.findElements(By.tagName("td")).get(5).getText().equals("0"))).isNotEmpty();
        assertThat(rows).hasSize(run.path("steps").size());

        // The graph is the workflow's Mermaid export, drawn, with every node of a step that ran coloured by its status;
        // the timeline has one lane per step; the gate table one row per gate attempt the API reports.
        WebElement graph = wait.until(d -> {
            WebElement g = d.findElement(By.id("run-graph"));
            return g.getDomAttribute("data-nodes") != null || !g.findElements(By.cssSelector(".error")).isEmpty() ? g : null;
        });
        assertThat(graph.getDomAttribute("data-nodes")).as(graph.getText()).isNotNull();
        assertThat(Integer.parseInt(graph.getDomAttribute("data-nodes"))).isPositive();
        List<WebElement> coloured = driver.findElements(By.cssSelector("#run-graph g.node[data-status='succeeded']"));
        assertThat(coloured).isNotEmpty();
        assertThat(driver.findElements(By.cssSelector("#timeline .lane[data-step]"))).hasSize(run.path("steps").size());
        assertThat(run.path("gate_history")).as("the review loop's gate scored each attempt").isNotEmpty();
        assertThat(driver.findElements(By.cssSelector("#gates-table tbody tr"))).hasSize(run.path("gate_history").size());
        assertThat(driver.findElement(By.cssSelector("#gates-table tbody tr")).getText())
                .contains(run.path("gate_history").get(0).path("score").asText() + " / "
                        + run.path("gate_history").get(0).path("threshold").asText());

        // The report opens in the page, fetched with the token.
        driver.findElement(By.id("open-report")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("report-text")));
        assertThat(text("report-text")).contains("Documentation Generation: run report", runId);
        screenshot("06b-run-report");

        driver.findElement(By.id("nav-runs")).click();
        By row = By.cssSelector("#runs-table tbody tr[data-run-id='" + runId + "']");
        wait.until(ExpectedConditions.presenceOfElementLocated(row));
        wait.until(d -> d.findElement(row).getText().contains(run.path("status").asText()));
        String rowText = wait.until(d -> d.findElement(row).getText());
        assertThat(rowText).contains("documentation-generation", "100 %", cost.toPlainString());
        screenshot("07-runs-list");

        // The list is live: a run submitted elsewhere appears, and its status changes, without reloading the page.
        HttpResponse<String> other = http.send(HttpRequest.newBuilder(server.url().resolve("/api/v1/runs"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"workflow\": \"documentation-generation\", \"input\": "
                        + DevoraApiTest.DOCS_INPUT + "}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(other.statusCode()).as(other.body()).isEqualTo(202);
        By otherRow = By.cssSelector("#runs-table tbody tr[data-run-id='" + JSON.readTree(other.body()).path("run_id").asText() + "']");
        wait.until(ExpectedConditions.presenceOfElementLocated(otherRow));
        wait.until(d -> d.findElement(otherRow).getText().matches("(?s).*\\b(succeeded|partial)\\b.*"));
        int listed = wait.until(d -> d.findElements(By.cssSelector("#runs-table tbody tr")).size());
        assertThat(listed).isEqualTo(2);

        // The metrics view counts the two runs as the API does; the catalogue lists what the API lists.
        driver.findElement(By.id("nav-metrics")).click();
        JsonNode metrics = apiGet("/api/v1/metrics");
        String status = run.path("status").asText();
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#metrics-status tr[data-status='" + status + "'] td.num"),
                metrics.path("by_status").path(status).asText()));
        assertThat(metrics.path("by_status").path(status).asInt()).isEqualTo(2);
        String row2 = driver.findElement(By.cssSelector("#metrics-workflows tr[data-workflow='documentation-generation']")).getText();
        assertThat(row2).contains("documentation-generation 2 2");
        assertThat(driver.findElement(By.id("metrics-agents-empty")).isDisplayed()).as("no remote agent configured").isTrue();
        screenshot("08-metrics");
        driver.findElement(By.id("nav-catalogue")).click();
        wait.until(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector("#catalogue-agents tbody tr"), 0));
        assertThat(driver.findElements(By.cssSelector("#catalogue-workflows tbody tr"))).hasSize(apiGet("/api/v1/workflows").path("workflows").size());
        assertThat(driver.findElements(By.cssSelector("#catalogue-squads tbody tr"))).hasSize(apiGet("/api/v1/squads").path("squads").size());
        assertThat(driver.findElements(By.cssSelector("#catalogue-agents tbody tr"))).hasSize(apiGet("/api/v1/agents").path("agents").size());
        assertThat(driver.findElements(By.cssSelector("#catalogue-templates tbody tr"))).hasSize(apiGet("/api/v1/templates").path("templates").size());
        screenshot("09-catalogue");
        driver.findElement(By.cssSelector("#catalogue-workflows tr[data-workflow='api-development'] a")).click();
        wait.until(ExpectedConditions.attributeToBe(By.id("start-form"), "data-workflow", "api-development"));

        // The token is in sessionStorage only: not in the page, and no CSP violation was reported.
        assertThat(driver.getPageSource()).doesNotContain(TOKEN);
        assertThat((String) driver.executeScript("return sessionStorage.getItem('devora.token')")).isEqualTo(TOKEN);
        assertThat(driver.findElement(By.tagName("body")).getDomAttribute("data-csp-violations")).isNull();
        List<LogEntry> console = driver.manage().logs().get(LogType.BROWSER).getAll();
        assertThat(console).noneMatch(e -> e.getMessage().contains("Content Security Policy") || e.getMessage().contains("CSP"));
        assertThat(console).noneMatch(e -> e.getMessage().contains(TOKEN));

        // The policy is enforced, and the violation counter above would have seen a breach: an image from elsewhere
        // is blocked before any request leaves the browser (default-src 'self').
        driver.executeScript("const i = document.createElement('img'); i.src = 'http://devora.invalid/x.png';"
                + " document.body.appendChild(i);");
        wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-csp-violations", "1"));
    }

    @Test
    void theFormTurnsEachFieldTypeIntoJson_andNamesTheFieldOfAnyMistakeBeforeSending() throws Exception {
        driver.get(server.url().resolve("/dashboard/#/start/api-development").toString());
        driver.findElement(By.id("token")).sendKeys(TOKEN);
        driver.findElement(By.id("sign-in")).click();
        wait.until(ExpectedConditions.attributeToBe(By.id("start-form"), "data-workflow", "api-development"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("field-target_qps")));
        assertThat(driver.findElement(By.id("field-target_qps")).getDomAttribute("type")).isEqualTo("number");
        assertThat(driver.findElement(By.id("field-tech_stack")).getDomProperty("value"))
                .as("a list's default, one item per line").contains("FastAPI\n");
        driver.executeScript("window.sentBodies = []; const original = window.fetch;"
                + " window.fetch = (url, options) => { if (options && options.body) window.sentBodies.push(options.body);"
                + " return original(url, options); };");

        fill("api_name", "Books");
        fill("description", "a catalogue of books");
        fill("api_type", "rest");
        fill("auth_type", "jwt");
        fill("versioning", "true");
        fill("requirements", "list books\nadd a book");
        fill("data_models", "{\"name\": \"Book\", \"fields\": {\"title\": \"string\"}}\n\n{\"name\": ");
        fill("rate_limits", "{not json");
        fill("target_qps", "1.5");
        driver.findElement(By.id("start-submit")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("start-errors"), "input.rate_limits: must be a JSON object"));
        assertThat(text("start-errors")).contains("input.target_qps: must be a whole number, was \"1.5\"",
                "input.data_models: line 3 starts like JSON but is not");
        screenshot("11-form-client-problems");
        assertThat((Long) driver.executeScript("return window.sentBodies.length")).as("nothing sent").isZero();
        assertThat(engine.runStore().runs(dev.devora.orchestration.journal.RunQuery.ALL)).isEmpty();

        fill("data_models", "{\"name\": \"Book\", \"fields\": {\"title\": \"string\"}}\n\n{\"name\": \"Author\", \"fields\": {}}");
        fill("rate_limits", "{\"anonymous\": 100}");
        fill("target_qps", "50");
        driver.findElement(By.id("start-submit")).click();
        wait.until(d -> d.getCurrentUrl().contains("#/runs/") || !text("start-errors").isBlank());
        assertThat(text("start-errors")).as("the service's answer").isEmpty();
        JsonNode sent = JSON.readTree((String) driver.executeScript("return window.sentBodies[0]"));
        assertThat(sent.path("workflow").asText()).isEqualTo("api-development");
        JsonNode input = sent.path("input");
        assertThat(input.path("target_qps").isInt()).isTrue();
        assertThat(input.path("target_qps").asInt()).isEqualTo(50);
        assertThat(input.path("versioning").isBoolean()).isTrue();
        assertThat(input.path("versioning").asBoolean()).isTrue();
        assertThat(input.path("requirements")).hasSize(2);
        assertThat(input.path("requirements").get(1).asText()).isEqualTo("add a book");
        assertThat(input.path("data_models").get(0).path("fields").path("title").asText()).isEqualTo("string");
        assertThat(input.path("data_models")).as("blank lines are no items").hasSize(2);
        assertThat(input.path("data_models").get(1).path("name").asText()).isEqualTo("Author");
        assertThat(input.path("rate_limits").path("anonymous").asInt()).isEqualTo(100);
        assertThat(input.path("tech_stack")).hasSize(4);
        assertThat(input.path("api_type").asText()).isEqualTo("rest");
        wait.until(ExpectedConditions.attributeToBeNotEmpty(driver.findElement(By.tagName("body")), "data-run-ended"));
        screenshot("12-api-development-run");
    }

    /** Replaces the service of {@link #start()} with one built by {@code api} (the browser stays). */
    void restartServer(WorkflowEngine newEngine, DevoraApi api) {
        server.close();
        engine.close();
        engine = newEngine;
        server = DevoraServer.start(api, "127.0.0.1", 0);
    }

    void signInAt(String hash) {
        driver.get(server.url().resolve("/dashboard/" + hash).toString());
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token"))).sendKeys(TOKEN);
        driver.findElement(By.id("sign-in")).click();
    }

    void startDocumentationGeneration() {
        wait.until(ExpectedConditions.attributeToBe(By.id("start-form"), "data-workflow", "documentation-generation"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("field-project_name")));
        fill("project_name", "Shop");
        fill("project_type", "application");
        fill("tech_stack", "Java");
        fill("documentation_types", "readme");
        fill("target_audiences", "developers");
        driver.findElement(By.id("start-submit")).click();
        wait.until(ExpectedConditions.urlContains("#/runs/"));
    }

    @Test
    void aReviewedStepWaits_itsWorkIsShownOnThePage_andApprovingItThereFinishesTheRun() throws Exception {
        WorkflowEngine reviewing = WorkflowEngine.create();
        restartServer(reviewing, DevoraApi.builder().engine(reviewing)
                .provider(ScriptedLlmProvider.builder().costPerToken(new BigDecimal("0.000001")).build())
                .tokens(AccessTokens.of(TOKEN)).review("documentation-generation", RestartTest.STEP).build());
        signInAt("#/start/documentation-generation");
        startDocumentationGeneration();

        WebElement card = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#approvals .approval")));
        String runId = text("run-id");
        assertThat(card.getDomAttribute("data-step")).endsWith(RestartTest.STEP);
        wait.until(ExpectedConditions.textToBe(By.id("run-status"), "waiting"));
        JsonNode waiting = apiGet("/api/v1/runs/" + runId);
        JsonNode pending = waiting.path("pending").get(0);
        assertThat(card.getDomAttribute("data-request-id")).isEqualTo(pending.path("request_id").asText());
        assertThat(pending.path("request").path("show").asText()).isNotBlank();
        assertThat(card.findElement(By.cssSelector(".decision-text")).getDomProperty("value"))
                .as("the work to review, editable").isEqualTo(pending.path("request").path("show").asText());
        // the graph shows the step waiting
        wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#run-graph g.node[data-step='" + RestartTest.STEP + "'][data-status='waiting']")));
        driver.executeScript("document.getElementById('approvals').scrollIntoView()");
        screenshot("21-approval-pending");

        // Rejecting needs feedback: the page says so and sends nothing.
        card.findElement(By.cssSelector("button[data-verdict='reject']")).click();
        wait.until(ExpectedConditions.textToBePresentInElement(card.findElement(By.cssSelector(".decision-error")), "feedback"));
        assertThat(apiGet("/api/v1/runs/" + runId).path("pending")).hasSize(1);

        card.findElement(By.cssSelector("button[data-verdict='approve']")).click();
        wait.until(ExpectedConditions.textToBe(By.id("run-progress-text"), "100 %"));
        wait.until(d -> List.of("succeeded", "partial").contains(text("run-status")));
        wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-run-ended", runId));
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("approvals")));
        screenshot("22-approved-run-done");

        JsonNode run = apiGet("/api/v1/runs/" + runId);
        assertThat(run.path("pending")).isEmpty();
        assertThat(text("run-status")).isEqualTo(run.path("status").asText());
        BigDecimal cost = new BigDecimal(run.path("cost_usd").asText()).setScale(6, RoundingMode.HALF_UP);
        long tokens = run.path("usage").path("prompt_tokens").asLong() + run.path("usage").path("completion_tokens").asLong();
        assertThat(cost).isPositive();
        assertThat(text("total-cost")).isEqualTo(cost.toPlainString());
        assertThat(text("total-tokens")).isEqualTo(Long.toString(tokens));
        assertThat(text("steps-total-cost")).as("the steps of both passes add up to the run").isEqualTo(cost.toPlainString());
        assertThat(text("steps-total-tokens")).isEqualTo(Long.toString(tokens));
        // the decision is the one the page sent
        assertThat(reviewing.runStore().entries(runId)).anySatisfy(e -> {
            assertThat(e).isInstanceOf(dev.devora.orchestration.journal.JournalEntry.WaitAnswered.class);
            assertThat(((dev.devora.orchestration.journal.JournalEntry.WaitAnswered) e).answer().path("verdict").asText())
                    .isEqualToIgnoringCase("approve");
        });
        assertThat(driver.findElement(By.tagName("body")).getDomAttribute("data-csp-violations")).isNull();
    }

    /** The system clock plus an offset a test moves forward. */
    static final class MovableClock extends java.time.Clock {
        private volatile Duration offset = Duration.ZERO;

        void advance(Duration by) {
            offset = offset.plus(by);
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public java.time.Instant instant() {
            return java.time.Instant.now().plus(offset);
        }
    }

    @Test
    void aPhaseThatBreaksItsSla_isShownInRed_onThePage_andInTheGraph() throws Exception {
        // A business template's phases have their planned minutes as SLA. Its design phase is reviewed; while it
        // waits for the person, the engine's clock moves two hours on, so the phase ends far over its SLA.
        MovableClock clock = new MovableClock();
        WorkflowEngine engineWithClock = WorkflowEngine.builder().clock(clock).build();
        restartServer(engineWithClock, DevoraApi.builder().engine(engineWithClock)
                .provider(ScriptedLlmProvider.builder().build()).tokens(AccessTokens.of(TOKEN))
                .review("coiffeur-express", "design").build());
        HttpResponse<String> submitted = http.send(HttpRequest.newBuilder(server.url().resolve("/api/v1/runs"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"workflow\": \"coiffeur-express\", \"input\": "
                        + "{\"secteur\": \"coiffeur\", \"budget\": 399}}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        String runId = JSON.readTree(submitted.body()).path("run_id").asText();
        signInAt("#/runs/" + runId);
        WebElement card = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#approvals .approval")));
        assertThat(driver.findElement(By.id("run-sla")).isDisplayed()).as("no breach yet").isFalse();
        clock.advance(Duration.ofHours(2));
        card.findElement(By.cssSelector("button[data-verdict='approve']")).click();
        wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-run-ended", runId));

        JsonNode run = apiGet("/api/v1/runs/" + runId);
        List<String> broken = new java.util.ArrayList<>();
        run.path("steps").forEach(st -> {
            if (st.path("sla_breached").asBoolean()) broken.add(st.path("path").asText());
        });
        assertThat(broken).as(run.path("steps").toString()).containsExactly("design");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("run-sla")));
        assertThat(text("run-sla")).isEqualTo("SLA broken: design had taken 2 h against an SLA of 6 min");
        List<String> red = driver.findElements(By.cssSelector("#steps-table tbody tr.sla-breached")).stream()
                .map(r -> r.getDomAttribute("data-step")).toList();
        assertThat(red).containsExactly("design");
        assertThat(driver.findElements(By.cssSelector("#run-graph g.node.step-sla")))
                .extracting(e -> e.getDomAttribute("data-step")).containsOnly("design");
        screenshot("31-sla-breached");
    }

    void fill(String field, String value) {
        WebElement e = driver.findElement(By.id("field-" + field));
        if (e.getTagName().equals("select")) {
            new Select(e).selectByValue(value);
        } else {
            e.clear();
            e.sendKeys(value);
        }
    }
}
