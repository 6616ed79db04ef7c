package dev.lambdachain.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdachain.support.Events;
import dev.lambdachain.support.LocalDynamo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The block limit is worth the name: 1,000 pending transfers between named accounts on a dev
 * chain with the default settings, and one /mine confirms them all in one block (far more than
 * one DynamoDB transaction holds, and with its body in parts), each at that height, with exact
 * balances and a chain that /validate accepts.
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
}
