package dev.devora.orchestration.tool.workspace;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The head-and-tail bound of a command's output, at and around its edges. */
class BoundedOutputTest {

    private static BoundedOutput written(int bound, String text, int chunk) {
        BoundedOutput out = new BoundedOutput(bound);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i += chunk) out.write(bytes, i, Math.min(chunk, bytes.length - i));
        return out;
    }

    @Test
    void outputUpToTheBound_isKeptWhole_whateverTheChunks() {
        for (int chunk : new int[]{1, 3, 10, 100}) {
            BoundedOutput out = written(10, "0123456789", chunk);
            assertThat(out.text()).as("chunks of " + chunk).isEqualTo("0123456789");
            assertThat(out.cut()).isZero();
            assertThat(out.total()).isEqualTo(10);
        }
    }

    @Test
    void oneByteOver_cutsOneFromTheMiddle_keepingTheFirstAndLastHalves() {
        for (int chunk : new int[]{1, 4, 11, 1000}) {
            BoundedOutput out = written(10, "0123456789X", chunk);
            assertThat(out.text()).as("chunks of " + chunk)
                    .isEqualTo("01234\n… (1 bytes of output cut here; 11 bytes in all) …\n6789X");
        }
        BoundedOutput big = written(6, "abc" + "-".repeat(100_000) + "xyz", 4096);
        assertThat(big.text()).isEqualTo("abc\n… (100000 bytes of output cut here; 100006 bytes in all) …\nxyz");
    }

    @Test
    void aCutInsideACharacter_movesToItsBoundary_andCountsTheBytesLeftOut() {
        // "€" is 3 bytes: a head of 5 bytes ends inside the second one, a tail of 5 starts inside the third
        BoundedOutput out = written(10, "a€€€€b", 2);
        assertThat(out.text()).isEqualTo("a€\n… (6 bytes of output cut here; 14 bytes in all) …\n€b")
                .doesNotContain("\uFFFD");
    }

    @Test
    void malformedBytes_areReplaced_notThrown() {
        BoundedOutput out = new BoundedOutput(100);
        out.write(new byte[]{'o', 'k', (byte) 0xFF, (byte) 0xC3}, 0, 4);
        assertThat(out.text()).isEqualTo("ok\uFFFD\uFFFD");
    }
}
