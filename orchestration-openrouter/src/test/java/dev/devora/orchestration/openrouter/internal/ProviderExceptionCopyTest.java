package dev.devora.orchestration.openrouter.internal;

import dev.devora.orchestration.llm.ApiKey;
import dev.devora.orchestration.llm.ProviderErrorKind;
import dev.devora.orchestration.llm.ProviderException;
import dev.devora.orchestration.openrouter.ModerationException;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failures are copied field by field in one place ({@link ProviderExceptionCopy}): by {@link ErrorMapper#rebuild}
 * and by {@link KeyRedactor#redact(ProviderException)}. The fields are found by reflection, so a string field added
 * to {@link ProviderException} (a builder setter taking a {@code String}, an accessor returning it) is covered
 * without editing this test.
 */
class ProviderExceptionCopyTest {
    static final String KEY = "sk-or-v1-copy-0123456789";
    final KeyRedactor redactor = new KeyRedactor(ApiKey.of(KEY));

    /** A failure with every string field the builder offers set to its setter's name followed by the key. */
    static ProviderException.Builder everyStringHoldingTheKey(List<String> setters) throws ReflectiveOperationException {
        ProviderException.Builder b = ProviderException.builder(ProviderErrorKind.SERVER_ERROR, "message " + KEY)
                .httpStatus(502).retryAfter(Duration.ofSeconds(2)).cause(new IllegalStateException("plain cause"));
        for (Method m : ProviderException.Builder.class.getMethods()) {
            if (m.getParameterCount() == 1 && m.getParameterTypes()[0] == String.class) {
                m.invoke(b, m.getName() + " " + KEY);
                setters.add(m.getName());
            }
        }
        return b;
    }

    /** Every kind of failure the provider throws: plain, with a retry note, moderation. */
    static Map<String, ProviderException> everyType(List<String> setters) throws ReflectiveOperationException {
        Map<String, ProviderException> all = new LinkedHashMap<>();
        all.put("plain", everyStringHoldingTheKey(setters).build());
        all.put("noted", ErrorMapper.rebuild(everyStringHoldingTheKey(new ArrayList<>()).build(), false, "(note)"));
        all.put("moderation", new ModerationException(everyStringHoldingTheKey(new ArrayList<>()),
                List.of("reason " + KEY), "flaggedInput " + KEY));
        return all;
    }

    /** What each public, argument-less accessor of the exception returns that can hold text, by name. */
    static Map<String, String> texts(ProviderException e) throws ReflectiveOperationException {
        Map<String, String> texts = new LinkedHashMap<>();
        for (Method m : e.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers())) continue;
            Class<?> type = m.getReturnType();
            if (type != String.class && type != Optional.class && !Collection.class.isAssignableFrom(type)) continue;
            try {
                texts.put(m.getName(), String.valueOf(m.invoke(e)));
            } catch (InvocationTargetException notAnAccessor) {
                throw new AssertionError(m.getName(), notAnAccessor.getCause());
            }
        }
        return texts;
    }

    @Test
    void everyStringAFailureKeeps_isRedacted_whicheverAccessorReadsIt_inEveryType() throws Exception {
        List<String> setters = new ArrayList<>();
        Map<String, ProviderException> all = everyType(setters);
        assertThat(setters).as("the builder's string setters").contains("model", "upstreamProvider", "rawDetail",
                "partialText", "requestId");

        for (Map.Entry<String, ProviderException> entry : all.entrySet()) {
            ProviderException redacted = redactor.redact(entry.getValue());
            Map<String, String> texts = texts(redacted);

            assertThat(redacted).as(entry.getKey()).isExactlyInstanceOf(entry.getValue().getClass());
            assertThat(texts).as(entry.getKey() + ": accessors read").containsKeys("getMessage", "toString",
                    "providerMessage");
            texts.forEach((accessor, text) -> assertThat(text).as(entry.getKey() + "." + accessor + "()")
                    .doesNotContain(KEY));
            // each field was kept (the key replaced in it), not dropped
            for (String setter : setters) {
                assertThat(texts.values()).as(entry.getKey() + ": the field set by " + setter)
                        .anySatisfy(text -> assertThat(text).contains(setter + " " + KeyRedactor.MARK));
            }
        }
    }

    @Test
    void aRedactedNotedFailure_keepsItsNote_andARedactedModerationFailure_itsDetails() throws Exception {
        Map<String, ProviderException> all = everyType(new ArrayList<>());

        ProviderException noted = redactor.redact(all.get("noted"));
        ModerationException moderation = (ModerationException) redactor.redact(all.get("moderation"));

        assertThat(noted).isInstanceOf(NotedProviderException.class);
        assertThat(noted.getMessage()).endsWith(" (note)");
        assertThat(noted.providerMessage()).isEqualTo("message " + KeyRedactor.MARK);
        assertThat(moderation.reasons()).containsExactly("reason " + KeyRedactor.MARK);
        assertThat(moderation.flaggedInput()).isEqualTo("flaggedInput " + KeyRedactor.MARK);
    }

    @Test
    void aFailureWithoutTheKey_isNotCopied() throws Exception {
        ProviderException clean = ProviderException.builder(ProviderErrorKind.SERVER_ERROR, "boom").model("a/x")
                .rawDetail("raw").build();
        ModerationException flagged = new ModerationException(ProviderException.builder(ProviderErrorKind.MODERATION,
                "flagged"), List.of("harassment"), "some input");

        assertThat(redactor.redact(clean)).isSameAs(clean);
        assertThat(redactor.redact(flagged)).isSameAs(flagged);
    }

    @Test
    void rebuild_keepsEveryFieldTheTypeAndTheStackTrace_changingOnlyTheRetriabilityAndTheNote() throws Exception {
        for (Map.Entry<String, ProviderException> entry : everyType(new ArrayList<>()).entrySet()) {
            ProviderException e = entry.getValue();
            ProviderException rebuilt = ErrorMapper.rebuild(e, true, null);

            assertThat(rebuilt).as(entry.getKey()).isExactlyInstanceOf(e.getClass());
            assertThat(rebuilt.isRetriable()).as(entry.getKey()).isTrue();
            assertThat(rebuilt.getStackTrace()).as(entry.getKey() + ": stack trace").isEqualTo(e.getStackTrace());
            assertThat(rebuilt.getCause()).as(entry.getKey()).isSameAs(e.getCause());
            assertThat(rebuilt.kind()).isEqualTo(e.kind());
            assertThat(rebuilt.httpStatus()).isEqualTo(OptionalInt.of(502));
            assertThat(rebuilt.retryAfter()).isEqualTo(e.retryAfter());
            assertThat(texts(rebuilt)).as(entry.getKey()).isEqualTo(texts(e));
        }
    }
}
