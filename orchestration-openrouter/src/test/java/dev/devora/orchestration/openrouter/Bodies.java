package dev.devora.orchestration.openrouter;

/** Literal bodies from the reference (section 2 to 4), as OpenRouter sends them. */
final class Bodies {
    private Bodies() {
    }

    static final String REGULAR = """
            {"id":"gen-1764926476-0N0195qHFzGljvYKVijc","provider":"OpenAI","model":"openai/gpt-4o-mini","object":"chat.completion","created":1764926476,
             "choices":[{"logprobs":null,"finish_reason":"stop","native_finish_reason":"stop","index":0,
               "message":{"role":"assistant","content":"Paris.","refusal":null,"reasoning":null}}],
             "system_fingerprint":"fp_aa07c96156",
             "usage":{"prompt_tokens":29,"completion_tokens":33,"total_tokens":62,"cost":0.00002415,"is_byok":false,
               "prompt_tokens_details":{"cached_tokens":3,"audio_tokens":0,"video_tokens":0},
               "cost_details":{"upstream_inference_cost":null,"upstream_inference_prompt_cost":0.00000435,"upstream_inference_completions_cost":0.0000198},
               "completion_tokens_details":{"reasoning_tokens":7,"image_tokens":0}}}
            """;

    static final String TOOL_CALLS = """
            {"id":"gen-123","provider":"Google AI Studio","model":"google/gemini-3-flash-preview","object":"chat.completion","created":1767358919,
             "choices":[{"logprobs":null,"finish_reason":"tool_calls","native_finish_reason":"STOP","index":0,
               "message":{"role":"assistant","content":"","refusal":null,"reasoning":null,
                 "tool_calls":[{"type":"function","index":0,"id":"tool_123","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Rome\\"}"}}],
                 "reasoning_details":[{"id":"tool_123","format":"google-gemini-v1","index":0,"type":"reasoning.encrypted","data":"abc123"}]}}],
             "usage":{"prompt_tokens":100,"completion_tokens":10,"total_tokens":110}}
            """;

    static String withModel(String model) {
        return REGULAR.replace("\"model\":\"openai/gpt-4o-mini\"", "\"model\":\"" + model + "\"");
    }

    static final String ERROR_502_RAW = """
            {"error":{"message":"Provider returned error","code":502,
              "metadata":{"raw":"{\\n  \\"error\\": {\\n    \\"code\\": 500,\\n    \\"message\\": \\"An internal error has occurred\\",\\n    \\"status\\": \\"INTERNAL\\"\\n  }\\n}\\n",
                "provider_name":"Google AI Studio","isDownstreamPipeClean":true,"isErrorUpstreamFault":true}},"user_id":"user_2s8"}
            """;

    static final String ERROR_429_PLATFORM = """
            {"error":{"message":"Rate limit exceeded: free-models-per-min. ","code":429,
              "metadata":{"headers":{"X-RateLimit-Limit":"20","X-RateLimit-Remaining":"0","X-RateLimit-Reset":"%d"},"provider_name":null}},"user_id":"user_2"}
            """;

    static final String ERROR_429_AVAILABILITY = """
            {"error":{"message":"All providers for anthropic/claude-sonnet-4.5 are at capacity. Retry after 40 seconds.","error_type":"rate_limit_exceeded","http_status":429,
              "availability":{"code":"capacity_exhausted","retryable":true,"retry_after":40,"requested_models":["anthropic/claude-sonnet-4.5"],"affected_providers":["anthropic","amazon-bedrock"],"fallback_models":["anthropic/claude-haiku-4.5"],"docs_url":"https://openrouter.ai/docs/errors#capacity_exhausted"},
              "metadata":{"previous_errors":[{"provider":"anthropic","code":"capacity_exhausted","status":429}]}}}
            """;

    static final String ERROR_403_MODERATION = """
            {"error":{"code":403,"message":"meta-llama/llama-3-70b requires moderation on OpenRouter. Your input was flagged for \\"harassment\\".",
              "metadata":{"reasons":["harassment"],"flagged_input":"you are a...idiot","provider_name":"OpenAI","model_slug":"meta-llama/llama-3-70b"}}}
            """;
}
