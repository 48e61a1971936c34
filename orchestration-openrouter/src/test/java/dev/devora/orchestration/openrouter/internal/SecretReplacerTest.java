package dev.devora.orchestration.openrouter.internal;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class SecretReplacerTest {
    static final String SECRET = "sk-or-v1-sk-or-SENTINEL";

    @Test
    void whateverTheCuts_theJoinedOutputIsTheWholeTextWithTheSecretReplaced() {
        Random random = new Random(8);
        String[] parts = {"sk-", "sk-or-", SECRET, "x", "sk-or-v1-sk-or-", " ", "S", "sk-or-v1-sk-or-SENTINE"};
        for (int run = 0; run < 2_000; run++) {
            StringBuilder whole = new StringBuilder();
            for (int i = random.nextInt(12); i >= 0; i--) whole.append(parts[random.nextInt(parts.length)]);
            SecretReplacer replacer = new SecretReplacer(SECRET, "[redacted]");
            StringBuilder out = new StringBuilder();
            for (int at = 0; at < whole.length(); ) {
                int to = Math.min(whole.length(), at + 1 + random.nextInt(10));
                String piece = replacer.push(whole.substring(at, to));
                assertThat(piece).doesNotContain("SENTINEL");
                out.append(piece);
                at = to;
            }
            out.append(replacer.flush());

            assertThat(out).hasToString(whole.toString().replace(SECRET, "[redacted]"));
        }
    }

    @Test
    void aPieceWithNothingToReplaceOrHold_isPassedOnAsItIs() {
        SecretReplacer replacer = new SecretReplacer(SECRET, "[redacted]");
        String piece = "Paris is the capital.";

        assertThat(replacer.push(piece)).isSameAs(piece);
        assertThat(replacer.holding()).isFalse();
    }

    @Test
    void aStartOfTheSecretIsHeldBack_andGivenUpAtTheEndWhenNothingCompletesIt() {
        SecretReplacer replacer = new SecretReplacer(SECRET, "[redacted]");

        assertThat(replacer.push("Bearer sk-or-v1")).isEqualTo("Bearer ");
        assertThat(replacer.holding()).isTrue();
        assertThat(replacer.flush()).isEqualTo("sk-or-v1");
        assertThat(replacer.holding()).isFalse();
    }
}
