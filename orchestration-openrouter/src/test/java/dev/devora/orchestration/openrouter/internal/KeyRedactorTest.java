package dev.devora.orchestration.openrouter.internal;

import dev.devora.orchestration.llm.ApiKey;
import dev.devora.orchestration.llm.ProviderErrorKind;
import dev.devora.orchestration.llm.ProviderException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class KeyRedactorTest {
    static final String KEY = "sk-or-v1-abc123";
    final KeyRedactor redactor = new KeyRedactor(ApiKey.of(KEY));

    @Test
    void bytes_everyOccurrenceAnywhere_isReplaced_andABodyWithoutTheKeyIsReturnedAsIs() {
        byte[] clean = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
        String echoed = KEY + " mid " + KEY + KEY + " é end " + KEY;

        assertThat(redactor.redact(clean)).isSameAs(clean);
        assertThat(new String(redactor.redact(echoed.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8))
                .isEqualTo("[redacted] mid [redacted][redacted] é end [redacted]");
        assertThat(redactor.redact("sk-or-v1-abc12 is not the key".getBytes(StandardCharsets.UTF_8)))
                .asString(StandardCharsets.UTF_8).isEqualTo("sk-or-v1-abc12 is not the key");
        assertThat(redactor.redact((byte[]) null)).isNull();
    }

    @Test
    void exception_keyInAnyCarrier_isRedactedInAll_keepingKindStatusRetryAndStackTrace() {
        ProviderException e = ProviderException.builder(ProviderErrorKind.SERVER_ERROR, "boom")
                .httpStatus(502).retriable(false).retryAfter(Duration.ofSeconds(3))
                .rawDetail("x".repeat(400) + KEY).requestId("gen-" + KEY)
                .cause(new IOException("echo " + KEY)).build();

        ProviderException r = redactor.redact(e);

        assertThat(r.rawDetail()).hasValue("x".repeat(400) + "[redacted]");
        assertThat(r.requestId()).hasValue("gen-[redacted]");
        assertThat(r.getCause()).isInstanceOf(IOException.class).hasMessage("java.io.IOException");
        assertThat(r.kind()).isEqualTo(ProviderErrorKind.SERVER_ERROR);
        assertThat(r.httpStatus()).hasValue(502);
        assertThat(r.isRetriable()).isFalse();
        assertThat(r.retryAfter()).hasValue(Duration.ofSeconds(3));
        assertThat(r.getStackTrace()).isEqualTo(e.getStackTrace());
    }

    @Test
    void exception_withoutTheKey_isReturnedAsIs() {
        ProviderException e = ProviderException.builder(ProviderErrorKind.SERVER_ERROR, "boom").rawDetail("raw").build();

        assertThat(redactor.redact(e)).isSameAs(e);
    }
}
