package dev.lambdachain.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.lambdachain.node.Node;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * GET / and GET /explorer (the explorer page), GET /explorer/{file} (its script and style): plain
 * files carried in the jar, read once per container. The page reads the node through its JSON
 * routes from the browser, so this function needs no table access and no {@link Node}.
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
    private static final Map<String, Asset> ASSETS = Map.of(
            PAGE, Asset.load(PAGE, "text/html; charset=utf-8"),
            "explorer.css", Asset.load("explorer.css", "text/css; charset=utf-8"),
            "explorer.js", Asset.load("explorer.js", "text/javascript; charset=utf-8"));

    /** For Lambda. */
    public ExplorerHandler() {
    }

    /** For the local runner, which builds every function of the template with its node; the page needs none. */
    public ExplorerHandler(Node node) {
        this();
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        Map<String, String> parameters = event == null ? null : event.getPathParameters();
        String file = parameters == null ? null : parameters.get("file");
        // The page is served at / and /explorer only (its relative links resolve from there), its parts under /explorer/.
        Asset asset = file == null ? ASSETS.get(PAGE) : PAGE.equals(file) ? null : ASSETS.get(file);
        if (asset == null) {
            return Http.error(404, "the explorer has no file '" + file + "'; it has explorer.css and explorer.js");
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
