package dev.lambdachain.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Assumptions;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real headless Chromium (Debian's {@code chromium} package), driven over the Chrome DevTools
 * Protocol with the JDK's own WebSocket client: no driver binary, no browser download, no library.
 * One browser, one page; JavaScript dialogs are recorded and dismissed, page errors and
 * Content-Security-Policy violations recorded, so a test can assert there were none.
 *
 * <p>Where no Chromium is installed the test is skipped (an aborted assumption) with the way to
 * install one: {@code .ci/install-chromium.sh}.
 */
public final class HeadlessChromium implements AutoCloseable {
    /** Names tried on the PATH after {@code $CHROMIUM} and /usr/bin/chromium. */
    private static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome");
    /**
     * Headless, as root in a container (no sandbox), and with none of the background traffic that
     * this machine's closed network would refuse over and over.
     */
    private static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu",
            "--disable-dev-shm-usage", "--disable-quic", "--no-first-run", "--no-default-browser-check",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-extensions", "--mute-audio", "--hide-scrollbars", "--window-size=1280,900",
            "--remote-debugging-port=0", "--remote-debugging-address=127.0.0.1");
    private static final Pattern DEVTOOLS_URL = Pattern.compile("DevTools listening on (ws://\\S+)");
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final Path profile;
    private final StringBuffer output;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<String> dialogs = new CopyOnWriteArrayList<>();
    private final List<String> pageErrors = new CopyOnWriteArrayList<>();

    private HeadlessChromium(Process process, Path profile, StringBuffer output, URI pageSocket) {
        this.process = process;
        this.profile = profile;
        this.output = output;
        this.socket = HTTP.newWebSocketBuilder().buildAsync(pageSocket, new Listener()).join();
        for (String domain : List.of("Page.enable", "Runtime.enable", "Log.enable")) {
            call(domain, JSON.createObjectNode());
        }
    }

    /** The Chromium executable: {@code $CHROMIUM}, /usr/bin/chromium, else the first of {@link #NAMES} on the PATH. */
    public static Optional<Path> binary() {
        String configured = System.getenv("CHROMIUM");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured)).filter(Files::isExecutable);
        }
        Stream<Path> candidates = Stream.concat(Stream.of(Path.of("/usr/bin/chromium")),
                Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                        .filter(dir -> !dir.isEmpty())
                        .flatMap(dir -> NAMES.stream().map(name -> Path.of(dir, name))));
        return candidates.filter(Files::isExecutable).findFirst();
    }

    /** Skips the calling test where no Chromium is installed. */
    public static Path requireBinary() {
        Optional<Path> binary = binary();
        Assumptions.assumeTrue(binary.isPresent(),
                "skipped: no Chromium (set CHROMIUM, or run .ci/install-chromium.sh to install Debian's chromium)");
        return binary.get();
    }

    /** Starts Chromium with a fresh profile and attaches to its page; skips the test where there is no Chromium. */
    public static HeadlessChromium launch() throws IOException {
        Path binary = requireBinary();
        Path profile = Files.createTempDirectory("lambdachain-chromium-");
        List<String> command = new ArrayList<>(List.of(binary.toString()));
        command.addAll(FLAGS);
        command.add("--user-data-dir=" + profile);
        command.add("about:blank");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        StringBuffer output = new StringBuffer();
        CompletableFuture<String> browserSocket = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    output.append(line).append('\n');
                    Matcher url = DEVTOOLS_URL.matcher(line);
                    if (url.find()) {
                        browserSocket.complete(url.group(1));
                    }
                }
            } catch (IOException ignored) {
                // the browser is gone; its output so far is kept
            }
            browserSocket.completeExceptionally(new IOException("Chromium exited before it listened"));
        }, "chromium-output");
        reader.setDaemon(true);
        reader.start();
        try {
            URI browser = URI.create(browserSocket.get(60, TimeUnit.SECONDS));
            return new HeadlessChromium(process, profile, output, pageSocket(browser));
        } catch (Exception e) {
            stop(process, profile);
            throw new IOException("Chromium did not start: " + e + "\n" + output, e);
        }
    }

    /** The WebSocket of the browser's first page, from the DevTools HTTP endpoint beside the browser's socket. */
    private static URI pageSocket(URI browser) throws IOException, InterruptedException {
        URI list = URI.create("http://" + browser.getHost() + ":" + browser.getPort() + "/json/list");
        for (int attempt = 0; attempt < 50; attempt++) {
            HttpResponse<String> reply = HTTP.send(HttpRequest.newBuilder(list).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            for (JsonNode target : JSON.readTree(reply.body())) {
                if ("page".equals(target.path("type").asText())) {
                    return URI.create(target.path("webSocketDebuggerUrl").asText());
                }
            }
            Thread.sleep(100);
        }
        throw new IOException("Chromium shows no page target at " + list);
    }

    // ---------------------------------------------------------------- what a test does with the page

    /** Loads {@code url} and waits until the document and its deferred scripts have run. */
    public void open(String url) {
        ObjectNode params = JSON.createObjectNode().put("url", url);
        JsonNode result = call("Page.navigate", params);
        if (result.hasNonNull("errorText")) {
            throw new IllegalStateException("navigation to " + url + " failed: " + result.get("errorText").asText());
        }
        waitFor("document.readyState === 'complete'", Duration.ofSeconds(30));
    }

    /** Runs a JavaScript expression in the page (promises awaited) and returns its JSON value. */
    public JsonNode evaluate(String expression) {
        ObjectNode params = JSON.createObjectNode()
                .put("expression", expression)
                .put("returnByValue", true)
                .put("awaitPromise", true);
        JsonNode result = call("Runtime.evaluate", params);
        if (result.has("exceptionDetails")) {
            throw new IllegalStateException("script failed: " + expression + "\n" + result.get("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    /** Waits until {@code condition} (a JavaScript expression) is true; fails showing what the page says. */
    public void waitFor(String condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                if (evaluate("Boolean(" + condition + ")").asBoolean()) {
                    return;
                }
            } catch (IllegalStateException navigating) {
                // the page is between documents: ask again
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + timeout.toSeconds() + " s for " + condition + "; the page shows:\n"
                        + evaluate("document.body ? document.body.innerText : ''").asText());
            }
            sleep(100);
        }
    }

    /** Waits until the element {@code selector} exists and its text equals {@code text}. */
    public void waitForText(String selector, String text) {
        waitFor("(document.querySelector(" + quote(selector) + ") || {}).textContent === " + quote(text),
                Duration.ofSeconds(30));
    }

    /** The text of the first element {@code selector} matches, or null. */
    public String text(String selector) {
        JsonNode value = evaluate("(document.querySelector(" + quote(selector) + ") || {}).textContent");
        return value.isMissingNode() || value.isNull() ? null : value.asText();
    }

    /** Focuses {@code selector}, replaces its value by typing {@code text} as a person would. */
    public void type(String selector, String text) {
        evaluate("(() => { const e = document.querySelector(" + quote(selector) + "); e.focus(); e.select && e.select(); "
                + "e.value = ''; return true; })()");
        call("Input.insertText", JSON.createObjectNode().put("text", text));
    }

    /** Clicks the element {@code selector}. */
    public void click(String selector) {
        evaluate("document.querySelector(" + quote(selector) + ").click()");
    }

    /**
     * Chooses {@code file} in the file input {@code selector}, as a person picking it in the file
     * dialog would (DOM.setFileInputFiles): the page gets its input and change events.
     */
    public void chooseFile(String selector, Path file) {
        JsonNode element = call("Runtime.evaluate",
                JSON.createObjectNode().put("expression", "document.querySelector(" + quote(selector) + ")"));
        String objectId = element.path("result").path("objectId").asText(null);
        if (objectId == null) {
            throw new IllegalStateException("the page has no element " + selector);
        }
        ObjectNode params = JSON.createObjectNode().put("objectId", objectId);
        params.putArray("files").add(file.toAbsolutePath().toString());
        call("DOM.setFileInputFiles", params);
    }

    /** A phone-sized viewport (390 x 844 CSS pixels, touch) or, with {@code false}, the desktop window again. */
    public void phone(boolean phone) {
        if (phone) {
            call("Emulation.setDeviceMetricsOverride", JSON.createObjectNode()
                    .put("width", 390).put("height", 844).put("deviceScaleFactor", 2).put("mobile", true));
        } else {
            call("Emulation.clearDeviceMetricsOverride", JSON.createObjectNode());
        }
    }

    /** A PNG of the viewport. */
    public void screenshot(Path file) throws IOException {
        JsonNode shot = call("Page.captureScreenshot", JSON.createObjectNode().put("format", "png"));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, Base64.getDecoder().decode(shot.path("data").asText()));
    }

    /** Messages of alert/confirm/prompt dialogs the page opened (each dismissed at once). */
    public List<String> dialogs() {
        return List.copyOf(dialogs);
    }

    /** Uncaught exceptions and Content-Security-Policy violations since the browser started. */
    public List<String> pageErrors() {
        return List.copyOf(pageErrors);
    }

    /** A JavaScript string literal of {@code text}. */
    public static String quote(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- the protocol

    private JsonNode call(String method, ObjectNode params) {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", params);
        send(message);
        try {
            JsonNode answer = reply.get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (answer.has("error")) {
                throw new IllegalStateException(method + " failed: " + answer.get("error"));
            }
            return answer.path("result");
        } catch (TimeoutException e) {
            throw new IllegalStateException(method + " got no answer within " + CALL_TIMEOUT.toSeconds() + " s\n" + output, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(method + " failed", e.getCause());
        } finally {
            pending.remove(id);
        }
    }

    private synchronized void send(ObjectNode message) {
        try {
            socket.sendText(JSON.writeValueAsString(message), true).join();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void onEvent(String method, JsonNode params) {
        switch (method) {
            case "Page.javascriptDialogOpening" -> {
                dialogs.add(params.path("type").asText() + ": " + params.path("message").asText());
                ObjectNode dismiss = JSON.createObjectNode().put("accept", false);
                ObjectNode message = JSON.createObjectNode().put("id", ids.incrementAndGet())
                        .put("method", "Page.handleJavaScriptDialog");
                message.set("params", dismiss);
                CompletableFuture.runAsync(() -> send(message));
            }
            case "Runtime.exceptionThrown" -> pageErrors.add("exception: " + params.path("exceptionDetails"));
            case "Log.entryAdded" -> {
                String text = params.path("entry").path("text").asText();
                if (text.contains("Content Security Policy")) {
                    pageErrors.add("CSP: " + text);
                }
            }
            default -> {
            }
        }
    }

    /** Reassembles fragmented text frames; answers complete their call, events go to {@link #onEvent}. */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    JsonNode message = JSON.readTree(text);
                    if (message.has("id")) {
                        CompletableFuture<JsonNode> waiting = pending.get(message.get("id").asInt());
                        if (waiting != null) {
                            waiting.complete(message);
                        }
                    } else {
                        onEvent(message.path("method").asText(), message.path("params"));
                    }
                } catch (IOException e) {
                    pageErrors.add("unreadable DevTools message: " + e);
                }
            }
            webSocket.request(1);
            return null;
        }
    }

    // ---------------------------------------------------------------- the end

    @Override
    public void close() {
        socket.abort();
        stop(process, profile);
    }

    /** Ends the browser and the helper processes it started, then removes its profile. */
    private static void stop(Process process, Path profile) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temporary profile left behind is harmless
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
