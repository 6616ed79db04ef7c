package dev.lambdachain.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdachain.core.Hash;
import dev.lambdachain.core.Transaction;
import dev.lambdachain.node.NodeConfig;
import dev.lambdachain.support.Events;
import dev.lambdachain.support.LocalDynamo;
import dev.lambdachain.support.TestKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The block limit is worth the name: 1,000 pending transfers, between named accounts on a dev
 * chain with the default settings and signed by real Ed25519 keys on a chain that requires
 * signatures, and one /mine confirms them all in one block (far more than one DynamoDB
 * transaction holds, and with its body in parts), each at that height, with exact balances and a
 * chain that /validate accepts.
 */
class BigBlockTest {
    @RegisterExtension
    static final LocalDynamo dynamo = new LocalDynamo();

    private static final int SENDERS = 10;
    private static final int TRANSFERS = 1_000;

    @Test
    void oneMineConfirmsAThousandPendingTransfersInOneBlock() {
        Api api = new Api(dynamo.newNode());
        api.node.prepareChain();
        for (int s = 0; s < SENDERS; s++) {
            ReorganisationTest.id(api, "genesis", "s" + s, 10_000);
        }
        assertEquals(200, api.mine().getStatusCode());
        // each sender pays its own 100 recipients, so a sender's transfers depend on its balance in order
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < TRANSFERS; i++) {
            ids.add(ReorganisationTest.id(api, "s" + (i % SENDERS), "r" + i, 1 + i % 7));
        }

        mineOneBlockOfAll(api, ids);
        long[] spent = new long[SENDERS];
        for (int i = 0; i < TRANSFERS; i++) {
            assertEquals(1 + i % 7, api.balanceOf("r" + i), "r" + i);
            spent[i % SENDERS] += 1 + i % 7;
        }
        for (int s = 0; s < SENDERS; s++) {
            assertEquals(10_000 - spent[s], api.balanceOf("s" + s), "s" + s);
        }
        assertEquals(1_000_000 - SENDERS * 10_000, api.balanceOf("genesis"));
        assertEquals(20, api.balanceOf("miner"), "two coinbases");
        JsonNode chain = Api.json(api.chain.handleRequest(Events.get("/chain", null, Map.of("limit", "10")), null));
        assertEquals(3, chain.get("length").asInt());
        assertEquals(TRANSFERS + 1, chain.get("chain").get(2).get("transactions").size(), "/chain reads the parts back");

        // pages are bounded by bytes as well as count: the big block (about 150 KB) starts a page of its own
        ChainHandler smallPages = new ChainHandler(api.node, 100_000);
        JsonNode first = Api.json(smallPages.handleRequest(Events.get("/chain", null, Map.of("limit", "10")), null));
        assertEquals(2, first.get("chain").size(), first.get("chain").toString().length() + " bytes");
        assertEquals(2, first.get("next").asLong());
        JsonNode second = Api.json(smallPages.handleRequest(Events.get("/chain", null,
                Map.of("from", "2", "limit", "10")), null));
        assertEquals(1, second.get("chain").size(), "a block larger than the bound still goes, alone");
        assertEquals(TRANSFERS + 1, second.get("chain").get(0).get("transactions").size());
        assertTrue(second.path("next").isMissingNode(), "the last page has no next");
    }

    @Test
    void oneMineConfirmsAThousandPendingSignedTransfersInOneBlockOnARequiredChain() {
        TestKey owner = TestKey.numbered(21);
        TestKey miner = TestKey.numbered(22);
        List<TestKey> senders = new ArrayList<>();
        for (int s = 0; s < SENDERS; s++) {
            senders.add(TestKey.numbered(30 + s));
        }
        List<String> recipients = new ArrayList<>();
        for (int r = 0; r < 100; r++) {
            recipients.add(TestKey.numbered(100 + r).address());
        }
        Api api = new Api(dynamo.newNode(Map.of(NodeConfig.SIGNATURE_MODE, "required",
                NodeConfig.GENESIS_ADDRESS, owner.address(), NodeConfig.MINER_ADDRESS, miner.address())));
        api.node.prepareChain();
        Hash network = api.node.validator().genesisHash();
        long now = api.node.clock().millis();
        for (int s = 0; s < SENDERS; s++) {
            post(api, owner.pay(network, senders.get(s).address(), 10_000, now, s));
        }
        assertEquals(200, api.mine().getStatusCode());
        // each sender signs its 100 transfers in sequence order; a recipient is paid by several senders
        List<String> ids = new ArrayList<>();
        Map<String, Long> received = new HashMap<>();
        long[] spent = new long[SENDERS];
        for (int i = 0; i < TRANSFERS; i++) {
            long amount = 1 + i % 7;
            String recipient = recipients.get(i % recipients.size());
            ids.add(post(api, senders.get(i % SENDERS).pay(network, recipient, amount, now, i / SENDERS)));
            received.merge(recipient, amount, Long::sum);
            spent[i % SENDERS] += amount;
        }

        mineOneBlockOfAll(api, ids);
        received.forEach((recipient, amount) -> assertEquals(amount, api.balanceOf(recipient), recipient));
        for (int s = 0; s < SENDERS; s++) {
            assertEquals(10_000 - spent[s], api.balanceOf(senders.get(s).address()), "sender " + s);
        }
        assertEquals(1_000_000 - SENDERS * 10_000, api.balanceOf(owner.address()));
        assertEquals(20, api.balanceOf(miner.address()), "two coinbases");
    }

    /**
     * One /mine on a chain of height 1: a block at height 2 of the coinbase and every one of
     * {@code ids}, each confirmed at that height, and /validate accepts the chain.
     */
    private static void mineOneBlockOfAll(Api api, List<String> ids) {
        JsonNode mined = Api.json(api.mine()).get("block");
        assertEquals(2, mined.get("height").asLong());
        JsonNode transactions = mined.get("transactions");
        assertEquals(TRANSFERS + 1, transactions.size(), "every pending transfer and the coinbase");
        assertEquals("coinbase", transactions.get(0).get("sender").asText());
        Set<String> inBlock = new HashSet<>();
        transactions.forEach(tx -> inBlock.add(tx.get("id").asText()));
        assertTrue(inBlock.containsAll(ids), "the block holds every transfer");

        JsonNode valid = api.validate();
        assertTrue(valid.get("valid").asBoolean(), valid.toString());
        for (String id : ids) {
            JsonNode status = ReorganisationTest.status(api, id);
            assertEquals("confirmed", status.get("status").asText(), status.toString());
            assertEquals(2, status.get("height").asLong(), status.toString());
        }
    }

    /** POSTs the signed {@code tx} as the wallet would send it; returns its id from the 201. */
    private static String post(Api api, Transaction tx) {
        APIGatewayV2HTTPResponse response = api.sendRaw(TestKey.write(TestKey.body(tx)));
        assertEquals(201, response.getStatusCode(), response.getBody());
        return Api.json(response).get("transaction").get("id").asText();
    }
}
