package dev.lambdachain.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.lambdachain.log.Log;
import dev.lambdachain.store.CorruptItemException;
import dev.lambdachain.store.StoreFaultException;
import dev.lambdachain.store.StoreUnavailableException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The store's failures as statuses: a store that is busy or away is "try again"; a misconfigured
 * one or a corrupt item is a logged 500 without the detail. (How SDK errors become these
 * exceptions: store/dynamodb/SdkErrorsTest.)
 */
class FailuresTest {
    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private final Log log = new Log(new PrintStream(logged, true, StandardCharsets.UTF_8), Clock.systemUTC(),
            Log.Level.INFO);

    @Test
    void anUnavailableStoreIs503WithRetryAfter() {
        for (RuntimeException failure : new RuntimeException[] {
                new StoreUnavailableException("the store is unavailable or throttling; try again",
                        new ConnectException("refused")),
                new StoreUnavailableException("this node has no chain yet")}) {
            APIGatewayV2HTTPResponse response = Failures.respond(failure, "GET /info", log);
            assertEquals(503, response.getStatusCode(), failure.toString());
            assertEquals(Failures.RETRY_AFTER_SECONDS, response.getHeaders().get("Retry-After"));
        }
    }

    @Test
    void aStoreFaultAndACorruptItemAre500WithoutTheDetail() {
        for (RuntimeException failure : new RuntimeException[] {
                new StoreFaultException("store configuration or permission fault: detail for the log only", null),
                new CorruptItemException("item BLOCK/1: detail for the log only")}) {
            logged.reset();
            APIGatewayV2HTTPResponse response = Failures.respond(failure, "GET /info", log);
            assertEquals(500, response.getStatusCode(), failure.toString());
            assertFalse(response.getBody().contains("detail"), response.getBody());
            assertNull(response.getHeaders().get("Retry-After"));
            String line = logged.toString(StandardCharsets.UTF_8);
            assertTrue(line.contains("\"level\":\"ERROR\"") && line.contains("detail for the log only"), line);
        }
    }
}
