package dev.devora.orchestration.spring.boot;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when an OpenRouter key is configured: {@code devora.openrouter.api-key}, or else the
 * {@code OPENROUTER_API_KEY} environment variable (read through Spring's environment, so any property source may
 * hold it). {@link Absent} matches the other case. The outcome's message never holds the key.
 */
class OpenRouterKeyCondition extends SpringBootCondition {
    static final String KEY_PROPERTY = "devora.openrouter.api-key";
    static final String KEY_VARIABLE = "OPENROUTER_API_KEY";

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        String source = keySource(context.getEnvironment());
        return source != null ? ConditionOutcome.match("an OpenRouter key is set (" + source + ")")
                : ConditionOutcome.noMatch("no OpenRouter key: neither " + KEY_PROPERTY + " nor " + KEY_VARIABLE);
    }

    /** {@return where the key comes from, or null when there is none} */
    static String keySource(Environment environment) {
        if (hasText(environment.getProperty(KEY_PROPERTY))) return KEY_PROPERTY;
        if (hasText(environment.getProperty(KEY_VARIABLE))) return KEY_VARIABLE;
        return null;
    }

    private static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }

    /** Matches when no OpenRouter key is configured. */
    static final class Absent extends SpringBootCondition {
        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            String source = keySource(context.getEnvironment());
            return source == null ? ConditionOutcome.match("no OpenRouter key is set")
                    : ConditionOutcome.noMatch("an OpenRouter key is set (" + source + ")");
        }
    }
}
