package dev.lambdachain.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.lambdachain.node.NodeConfig;
import dev.lambdachain.support.LocalDynamo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every sum of amounts is exact: an overflow is a refused configuration or a 4xx, never a wrapped balance. */
class ExactMoneyTest {
    @RegisterExtension
    static final LocalDynamo dynamo = new LocalDynamo();

    @Test
    void aSupplyThatRewardsCouldOverflowIsRefusedAtStartWithAMessage() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> NodeConfig.from(Map.of(NodeConfig.GENESIS_SUPPLY, Long.toString(Long.MAX_VALUE))));
        assertTrue(refused.getMessage().contains("does not fit in a balance"), refused.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> NodeConfig.from(Map.of(NodeConfig.BLOCK_REWARD, Long.toString(Long.MAX_VALUE / 2))));
    }

    @Test
    void theLargestAcceptedSupplyCanBeSentAndMinedWithoutABalanceGoingNegative() {
        long supply = Long.MAX_VALUE - 10 * dev.lambdachain.core.ChainParams.MAX_HEIGHT;
        Api api = new Api(dynamo.newNode(Map.of(NodeConfig.GENESIS_SUPPLY, Long.toString(supply),
                NodeConfig.DIFFICULTY, "1")));
        assertEquals(201, api.send("genesis", "alice", supply).getStatusCode());
        APIGatewayV2HTTPResponse mined = api.mine.handleRequest(
                dev.lambdachain.support.Events.get("/mine", Map.of(), Map.of("miner", "alice")), null);
        assertEquals(200, mined.getStatusCode(), mined.getBody());
        assertEquals(supply + 10, api.balanceOf("alice"));
        assertEquals(true, api.validate().get("valid").asBoolean());
        Api.assertError(api.send("alice", "bob", Long.MAX_VALUE), 422, "insufficient funds");
    }

    @Test
    void aRefusedSpendSaysWhatTheSenderHasFromTheRefusedWriteItself() {
        Api api = new Api(dynamo.newNode(Map.of(NodeConfig.DIFFICULTY, "1")));
        api.send("genesis", "alice", 100);
        api.mine();
        api.send("alice", "bob", 30);
        Api.assertError(api.send("alice", "bob", 1000), 422,
                "alice has 70 available (balance 100, pending outgoing 30), needs 1000");
    }
}
