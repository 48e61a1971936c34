package dev.devora.orchestration.openrouter.internal;

import dev.devora.orchestration.llm.ProviderErrorKind;
import dev.devora.orchestration.llm.ProviderException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorMapperTest {
    static final Clock CLOCK = Clock.systemUTC();

    static ProviderException map(String errorJson) throws Exception {
        return ErrorMapper.fromError(Json.parse(errorJson), null, null, "m/x", null, "Up", "partial", CLOCK);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            {"code":"server_error","message":"x"}                          | SERVER_ERROR
            {"code":"429","message":"x"}                                   | RATE_LIMITED
            {"message":"x","error_type":"rate_limit_exceeded"}             | RATE_LIMITED
            {"message":"x","metadata":{"error_type":"timeout"}}            | TIMEOUT
            {"message":"x","error_type":"context_length_exceeded"}         | CONTEXT_LENGTH_EXCEEDED
            {"message":"x","error_type":"authentication"}                  | AUTHENTICATION
            {"message":"x","error_type":"payment_required"}                | INSUFFICIENT_CREDITS
            {"message":"x","error_type":"content_policy_violation"}        | MODERATION
            {"message":"x","error_type":"invalid_prompt"}                  | INVALID_REQUEST
            {"message":"x","error_type":"not_found"}                       | NOT_FOUND
            {"message":"x","error_type":"provider_overloaded"}             | SERVER_ERROR
            {"message":"x","http_status":524}                              | TIMEOUT
            {"message":"prompt is too long: 300000 tokens > 200000 maximum","code":400} | CONTEXT_LENGTH_EXCEEDED
            {}                                                             | SERVER_ERROR
            """)
    void errorsInside200_areClassifiedByCodeStatusOrType(String json, ProviderErrorKind kind) throws Exception {
        assertThat(map(json).kind()).isEqualTo(kind);
    }

    @Test
    void upstreamFromTheResponse_isUsed_whenTheErrorNamesNone_andPartialTextIsKept() throws Exception {
        ProviderException e = map("{\"code\":502,\"message\":\"Provider returned error\"}");

        assertThat(e.upstreamProvider()).hasValue("Up");
        assertThat(e.partialText()).hasValue("partial");
        assertThat(e.getMessage()).isEqualTo("server error by m/x via Up (HTTP 502): Provider returned error");
    }

    @Test
    void rawAsAnObject_isRenderedAsJson() throws Exception {
        ProviderException e = map("{\"code\":502,\"message\":\"m\",\"metadata\":{\"raw\":{\"error\":{\"message\":\"deep\"}}}}");

        assertThat(e.rawDetail()).hasValue("{\"error\":{\"message\":\"deep\"}}");
    }

    @Test
    void networkAndTimeoutErrors_areRetriable_andSayWhatHappened() {
        assertThat(ErrorMapper.network(new IOException("Connection reset"), "m/x", null).getMessage())
                .isEqualTo("network error by m/x: I/O error: Connection reset");
        ProviderException t = ErrorMapper.timeout(Duration.ofSeconds(30), "m/x", "abc", null);
        assertThat(t.getMessage()).isEqualTo("timed out by m/x: no complete answer within 30 s");
        assertThat(t.isRetriable()).isTrue();
        assertThat(t.partialText()).hasValue("abc");
    }

    @Test
    void rebuild_keepsEveryFieldAndChangesRetriability() throws Exception {
        ProviderException e = ErrorMapper.fromError(Json.parse(
                "{\"code\":429,\"message\":\"slow\",\"metadata\":{\"provider_name\":\"P\",\"raw\":\"r\"}}"),
                429, null, "m/x", "gen-1", null, "part", CLOCK);

        ProviderException copy = ErrorMapper.rebuild(e, false, "(note)");

        assertThat(copy.isRetriable()).isFalse();
        assertThat(copy.providerMessage()).isEqualTo("slow");
        assertThat(copy.getMessage()).startsWith(e.getMessage()).endsWith(" (note)");
        assertThat(copy.httpStatus()).hasValue(429);
        assertThat(copy.upstreamProvider()).hasValue("P");
        assertThat(copy.rawDetail()).hasValue("r");
        assertThat(copy.requestId()).hasValue("gen-1");
        assertThat(copy.partialText()).hasValue("part");
        assertThat(copy.kind()).isEqualTo(ProviderErrorKind.RATE_LIMITED);
    }
}
