package dev.lambdachain.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.lambdachain.support.Events;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The explorer's files as the function serves them: types, security headers, and no way to other files. */
class ExplorerHandlerTest {
    private final ExplorerHandler explorer = new ExplorerHandler();

    private APIGatewayV2HTTPResponse page(String routeKey) {
        return explorer.handleRequest(Events.get(routeKey), null);
    }

    private APIGatewayV2HTTPResponse file(String name) {
        return explorer.handleRequest(Events.get("/explorer/{file}", Map.of("file", name), null), null);
    }

    @Test
    void rootAndExplorerServeThePageWithAStrictContentSecurityPolicy() {
        for (String route : List.of("/", "/explorer")) {
            APIGatewayV2HTTPResponse response = page(route);
            assertEquals(200, response.getStatusCode());
            Map<String, String> headers = response.getHeaders();
            assertEquals("text/html; charset=utf-8", headers.get("Content-Type"));
            assertEquals("nosniff", headers.get("X-Content-Type-Options"));
            String csp = headers.get("Content-Security-Policy");
            assertTrue(csp.contains("default-src 'self'"), csp);
            assertTrue(csp.contains("script-src 'self';"), csp);
            assertTrue(csp.contains("style-src 'self';"), csp);
            assertFalse(csp.contains("unsafe-inline") || csp.contains("unsafe-eval"), csp);
            assertTrue(response.getBody().contains("<main id=\"view\""));
        }
    }

    @Test
    void scriptAndStyleAreServedWithTheirTypes() {
        assertEquals("text/javascript; charset=utf-8", file("explorer.js").getHeaders().get("Content-Type"));
        assertEquals("text/css; charset=utf-8", file("explorer.css").getHeaders().get("Content-Type"));
        assertEquals(200, file("explorer.js").getStatusCode());
    }

    @Test
    void otherFilesAndThePageUnderExplorerSlashAreNotFoundAsJson() {
        for (String name : List.of("index.html", "../template.yaml", "explorer.jsx", "Explorer.js", "")) {
            APIGatewayV2HTTPResponse response = file(name);
            Api.assertError(response, 404, "the explorer has no file");
        }
    }

    @Test
    void aMatchingETagIsAnsweredWithNotModifiedAndNoBody() {
        String etag = file("explorer.js").getHeaders().get("ETag");
        APIGatewayV2HTTPEvent again = Events.get("/explorer/{file}", Map.of("file", "explorer.js"), null);
        again.setHeaders(Map.of("if-none-match", etag));
        APIGatewayV2HTTPResponse response = explorer.handleRequest(again, null);
        assertEquals(304, response.getStatusCode());
        assertEquals("", response.getBody());
        assertEquals(etag, response.getHeaders().get("ETag"));
    }

    /** Relative links from / and /explorer both land on /explorer/{file}: each must be served. */
    @Test
    void everyFileThePageLinksIsServed() {
        Matcher links = Pattern.compile("(?:href|src)=\"(explorer/[^\"]+)\"").matcher(page("/").getBody());
        List<String> files = new ArrayList<>();
        while (links.find()) {
            files.add(links.group(1).substring("explorer/".length()));
        }
        assertEquals(List.of("explorer.css", "explorer.js"), files);
        files.forEach(name -> assertEquals(200, file(name).getStatusCode(), name));
    }

    /** The page builds its content from text nodes only; these are the ways markup could come back in. */
    @Test
    void theScriptNeverParsesStringsAsMarkupOrCode() {
        String script = file("explorer.js").getBody();
        for (String sink : List.of("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                "new Function", "setTimeout('", "javascript:", "DOMParser", "createContextualFragment", "localStorage")) {
            assertFalse(script.contains(sink), "explorer.js uses " + sink);
        }
        String html = page("/").getBody();
        assertFalse(html.contains("style=") || html.contains("<style") || Pattern.compile("\\son[a-z]+=").matcher(html).find(),
                "no inline style or handlers: the Content-Security-Policy would block them");
        assertFalse(Pattern.compile("<script>").matcher(html).find(), "no inline script");
    }
}
