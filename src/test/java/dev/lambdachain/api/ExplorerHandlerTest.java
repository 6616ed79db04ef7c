package dev.lambdachain.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.lambdachain.support.Events;
import dev.lambdachain.support.OpenApiDocument;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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

    /** A module served as anything but JavaScript is refused by the browser, so every one is checked. */
    @Test
    void styleAndEveryModuleAreServedWithTheirTypesAndThePagesHeaders() {
        assertEquals("text/css; charset=utf-8", file("explorer.css").getHeaders().get("Content-Type"));
        for (String module : ExplorerHandler.MODULES) {
            APIGatewayV2HTTPResponse response = file(module);
            assertEquals(200, response.getStatusCode(), module);
            assertEquals("text/javascript; charset=utf-8", response.getHeaders().get("Content-Type"), module);
            assertEquals("nosniff", response.getHeaders().get("X-Content-Type-Options"), module);
            assertEquals(ExplorerHandler.CONTENT_SECURITY_POLICY, response.getHeaders().get("Content-Security-Policy"), module);
        }
    }

    @Test
    void otherFilesAndThePageUnderExplorerSlashAreNotFoundAsJson() {
        for (String name : List.of("index.html", "../template.yaml", "explorer.jsx", "Explorer.js", "", "../explorer/api.js",
                "explorer/api.js", "./api.js", "api.js/")) {
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

    /**
     * Relative links from / and /explorer both land on /explorer/{file}, and a module's imports
     * ('./name.js') beside it: every file the page reaches is served, and every script served is reached.
     */
    @Test
    void everyFileThePageLinksOrImportsIsServed() {
        Matcher links = Pattern.compile("(?:href|src)=\"(explorer/[^\"]+)\"").matcher(page("/").getBody());
        List<String> linked = new ArrayList<>();
        while (links.find()) {
            linked.add(links.group(1).substring("explorer/".length()));
        }
        assertEquals(List.of("explorer.css", "explorer.js"), linked);
        assertTrue(page("/").getBody().contains("<script type=\"module\" src=\"explorer/explorer.js\">"),
                "the entry is loaded as a module");

        Set<String> reached = new TreeSet<>();
        Deque<String> toRead = new ArrayDeque<>(List.of("explorer.js"));
        while (!toRead.isEmpty()) {
            String module = toRead.pop();
            if (reached.add(module)) {
                toRead.addAll(imports(module));
            }
        }
        assertEquals(new TreeSet<>(ExplorerHandler.MODULES), reached);
        assertEquals(200, file("explorer.css").getStatusCode());
    }

    @Test
    void openApiListsEveryFileServedUnderExplorerSlash() {
        Set<String> documented = new TreeSet<>();
        OpenApiDocument.read().operations(false).get("GET /explorer/{file}").path("parameters").get(0)
                .path("schema").path("enum").forEach(name -> documented.add(name.asText()));
        Set<String> served = new TreeSet<>(ExplorerHandler.MODULES);
        served.add("explorer.css");
        assertEquals(served, documented);
    }

    /** The modules {@code module} imports; fails on an import from anywhere but a sibling file. */
    private List<String> imports(String module) {
        APIGatewayV2HTTPResponse response = file(module);
        assertEquals(200, response.getStatusCode(), module);
        Matcher from = Pattern.compile("^import .* from '([^']*)';$", Pattern.MULTILINE).matcher(response.getBody());
        List<String> names = new ArrayList<>();
        while (from.find()) {
            String specifier = from.group(1);
            assertTrue(specifier.matches("\\./[a-z-]+\\.js"), module + " imports " + specifier);
            names.add(specifier.substring(2));
        }
        assertFalse(Pattern.compile("\\bimport\\s*\\(").matcher(response.getBody()).find(), module + " imports dynamically");
        return names;
    }

    /** The page builds its content from text nodes only; these are the ways markup could come back in. */
    @Test
    void noModuleParsesStringsAsMarkupOrCode() {
        for (String module : ExplorerHandler.MODULES) {
            String script = file(module).getBody();
            for (String sink : List.of("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                    "new Function", "setTimeout('", "javascript:", "DOMParser", "createContextualFragment", "localStorage")) {
                assertFalse(script.contains(sink), module + " uses " + sink);
            }
        }
        String html = page("/").getBody();
        assertFalse(html.contains("style=") || html.contains("<style") || Pattern.compile("\\son[a-z]+=").matcher(html).find(),
                "no inline style or handlers: the Content-Security-Policy would block them");
        assertFalse(Pattern.compile("<script>").matcher(html).find(), "no inline script");
    }
}
