package dev.devora.orchestration.benchmarks;

import dev.devora.orchestration.llm.LlmResponse;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Each OpenRouter benchmark once: every client gets the stub's answer, every SSE path assembles the corpus. */
class OpenRouterBenchmarksTest {
    @Test
    void everyClientGetsTheStubsAnswer() throws Exception {
        OpenRouterBenchmark b = new OpenRouterBenchmark();
        b.setUp();
        try {
            String answer = StubServer.answer();
            assertThat(b.check("rawJdk")).isEqualTo(StubServer.COMPLETION);
            assertThat(b.check("transport")).isEqualTo(StubServer.COMPLETION);
            assertThat(b.check("mapping")).isEqualTo(answer);
            assertThat(b.check("rawOkHttp")).isEqualTo(StubServer.COMPLETION);
            assertThat(b.check("provider")).isEqualTo(answer);
            assertThat(b.check("providerNoNetwork")).isEqualTo(answer);
            assertThat(b.check("openaiJava")).isEqualTo(answer);
            assertThat(b.check("openaiJavaMapping")).isEqualTo(String.valueOf(answer.length() + 162 + 18));
            LlmResponse r = b.provider();
            assertThat(r.model()).isEqualTo("openai/gpt-4o-mini");
            assertThat(r.usage().costUsd()).isNotNull();
        } finally {
            b.tearDown();
        }
    }

    @Test
    void theStreamIsAboutOneMebibyteAndAssemblesToItsText() throws Exception {
        SseCorpus corpus = SseCorpus.of(1 << 20);
        assertThat(corpus.bytes.length).isBetween(1 << 20, (1 << 20) + 4096);
        String s = new String(corpus.bytes, StandardCharsets.UTF_8);
        assertThat(s).contains(": OPENROUTER PROCESSING").contains("\uD83D\uDE42").endsWith("data: [DONE]\n\n");

        StringBuilder tokens = new StringBuilder();
        LlmResponse assembled = SseBenchmark.assemble(corpus.bytes, tokens::append);
        assertThat(assembled.text()).isEqualTo(corpus.text);
        assertThat(tokens.toString()).isEqualTo(corpus.text);
        assertThat(assembled.usage().completionTokens()).isEqualTo(corpus.chunks);

        SseBenchmark b = new SseBenchmark();
        b.size = 1 << 20;
        b.setUp();
        StringBuilder streamed = new StringBuilder();
        org.openjdk.jmh.infra.Blackhole bh = new org.openjdk.jmh.infra.Blackhole(
                "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        assertThat(b.sseReader(bh)).isEqualTo(corpus.chunks + 4); // role chunk, finish, usage, [DONE]
        assertThat(b.providerStream(bh).text()).isEqualTo(corpus.text);
        assertThat(b.assemble(bh).text()).isEqualTo(corpus.text);
        assertThat(new ByteArrayInputStream(corpus.bytes).readAllBytes()).hasSize(corpus.bytes.length);
    }
}
