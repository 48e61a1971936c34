package dev.devora.orchestration.spring.boot;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;

import java.util.Locale;

/**
 * Masks the starter's secrets in the actuator's {@code env} and {@code configprops} endpoints even when they are set
 * to show values: {@code devora.openrouter.api-key}, the {@code OPENROUTER_API_KEY} variable, {@code
 * devora.server.token}, in any spelling Spring's relaxed binding accepts.
 */
final class SecretsSanitizer implements SanitizingFunction {
    @Override
    public SanitizableData apply(SanitizableData data) {
        return isSecret(data.getKey()) ? data.withSanitizedValue() : data;
    }

    static boolean isSecret(String key) {
        if (key == null) return false;
        String k = key.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        return k.endsWith("openrouterapikey")
                || k.startsWith("devora") && (k.endsWith("apikey") || k.endsWith("token"));
    }
}
