package dev.devora.orchestration.benchmarks;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.devora.orchestration.llm.LlmMessage;
import dev.devora.orchestration.llm.LlmRequest;
import dev.devora.orchestration.llm.LlmResponse;
import dev.devora.orchestration.openrouter.OpenRouterProvider;
import dev.devora.orchestration.openrouter.ProviderRouting;
import dev.devora.orchestration.openrouter.RetrySettings;
import dev.devora.orchestration.openrouter.internal.HttpTransport;
import dev.devora.orchestration.openrouter.internal.Json;
import dev.devora.orchestration.openrouter.internal.ResponseMapper;
import dev.devora.orchestration.openrouter.internal.RequestMapper;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Client cost of one non-streaming chat completion against a loopback stub ({@link StubServer}), side by side:
 *
 * <ul>
 *   <li>{@code rawJdk}: the floor for the provider. A plain {@code java.net.http.HttpClient} (HTTP/1.1, as the
 *       provider configures it for {@code http://}) POSTs the exact bytes the provider would send (prebuilt once),
 *       with the same headers, and reads the body as a {@code byte[]}. No JSON either way.</li>
 *   <li>{@code provider}: {@code OpenRouterProvider.complete(request)}, retries off ({@code RetrySettings.NONE}),
 *       circuit breakers on (the default: their bookkeeping is part of every call). Request mapping, serialisation,
 *       the blocking send with its body deadline, response parsing and mapping to {@code LlmResponse}.</li>
 *   <li>{@code providerNoNetwork} (decomposition): {@code provider} on a {@link ReplayHttpClient} that answers with
 *       the stub's bytes on the calling thread: the provider's own work per call, without HTTP.</li>
 *   <li>{@code transport} (decomposition): the provider's own transport for non-streamed answers,
 *       {@code internal.HttpTransport.sendForBytes}, on the same prebuilt request and a JDK client configured as the
 *       provider's: a blocking {@code send} with the deadline body handler, the deadline task scheduled and cancelled
 *       per call. {@code transport − rawJdk} is what the deadline costs over a plain {@code send}.</li>
 *   <li>{@code mapping} (decomposition, no network): request mapping and serialisation
 *       ({@code RequestMapper.toJson} + {@code writeValueAsBytes}) and response mapping ({@code ResponseMapper.map}
 *       on the stub's bytes): the provider's JSON work per call.</li>
 *   <li>{@code rawOkHttp}: the floor for openai-java. A plain {@code OkHttpClient} POSTs the same bytes, reads the
 *       body as {@code byte[]}.</li>
 *   <li>{@code openaiJava}: openai-java's {@code OpenAIOkHttpClient} ({@code maxRetries(0)}) doing the same
 *       chat completion; the answer's text, usage and model are read, so its lazy JSON is actually decoded.</li>
 *   <li>{@code openaiJavaMapping} (decomposition, no network): openai-java's JSON work per call, with its own
 *       mapper: the request body serialised, the stub's bytes read as a {@code ChatCompletion}, the same fields read.</li>
 * </ul>
 *
 * Overhead of a client = its time (bytes) minus its own transport's floor. With {@code -prof gc},
 * {@code gc.alloc.rate.norm} counts every thread in the JVM, the stub's included; each iteration therefore prints
 * a {@code stub:} line with the bytes the stub allocated per request, to subtract (it cancels out in the
 * differences, up to header count), and the process CPU time per request (every thread: client, selector, stub),
 * which is less sensitive than wall time to a loaded machine's scheduling delays.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar OpenRouterBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class OpenRouterBenchmark {
    static final String MODEL = "openai/gpt-4o-mini";
    static final String SYSTEM = "You are a concise assistant. Answer in one paragraph.";
    static final String USER = "Name the three most common HTTP verbs and say what each is for.";
    static final String KEY = "sk-or-v1-benchmark0000000000000000000000000000000000000000000000000000";

    private StubServer stub;
    private OpenRouterProvider provider;
    private LlmRequest request;
    private OpenRouterProvider offlineProvider;
    private HttpClient jdk;
    private HttpRequest jdkRequest;
    private HttpTransport transport;
    private byte[] stubBody;
    private java.net.http.HttpHeaders stubHeaders;
    private OkHttpClient okHttp;
    private Request okRequest;
    private OpenAIClient openai;
    private ChatCompletionCreateParams openaiParams;
    private long stubBytes;
    private long stubRequests;
    private long cpuNanos;
    private long stubConnections;
    private java.util.Map<Long, Long> threadCpu;

    @Setup
    public void setUp() throws IOException {
        stub = new StubServer();
        String base = stub.baseUrl();
        provider = OpenRouterProvider.builder()
                .apiKey(KEY)
                .baseUrl(base)
                .retry(RetrySettings.NONE)
                .build();
        request = request();

        // the provider's exact request body, built once
        byte[] body = Json.MAPPER.writeValueAsBytes(
                RequestMapper.toJson(request, MODEL, List.of(), ProviderRouting.NONE, null, false));
        jdk = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        jdkRequest = HttpRequest.newBuilder(URI.create(base + "/chat/completions"))
                .timeout(Duration.ofMinutes(10))
                .header("Authorization", "Bearer " + KEY)
                .header("Accept", "application/json")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();

        transport = new HttpTransport(HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10))
                .build());
        stubBody = StubServer.COMPLETION.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        stubHeaders = java.net.http.HttpHeaders.of(java.util.Map.of("content-type", List.of("application/json")),
                (a, b) -> true);
        offlineProvider = OpenRouterProvider.builder()
                .apiKey(KEY)
                .baseUrl(base)
                .retry(RetrySettings.NONE)
                .httpClient(new ReplayHttpClient(stubBody, "application/json", 16 * 1024))
                .build();

        okHttp = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();
        okRequest = new Request.Builder()
                .url(base + "/chat/completions")
                .header("Authorization", "Bearer " + KEY)
                .header("Accept", "application/json")
                .post(RequestBody.create(body, MediaType.get("application/json")))
                .build();

        openai = OpenAIOkHttpClient.builder()
                .apiKey(KEY)
                .baseUrl(base)
                .maxRetries(0)
                .build();
        openaiParams = ChatCompletionCreateParams.builder()
                .model(MODEL)
                .addSystemMessage(SYSTEM)
                .addUserMessage(USER)
                .temperature(0.2)
                .maxCompletionTokens(512)
                .build();
    }

    static LlmRequest request() {
        return LlmRequest.builder()
                .model(MODEL)
                .message(LlmMessage.system(SYSTEM))
                .message(LlmMessage.user(USER))
                .temperature(0.2)
                .maxTokens(512)
                .build();
    }

    @Setup(Level.Iteration)
    public void markStub() {
        stubBytes = stub.allocatedBytes();
        stubRequests = stub.requests();
        cpuNanos = processCpuNanos();
        stubConnections = stub.connections();
        threadCpu = threadCpu();
    }

    /** CPU time of every live Java thread (JIT and GC threads are not Java threads: not included). */
    private static java.util.Map<Long, Long> threadCpu() {
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        java.util.Map<Long, Long> out = new java.util.HashMap<>();
        for (long id : mx.getAllThreadIds()) {
            long t = mx.getThreadCpuTime(id);
            if (t >= 0) out.put(id, t);
        }
        return out;
    }

    private static String threadGroup(String name) {
        if (name.contains("jmh-worker")) return "caller";
        if (name.contains("SelectorManager")) return "jdk-selector";
        if (name.startsWith("HttpClient-")) return "jdk-executor";
        if (name.startsWith("openrouter-deadline")) return "watchdog";
        if (name.contains("OkHttp")) return "okhttp";
        if (name.startsWith("HTTP-Dispatcher") || name.startsWith("stub-")) return "stub";
        return "other";
    }

    /** CPU µs per request by thread group since the iteration started, e.g. "caller 120, jdk-executor 80, ...". */
    private String cpuByThread(long requests) {
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        java.util.Map<String, Long> groups = new java.util.TreeMap<>();
        for (java.lang.management.ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (info == null) continue;
            long now = mx.getThreadCpuTime(info.getThreadId());
            if (now < 0) continue;
            long d = now - threadCpu.getOrDefault(info.getThreadId(), 0L);
            groups.merge(threadGroup(info.getThreadName()), d, Long::sum);
        }
        StringBuilder b = new StringBuilder();
        groups.forEach((g, ns) -> b.append(b.length() == 0 ? "" : ", ").append(g).append(' ')
                .append(String.format("%.0f", ns / 1000.0 / requests)));
        return b.toString();
    }

    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }

    @TearDown(Level.Iteration)
    public void reportStub(BenchmarkParams params) {
        long cpu = processCpuNanos() - cpuNanos;
        long c = stub.connections() - stubConnections;
        long n = stub.requests() - stubRequests;
        long b = stub.allocatedBytes() - stubBytes;
        if (n > 0 && b >= 0) {
            System.out.printf("%nstub: %s %,d B/request allocated by the stub's threads (%,d requests); "
                            + "process CPU %.1f us/request (all threads, stub included); %,d new connections%n",
                    params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1), b / n, n,
                    cpu / 1000.0 / n, c);
            System.out.printf("thread cpu: %s us/request: %s%n",
                    params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1), cpuByThread(n));
        }
    }

    @TearDown
    public void tearDown() {
        okHttp.dispatcher().executorService().shutdown();
        okHttp.connectionPool().evictAll();
        openai.close();
        stub.close();
    }

    @Benchmark
    public byte[] rawJdk() throws IOException, InterruptedException {
        HttpResponse<byte[]> r = jdk.send(jdkRequest, HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) throw new IllegalStateException("HTTP " + r.statusCode());
        return r.body();
    }

    @Benchmark
    public LlmResponse provider() {
        return provider.complete(request);
    }

    /**
     * {@code provider} without a network: the same call on a {@link ReplayHttpClient} that answers with the stub's
     * bytes on the calling thread. All that is left is the provider's own work per call.
     */
    @Benchmark
    public LlmResponse providerNoNetwork() {
        return offlineProvider.complete(request);
    }

    @Benchmark
    public byte[] transport() {
        HttpTransport.Answer answer = transport.sendForBytes(jdkRequest, Duration.ofMinutes(10), MODEL);
        if (answer.status() != 200) throw new IllegalStateException("HTTP " + answer.status());
        return answer.body();
    }

    @Benchmark
    public LlmResponse mapping() throws IOException {
        byte[] body = Json.MAPPER.writeValueAsBytes(
                RequestMapper.toJson(request, MODEL, List.of(), ProviderRouting.NONE, null, false));
        if (body.length == 0) throw new IllegalStateException();
        return ResponseMapper.map(stubBody, stubHeaders, MODEL, null, Duration.ZERO, java.time.Clock.systemUTC());
    }

    @Benchmark
    public Object openaiJavaMapping() throws IOException {
        com.fasterxml.jackson.databind.json.JsonMapper mapper = com.openai.core.ObjectMappers.jsonMapper();
        byte[] body = mapper.writeValueAsBytes(openaiParams._body());
        if (body.length == 0) throw new IllegalStateException();
        ChatCompletion c = mapper.readValue(stubBody, ChatCompletion.class);
        return read(c);
    }

    private static Object read(ChatCompletion c) {
        String text = c.choices().get(0).message().content().orElseThrow();
        long tokens = c.usage().orElseThrow().totalTokens();
        return text.length() + tokens + c.model().length();
    }

    @Benchmark
    public byte[] rawOkHttp() throws IOException {
        try (Response r = okHttp.newCall(okRequest).execute()) {
            if (r.code() != 200) throw new IllegalStateException("HTTP " + r.code());
            return r.body().bytes();
        }
    }

    @Benchmark
    public Object openaiJava() {
        return read(openai.chat().completions().create(openaiParams));
    }

    /** The call each benchmark makes, once, for the test. */
    String check(String which) throws Exception {
        return switch (which) {
            case "rawJdk" -> new String(rawJdk(), java.nio.charset.StandardCharsets.UTF_8);
            case "provider" -> provider().text();
            case "providerNoNetwork" -> providerNoNetwork().text();
            case "transport" -> new String(transport(), java.nio.charset.StandardCharsets.UTF_8);
            case "mapping" -> mapping().text();
            case "rawOkHttp" -> new String(rawOkHttp(), java.nio.charset.StandardCharsets.UTF_8);
            case "openaiJavaMapping" -> String.valueOf(openaiJavaMapping());
            case "openaiJava" -> openai.chat().completions().create(openaiParams).choices().get(0).message().content().orElseThrow();
            default -> throw new IllegalArgumentException(which);
        };
    }
}
