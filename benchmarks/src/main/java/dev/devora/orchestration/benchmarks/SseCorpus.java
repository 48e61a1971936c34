package dev.devora.orchestration.benchmarks;

import java.nio.charset.StandardCharsets;

/**
 * A recorded-style OpenRouter chat stream of about 1 MiB, built in code: {@code : OPENROUTER PROCESSING} comments
 * before the first event and every 40 chunks, a first chunk with the role and an empty content, then one
 * {@code data: {...}} line per token in the shape of a real capture (id, provider, model, object, created,
 * {@code choices[0].delta.content}, null finish reasons, null logprobs), tokens with multi-byte UTF-8 (é, ü, —,
 * 日本語, and a 4-byte emoji, i.e. a surrogate pair in Java), a finish chunk, a usage chunk with {@code choices: []}
 * and {@code data: [DONE]}. Lines end with {@code \n}; events are separated by a blank line.
 */
public final class SseCorpus {
    static final String[] TOKENS = {
            "The", " quick", " brown", " fox", " jumps", " over", " the", " lazy", " dog", ".",
            " Caf\u00e9", " cr\u00e8me", " br\u00fbl\u00e9e", " \u2014", " na\u00efve", " \u00fcber", ",",
            " \u65e5\u672c\u8a9e", " \u306e", " \u30c6\u30ad\u30b9\u30c8", " \uD83D\uDE42", "\n\n",
            " \"quoted\"", " back\\slash", " HTTP", " verbs", " are", " GET", ",", " POST", " and", " PUT", ".",
    };

    /** The stream's bytes. */
    public final byte[] bytes;
    /** The text a correct reader assembles (the concatenated contents). */
    public final String text;
    /** Number of content chunks. */
    public final int chunks;

    private SseCorpus(byte[] bytes, String text, int chunks) {
        this.bytes = bytes;
        this.text = text;
        this.chunks = chunks;
    }

    /** A stream of at least {@code size} bytes. */
    public static SseCorpus of(int size) {
        String head = "data: {\"id\":\"gen-1768896871-9HgAq2lmPz7xWvKtR3sB\",\"provider\":\"OpenInference\","
                + "\"model\":\"openai/gpt-oss-120b\",\"object\":\"chat.completion.chunk\",\"created\":1768896871,"
                + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":";
        String tail = "},\"finish_reason\":null,\"native_finish_reason\":null,\"logprobs\":null}]}\n\n";
        StringBuilder sse = new StringBuilder(size + 4096);
        StringBuilder text = new StringBuilder(size / 4);
        sse.append(": OPENROUTER PROCESSING\n\n: OPENROUTER PROCESSING\n\n");
        sse.append(head).append("\"\",\"reasoning\":null,\"reasoning_details\":[]").append(tail);
        int n = 0;
        int bytes = 0;
        while (bytes < size - 1024) {
            String token = TOKENS[n % TOKENS.length];
            int before = sse.length();
            sse.append(head).append(jsonString(token)).append(tail);
            if (++n % 40 == 0) sse.append(": OPENROUTER PROCESSING\n\n");
            text.append(token);
            bytes += utf8Length(sse, before);
        }
        sse.append(head).append("\"\"},\"finish_reason\":\"stop\",\"native_finish_reason\":\"stop\",\"logprobs\":null}]}\n\n");
        sse.append("data: {\"id\":\"gen-1768896871-9HgAq2lmPz7xWvKtR3sB\",\"provider\":\"OpenInference\","
                + "\"model\":\"openai/gpt-oss-120b\",\"object\":\"chat.completion.chunk\",\"created\":1768896871,"
                + "\"choices\":[],\"usage\":{\"prompt_tokens\":7007,\"completion_tokens\":" + n
                + ",\"total_tokens\":" + (7007 + n) + ",\"cost\":0.00071,\"is_byok\":false,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":0},\"completion_tokens_details\":{\"reasoning_tokens\":12}}}\n\n");
        sse.append("data: [DONE]\n\n");
        return new SseCorpus(sse.toString().getBytes(StandardCharsets.UTF_8), text.toString(), n);
    }

    private static int utf8Length(CharSequence s, int from) {
        return s.subSequence(from, s.length()).toString().getBytes(StandardCharsets.UTF_8).length;
    }

    private static String jsonString(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
