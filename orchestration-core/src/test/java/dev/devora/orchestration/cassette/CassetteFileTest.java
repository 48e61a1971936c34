package dev.devora.orchestration.cassette;

import dev.devora.orchestration.internal.Json;
import dev.devora.orchestration.llm.FinishReason;
import dev.devora.orchestration.llm.LlmMessage;
import dev.devora.orchestration.llm.LlmProvider;
import dev.devora.orchestration.llm.LlmRequest;
import dev.devora.orchestration.llm.LlmResponse;
import dev.devora.orchestration.llm.ModelPrice;
import dev.devora.orchestration.llm.ReasoningOptions;
import dev.devora.orchestration.llm.ResponseFormat;
import dev.devora.orchestration.llm.ToolCall;
import dev.devora.orchestration.llm.ToolDefinition;
import dev.devora.orchestration.llm.Usage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class CassetteFileTest {
    @TempDir
    Path dir;

    /** A provider answering every request with {@link #RICH}, with a price and a context window. */
    private static final LlmResponse RICH = LlmResponse.builder()
            .text("{\"score\": 0.50, \"big\": 12345678901234567890, \"tiny\": 1.0E-9}\nsecond line\n")
            .json(parse("{\"score\": 0.50, \"big\": 12345678901234567890, \"tiny\": 1.0E-9}"))
            .finishReason(FinishReason.TOOL_CALLS).nativeFinishReason("tool_use")
            .toolCalls(List.of(new ToolCall("call_1", "get_weather", "{\"city\":\"Rome\"}")))
            .reasoning("thought 1\nthought 2").reasoningDetails(parse("[{\"type\":\"reasoning.encrypted\",\"data\":\"abc\"}]"))
            .usage(new Usage(120, 30, 7, 64, new BigDecimal("0.000024150"), null))
            .model("openai/gpt-4o-mini").upstreamProvider("OpenAI")
            .latency(Duration.ofMillis(1234)).requestId("gen-123")
            .build();

    private static final LlmProvider RICH_PROVIDER = new LlmProvider() {
        @Override public String name() { return "rich"; }
        @Override public LlmResponse complete(LlmRequest request) { return RICH; }
        @Override public Optional<ModelPrice> price(String model) {
            return Optional.of(new ModelPrice("openai/gpt-4o-mini", new BigDecimal("0.00000015"), new BigDecimal("6E-7")));
        }
        @Override public OptionalInt contextLength(String model) { return OptionalInt.of(128_000); }
    };

    private static com.fasterxml.jackson.databind.JsonNode parse(String json) {
        try {
            return CassetteTestJson.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static LlmRequest fullRequest() {
        return LlmRequest.builder()
                .model("openai/gpt-4o-mini").fallbackModels(List.of("anthropic/claude-haiku-4.5"))
                .message(LlmMessage.system("You are terse.\nVery terse."))
                .message(LlmMessage.user("Weather in Rome?"))
                .message(LlmMessage.assistant(LlmResponse.builder().text("")
                        .toolCalls(List.of(new ToolCall("call_0", "get_weather", "{\"city\":\"Rome\"}"))).build()))
                .message(LlmMessage.tool("call_0", "{\"celsius\": 21}"))
                .temperature(0.2).maxTokens(200).stop(List.of("END")).seed(42L)
                .responseFormat(ResponseFormat.jsonSchema("weather", parse("{\"type\":\"object\",\"properties\":{\"celsius\":{\"type\":\"number\",\"minimum\":-90.5}}}"), true))
                .tools(List.of(new ToolDefinition("get_weather", "Current weather", parse("{\"type\":\"object\"}"))))
                .toolChoice("auto").reasoning(ReasoningOptions.effort("low"))
                .user("user-7").timeout(Duration.ofSeconds(30))
                .attribute(LlmRequest.RUN_ID, "run-1").attribute(LlmRequest.STEP_PATH, "weather/ask")
                .attribute(LlmRequest.AGENT, "forecaster")
                .build();
    }

    @Test
    void roundTrip_keepsEveryFieldOfTheAnswer_exceptLatencyAndRequestId() throws IOException {
        RecordingProvider recorder = new RecordingProvider(RICH_PROVIDER);
        recorder.complete(fullRequest());
        recorder.price("openai/gpt-4o-mini");
        recorder.contextLength(null);
        Path file = dir.resolve("rich.json");
        recorder.save(file);

        Cassette loaded = Cassette.load(file);
        assertThat(loaded.interactions()).hasSize(1);
        Interaction call = loaded.interactions().get(0);
        assertThat(call.stepPath()).isEqualTo("weather/ask");
        assertThat(call.agent()).isEqualTo("forecaster");
        assertThat(call.fingerprint()).isEqualTo(Interaction.fingerprintOf(fullRequest())).matches("sha256:[0-9a-f]{64}");
        assertThat(call.response()).isEqualTo(RICH.toBuilder().latency(Duration.ZERO).requestId(null).build());
        assertThat(Json.write(call.response().json())).isEqualTo(Json.write(RICH.json())); // numbers as they came
        assertThat(loaded.prices()).containsEntry("openai/gpt-4o-mini", RICH_PROVIDER.price(null).orElseThrow());
        assertThat(loaded.contextLengths()).containsEntry("", 128_000);

        ReplayProvider replay = new ReplayProvider(loaded);
        assertThat(replay.price("openai/gpt-4o-mini")).isEqualTo(RICH_PROVIDER.price(null));
        assertThat(replay.price("other/model")).isEmpty();
        assertThat(replay.contextLength(null)).hasValue(128_000);
        assertThat(replay.complete(fullRequest())).isEqualTo(call.response());

        String text = Files.readString(file);
        assertThat(loaded.toJson()).isEqualTo(text);
        assertThat(text).doesNotContain("gen-123").doesNotContain("run-1").doesNotContain("user-7")
                .doesNotContain("latency").contains("\"format\": 1")
                .contains("\"content\": [\n              \"You are terse.\",\n              \"Very terse.\"\n            ]")
                .contains("\"costUsd\": 0.000024150");
    }

    @Test
    void fingerprint_coversWhatChangesTheAnswer_andNothingElse() {
        String base = Interaction.fingerprintOf(fullRequest());
        LlmRequest.Builder same = fullRequest().toBuilder().attribute(LlmRequest.RUN_ID, "run-2")
                .user("someone else").timeout(Duration.ofSeconds(5));
        assertThat(Interaction.fingerprintOf(same.build())).isEqualTo(base);
        List<LlmRequest> different = List.of(
                fullRequest().toBuilder().model("openai/gpt-5-mini").build(),
                fullRequest().toBuilder().fallbackModels(List.of()).build(),
                fullRequest().toBuilder().temperature(0.3).build(),
                fullRequest().toBuilder().maxTokens(201).build(),
                fullRequest().toBuilder().stop(List.of("STOP")).build(),
                fullRequest().toBuilder().seed(43L).build(),
                fullRequest().toBuilder().responseFormat(ResponseFormat.jsonSchema("weather",
                        parse("{\"type\":\"object\",\"properties\":{\"celsius\":{\"type\":\"integer\"}}}"), true)).build(),
                fullRequest().toBuilder().responseFormat(ResponseFormat.JSON_OBJECT).build(),
                fullRequest().toBuilder().tools(List.of()).build(),
                fullRequest().toBuilder().toolChoice("none").build(),
                fullRequest().toBuilder().reasoning(ReasoningOptions.effort("high")).build(),
                fullRequest().toBuilder().messages(List.of(LlmMessage.system("You are terse.\nVery terse."),
                        LlmMessage.user("Weather in Rome?"))).build(),
                fullRequest().toBuilder().messages(List.of(LlmMessage.user("You are terse.\nVery terse."),
                        LlmMessage.user("Weather in Rome?"), LlmMessage.assistant(""),
                        LlmMessage.tool("call_0", "{\"celsius\": 21}"))).build());
        for (LlmRequest r : different) assertThat(Interaction.fingerprintOf(r)).as(r.toString()).isNotEqualTo(base);
        // the order of a schema's keys does not matter
        LlmRequest a = LlmRequest.builder().message(LlmMessage.user("x"))
                .responseFormat(ResponseFormat.jsonSchema("s", parse("{\"type\":\"object\",\"required\":[\"a\"]}"), false)).build();
        LlmRequest b = LlmRequest.builder().message(LlmMessage.user("x"))
                .responseFormat(ResponseFormat.jsonSchema("s", parse("{\"required\":[\"a\"],\"type\":\"object\"}"), false)).build();
        assertThat(Interaction.fingerprintOf(a)).isEqualTo(Interaction.fingerprintOf(b));
    }

    @Test
    void streamingReplay_givesTheRecordedTextToTheListener() {
        RecordingProvider recorder = new RecordingProvider(dev.devora.orchestration.testing.ScriptedLlmProvider.builder()
                .otherwise(r -> "one two three").build());
        List<String> recordedTokens = new java.util.ArrayList<>();
        LlmRequest request = LlmRequest.builder().message(LlmMessage.user("count")).attribute(LlmRequest.STEP_PATH, "count").build();
        LlmResponse live = recorder.stream(request, recordedTokens::add);
        assertThat(recordedTokens).containsExactly("one ", "two ", "three"); // passed on as they came

        List<String> replayedTokens = new java.util.ArrayList<>();
        LlmResponse replayed = new ReplayProvider(recorder.cassette()).stream(request, replayedTokens::add);
        assertThat(String.join("", replayedTokens)).isEqualTo("one two three");
        assertThat(replayed.text()).isEqualTo(live.text());
        assertThat(replayed.usage()).isEqualTo(live.usage());
    }

    // ---- bad files ----

    private CassetteFileException loadBad(String json) throws IOException {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, json);
        return catchThrowableOfType(CassetteFileException.class, () -> Cassette.load(file));
    }

    private String goodFile() {
        RecordingProvider recorder = new RecordingProvider(RICH_PROVIDER);
        recorder.complete(fullRequest());
        return recorder.cassette().toJson();
    }

    @Test
    void missingFile_namesTheFile() {
        Path file = dir.resolve("absent.json");
        CassetteFileException e = catchThrowableOfType(CassetteFileException.class, () -> Cassette.load(file));
        assertThat(e.getMessage()).startsWith("cassette " + file + ": cannot be read").contains("NoSuchFileException");
        assertThat(e.file()).isEqualTo(file);
        assertThat(e.jsonPath()).isEmpty();
        assertThat(e.isRetriable()).isFalse();
    }

    @Test
    void notJson_namesTheFileAndTheLine() throws IOException {
        CassetteFileException e = loadBad("{\n  \"format\": 1,\n  \"interactions\": [ oops ]\n}");
        assertThat(e.getMessage()).startsWith("cassette " + dir.resolve("bad.json") + ": is not JSON at line 3");
        assertThat(e.jsonPath()).isEmpty();
    }

    @Test
    void otherFormatVersion_isRefused() throws IOException {
        CassetteFileException e = loadBad(goodFile().replace("\"format\": 1", "\"format\": 2"));
        assertThat(e.getMessage()).isEqualTo("cassette " + dir.resolve("bad.json")
                + ": $.format must be 1 (the cassette format this library reads), was 2");
        assertThat(e.jsonPath()).hasValue("$.format");
        assertThat(e.value()).hasValue("2");
        assertThat(loadBad("{\"interactions\": []}").getMessage()).endsWith(": $.format is missing (must be 1 (the "
                + "cassette format this library reads))");
    }

    @Test
    void wrongField_namesItsJsonPathAndValue() throws IOException {
        CassetteFileException tokens = loadBad(goodFile().replace("\"promptTokens\": 120", "\"promptTokens\": -3"));
        assertThat(tokens.jsonPath()).hasValue("$.interactions[0].response.usage.promptTokens");
        assertThat(tokens.getMessage()).endsWith("$.interactions[0].response.usage.promptTokens must be a whole number "
                + "from 0 to " + Long.MAX_VALUE + ", was -3");

        CassetteFileException reason = loadBad(goodFile().replace("\"finishReason\": \"TOOL_CALLS\"", "\"finishReason\": \"DONE\""));
        assertThat(reason.getMessage()).endsWith("$.interactions[0].response.finishReason must be one of [STOP, LENGTH, "
                + "TOOL_CALLS, CONTENT_FILTER, ERROR, UNKNOWN], was \"DONE\"");

        CassetteFileException path = loadBad(goodFile().replace("\"stepPath\": \"weather/ask\"", "\"stepPath\": 7"));
        assertThat(path.getMessage()).endsWith("$.interactions[0].stepPath must be a string, was 7");

        CassetteFileException line = loadBad(goodFile().replace("\"Very terse.\"", "{\"x\": 1}"));
        assertThat(line.jsonPath()).hasValue("$.interactions[0].request.messages[0].content[1]");
        assertThat(line.value()).hasValue("{\"x\":1}");

        CassetteFileException cost = loadBad(goodFile().replace("\"costUsd\": 0.000024150", "\"costUsd\": \"cheap\""));
        assertThat(cost.getMessage()).endsWith("$.interactions[0].response.usage.costUsd must be a number ≥ 0, was \"cheap\"");

        CassetteFileException missing = loadBad(goodFile().replace("\"usage\": {", "\"spent\": {"));
        assertThat(missing.getMessage()).endsWith("$.interactions[0].response.usage is missing (must be a JSON object)");

        CassetteFileException list = loadBad("{\"format\": 1, \"interactions\": {}}");
        assertThat(list.getMessage()).endsWith("$.interactions must be a JSON array, was {}");
    }

    @Test
    void requestEditedWithoutItsFingerprint_isRefused() throws IOException {
        String good = goodFile();
        CassetteFileException e = loadBad(good.replace("\"Weather in Rome?\"", "\"Weather in Paris?\""));
        assertThat(e.jsonPath()).hasValue("$.interactions[0].fingerprint");
        assertThat(e.getMessage()).contains("does not match the recorded request, whose fingerprint is sha256:");
    }
}
