package dev.lambdachain.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdachain.node.Node;
import dev.lambdachain.support.LocalDynamo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GET /validate finds what was changed behind the node's back, in the chain and in the balances. */
class ValidateRouteTest {
    @RegisterExtension
    static final LocalDynamo dynamo = new LocalDynamo();

    private static Api chainWithThreeBlocks() {
        Api api = new Api(dynamo.newNode());
        api.send("genesis", "alice", 100);
        api.mine();
        api.send("alice", "bob", 30);
        api.mine();
        api.mine();
        JsonNode ok = api.validate();
        assertTrue(ok.get("valid").asBoolean(), ok.toString());
        assertEquals(4, ok.get("length").asLong());
        assertEquals(4, ok.get("accounts_checked").asLong());
        return api;
    }

    private static void overwrite(Node node, String pk, String sk, String attribute, AttributeValue value) {
        dynamo.client().updateItem(b -> b.tableName(node.config().tableName())
                .key(Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(sk)))
                .updateExpression("SET #a = :v")
                .expressionAttributeNames(Map.of("#a", attribute))
                .expressionAttributeValues(Map.of(":v", value)));
    }

    @Test
    void aTamperedBlockIsReportedAtItsHeight() {
        Api api = chainWithThreeBlocks();
        String key = String.format("%019d", 2);
        String body = dynamo.client().getItem(b -> b.tableName(api.node.config().tableName())
                .key(Map.of("pk", AttributeValue.fromS("BLOCK"), "sk", AttributeValue.fromS(key)))).item().get("body").s();
        String forged = body.replace("\"bob\",30,", "\"bob\",3,");
        assertFalse(forged.equals(body));
        overwrite(api.node, "BLOCK", key, "body", AttributeValue.fromS(forged));
        JsonNode result = api.validate();
        assertFalse(result.get("valid").asBoolean());
        assertEquals(2, result.get("height").asLong());
    }

    @Test
    void aStoredBalanceThatDisagreesWithTheChainIsReported() {
        Api api = chainWithThreeBlocks();
        overwrite(api.node, "ACCOUNT", "bob", "balance", AttributeValue.fromN("3000"));
        JsonNode result = api.validate();
        assertFalse(result.get("valid").asBoolean());
        assertTrue(result.get("error").asText().contains("stored balance of bob is 3000 but the chain gives 30"),
                result.toString());
    }

    @Test
    void aChainOfFullBlocksLargerThanOneDynamoDbPageValidatesWhole() {
        Api api = new Api(dynamo.newNode(Map.of("DIFFICULTY", "0")));
        int blocks = 130; // 31 transactions with 64-character addresses: ~9 KB a block, ~114 to a 1 MB page
        for (int h = 1; h <= blocks; h++) {
            for (int i = 0; i < 31; i++) {
                String recipient = String.format("%064d", h * 100 + i);
                assertEquals(201, api.send("genesis", recipient, 1).getStatusCode());
            }
            assertEquals(200, api.mine().getStatusCode());
        }
        JsonNode result = api.validate();
        assertTrue(result.get("valid").asBoolean(), result.toString());
        assertEquals(blocks + 1, result.get("length").asLong());
        assertEquals(blocks + 1, api.node.queries().blocks(0, 500).blocks().size());
    }

    @Test
    void aCorruptStoredBlockIsAServerFaultForReadersAndABadHeightForTheAudit() {
        Api api = chainWithThreeBlocks();
        overwrite(api.node, "BLOCK", String.format("%019d", 1), "body", AttributeValue.fromS("not a block"));
        assertEquals(500, api.chain.handleRequest(dev.lambdachain.support.Events.get("/chain"), null).getStatusCode());
        JsonNode result = api.validate();
        assertFalse(result.get("valid").asBoolean());
        assertEquals(1, result.get("height").asLong());
    }
}
