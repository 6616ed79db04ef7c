package dev.lambdachain.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.lambdachain.log.Log;
import dev.lambdachain.metrics.NodeMetrics;
import dev.lambdachain.node.Node;
import dev.lambdachain.node.Setting;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * GET / and GET /explorer (the explorer page), GET /explorer/{file} (its style and its JavaScript
 * modules): plain files carried in the jar, read once per container. The page reads the node through
 * its JSON routes from the browser, so this function needs no table access and no {@link Node}.
 */
public final class ExplorerHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    /**
     * Only files from this origin, nothing inline: a value that slipped into markup could still not
     * run, and the page can talk only to its own node.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'none'";
    private static final String PAGE = "index.html";
    /**
     * The page's JavaScript modules (explorer.js the entry, the others imported from it); a module
     * must be served with a JavaScript type or the browser refuses to run it.
     */
    static final List<String> MODULES = List.of("explorer.js", "api.js", "dom.js", "pages.js", "actions.js",
            "protocol.js", "signing.js");
    private static final Map<String, Asset> ASSETS = assets();
    /** What a 404 lists: every file under /explorer/, the page itself being served only at / and /explorer. */
    private static final String FILES = ASSETS.keySet().stream().filter(name -> !PAGE.equals(name)).sorted()
            .collect(Collectors.joining(", "));

    private final Log log;
    private final NodeMetrics metrics;

    /**
     * For Lambda: a process with no node, so its log (stderr, level from {@code LOG_LEVEL}) and its
     * metrics (stdout) are its own, on the system clock.
     */
    public ExplorerHandler() {
        this(new Log(System.err, Clock.systemUTC(), Log.Level.named(System.getenv(Setting.LOG_LEVEL.variable()))),
                new NodeMetrics(System.out, Clock.systemUTC()));
    }

    /**
     * For the local runner, which builds every function of the template with its node: the page
     * needs only the node's log and metrics.
     */
    public ExplorerHandler(Node node) {
        this(node.log(), node.metrics());
    }

    private ExplorerHandler(Log log, NodeMetrics metrics) {
        this.log = log;
        this.metrics = metrics;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return Invocation.observe(log, metrics, event, context, () -> serve(event));
    }

    private APIGatewayV2HTTPResponse serve(APIGatewayV2HTTPEvent event) {
        Map<String, String> parameters = event == null ? null : event.getPathParameters();
        String file = parameters == null ? null : parameters.get("file");
        // The page is served at / and /explorer only (its relative links resolve from there), its parts under /explorer/.
        Asset asset = file == null ? ASSETS.get(PAGE) : PAGE.equals(file) ? null : ASSETS.get(file);
        if (asset == null) {
            return Http.error(404, "the explorer has no file '" + file + "'; it has " + FILES);
        }
        Map<String, String> headers = event == null ? null : event.getHeaders();
        String ifNoneMatch = headers == null ? null : headers.get("if-none-match");
        boolean unchanged = asset.etag().equals(ifNoneMatch);
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(unchanged ? 304 : 200)
                .withHeaders(Map.of(
                        "Content-Type", asset.contentType(),
                        "Content-Security-Policy", CONTENT_SECURITY_POLICY,
                        "X-Content-Type-Options", "nosniff",
                        "Referrer-Policy", "no-referrer",
                        // revalidated on every load (a 304 when unchanged), so a new deployment shows at once
                        "Cache-Control", "no-cache",
                        "ETag", asset.etag()))
                .withBody(unchanged ? "" : asset.text())
                .withIsBase64Encoded(false)
                .build();
    }

    private static Map<String, Asset> assets() {
        Map<String, Asset> assets = new HashMap<>();
        assets.put(PAGE, Asset.load(PAGE, "text/html; charset=utf-8"));
        assets.put("explorer.css", Asset.load("explorer.css", "text/css; charset=utf-8"));
        MODULES.forEach(name -> assets.put(name, Asset.load(name, "text/javascript; charset=utf-8")));
        return Map.copyOf(assets);
    }

    /** One file of the page with its type and a strong validator of its bytes. */
    private record Asset(String text, String contentType, String etag) {
        static Asset load(String name, String contentType) {
            try (InputStream in = ExplorerHandler.class.getResourceAsStream("/explorer/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("explorer/" + name + " is missing from the build");
                }
                byte[] bytes = in.readAllBytes();
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
                return new Asset(new String(bytes, StandardCharsets.UTF_8), contentType,
                        "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK has SHA-256", e);
            }
        }
    }
}
