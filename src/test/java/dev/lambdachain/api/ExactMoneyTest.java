package dev.lambdachain.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.lambdachain.core.ChainParams;
import dev.lambdachain.core.SignatureMode;
import dev.lambdachain.node.NodeConfig;
import dev.lambdachain.support.TestKey;
import dev.lambdachain.support.LocalDynamo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
    void aChainRequiringSignaturesRefusesNamedGenesisAndMinerAddressesAtStart() {
        IllegalArgumentException genesis = assertThrows(IllegalArgumentException.class,
                () -> NodeConfig.from(Map.of(NodeConfig.SIGNATURE_MODE, "required")));
        assertTrue(genesis.getMessage().contains("genesis address 'genesis' is a named account"), genesis.getMessage());
        String key = TestKey.numbered(1).address();
        IllegalArgumentException miner = assertThrows(IllegalArgumentException.class,
                () -> NodeConfig.from(Map.of(NodeConfig.SIGNATURE_MODE, "required", NodeConfig.GENESIS_ADDRESS, key)));
        assertTrue(miner.getMessage().contains("MINER_ADDRESS 'miner' is a named account"), miner.getMessage());
        IllegalArgumentException mode = assertThrows(IllegalArgumentException.class,
                () -> NodeConfig.from(Map.of(NodeConfig.SIGNATURE_MODE, "UNSIGNED")));
        assertTrue(mode.getMessage().contains("'required' or 'dev'"), mode.getMessage());
        assertEquals(SignatureMode.REQUIRED, NodeConfig.from(Map.of(NodeConfig.SIGNATURE_MODE,
                "required", NodeConfig.GENESIS_ADDRESS, key, NodeConfig.MINER_ADDRESS, key)).chain().signatureMode());
    }

    @Test
    void chainsOfDifferentSignatureModesHaveDifferentGenesisHashes() {
        ChainParams local = ChainParams.defaults();
        ChainParams withKey = new ChainParams(local.difficulty(), local.reward(), TestKey.numbered(1).address(),
                local.genesisSupply(), local.genesisTimestamp(), local.maxTransactionsPerBlock(),
                local.maxFutureDriftMillis(), SignatureMode.DEV);
        assertEquals("6d9ad42a9ab2177197765f8ab3a18d778c16f0309526125acccf238d39812e02", local.genesis().hash().hex());
        assertNotEquals(withKey.genesis().hash(), withKey.withSignatureMode(SignatureMode.REQUIRED).genesis().hash());
    }

    @Test
    void theLargestAcceptedSupplyCanBeSentAndMinedWithoutABalanceGoingNegative() {
        long supply = Long.MAX_VALUE - 10 * ChainParams.MAX_HEIGHT;
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
