package dev.devora.orchestration.server;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bearer tokens: accepted only exactly, kept as hashes, never shown. */
class AccessTokensTest {
    static final String TOKEN = "a-token-of-thirty-two-characters";

    @Test
    void acceptsOnlyTheTokensGiven_exactly() {
        AccessTokens tokens = AccessTokens.of(TOKEN, "another-token-0123456789");
        assertThat(tokens.accepts(TOKEN)).isTrue();
        assertThat(tokens.accepts("another-token-0123456789")).isTrue();
        assertThat(tokens.accepts(TOKEN + " ")).isFalse();
        assertThat(tokens.accepts(TOKEN.substring(1))).isFalse();
        assertThat(tokens.accepts("")).isFalse();
        assertThat(tokens.accepts(null)).isFalse();
    }

    @Test
    void aTokenKnownByItsHash_isAccepted_andGeneratedTokensAreLongAndDistinct() {
        assertThat(AccessTokens.hashed(AccessTokens.hashOf(TOKEN)).accepts(TOKEN)).isTrue();
        assertThat(AccessTokens.hashed(AccessTokens.hashOf(TOKEN).toUpperCase()).accepts(TOKEN)).isTrue();
        String a = AccessTokens.generate();
        String b = AccessTokens.generate();
        assertThat(a).hasSize(43).isNotEqualTo(b).matches("[A-Za-z0-9_-]+");
        assertThat(AccessTokens.of(a).accepts(a)).isTrue();
    }

    @Test
    void badTokens_areRefusedByPosition_neverShowingTheValue() {
        assertThatThrownBy(() -> AccessTokens.of(TOKEN, "short-secret"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("access token #2 must have at least 16 characters, had 12")
                .hasMessageNotContaining("short-secret");
        assertThatThrownBy(() -> AccessTokens.of("has a space in the middle!!"))
                .hasMessage("access token #1 must be visible ASCII without spaces");
        assertThatThrownBy(() -> AccessTokens.hashed("abc")).hasMessageContaining("hash #1 must be 64 hexadecimal digits");
        assertThatThrownBy(AccessTokens::of).hasMessageContaining("at least one token");
    }

    @Test
    void toString_showsHowMany_neverATokenOrAHash() {
        AccessTokens tokens = AccessTokens.of(TOKEN);
        assertThat(tokens).hasToString("AccessTokens[1 token]");
        assertThat(tokens.toString()).doesNotContain(TOKEN, AccessTokens.hashOf(TOKEN));
        DevoraApi api = DevoraApi.builder().engine(dev.devora.orchestration.engine.WorkflowEngine.create())
                .provider(dev.devora.orchestration.testing.ScriptedLlmProvider.builder().build()).tokens(tokens).build();
        assertThat(api.toString()).doesNotContain(TOKEN).contains("AccessTokens[1 token]");
    }
}
