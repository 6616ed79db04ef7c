package dev.lambdachain.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.lambdachain.node.Node;
import dev.lambdachain.support.Events;
import dev.lambdachain.support.LocalDynamo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Read-only functions have no write permission in template.yaml, so they must start on an empty
 * table without writing genesis, answer 503 until a writer has, and see the chain afterwards.
 */
class ReadOnlyFunctionTest {
    @RegisterExtension
    static final LocalDynamo dynamo = new LocalDynamo();

    @Test
    void aReaderStartsOnAnEmptyTableAnswers503UntilAWriterCreatesGenesis() {
        Map<String, String> table = Map.of("TABLE_NAME", "readonly" + System.nanoTime());
        Node reader = dynamo.newNode(Map.of("TABLE_NAME", table.get("TABLE_NAME"), "INITIALIZES_CHAIN", "false"));
        APIGatewayV2HTTPResponse early = new InfoHandler(reader).handleRequest(Events.get("/info"), null);
        assertEquals(503, early.getStatusCode(), early.getBody());
        assertTrue(Api.json(early).get("error").asText().contains("no chain yet"));

        Node writer = dynamo.newNode(table);
        new Api(writer).send("genesis", "alice", 5);
        APIGatewayV2HTTPResponse later = new InfoHandler(reader).handleRequest(Events.get("/info"), null);
        assertEquals(200, later.getStatusCode(), later.getBody());
        assertEquals(1, Api.json(later).get("mempool").asLong());
    }
}
