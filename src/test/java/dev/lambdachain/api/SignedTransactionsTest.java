package dev.lambdachain.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lambdachain.core.Block;
import dev.lambdachain.core.Ed25519PublicKey;
import dev.lambdachain.core.Hash;
import dev.lambdachain.core.Transaction;
import dev.lambdachain.node.Node;
import dev.lambdachain.node.NodeConfig;
import dev.lambdachain.support.Events;
import dev.lambdachain.support.LocalDynamo;
import dev.lambdachain.support.LyingPeers;
import dev.lambdachain.support.TestKey;
import dev.lambdachain.wire.Json;
import dev.lambdachain.wire.ProtocolJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static dev.lambdachain.api.Api.assertError;
import static dev.lambdachain.api.Api.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ownership with real keys on a chain that requires signatures: what a signed transfer does, and
 * every forgery or replay refused with its reason, by POST /transactions/new, by GET /validate
 * when it sits in a stored block, and by GET /nodes/resolve when a peer's block carries it.
 */
class SignedTransactionsTest {
    @RegisterExtension
    static final LocalDynamo dynamo = new LocalDynamo();
    @RegisterExtension
    static final LyingPeers peers = new LyingPeers();

    private static final TestKey OWNER = TestKey.numbered(1);
    private static final TestKey PAYEE = TestKey.numbered(2);
    private static final TestKey THIEF = TestKey.numbered(3);
    private static final TestKey MINER = TestKey.numbered(4);

    private static Api requiredChain() {
        Node node = dynamo.newNode(Map.of(NodeConfig.SIGNATURE_MODE, "required",
                NodeConfig.GENESIS_ADDRESS, OWNER.address(), NodeConfig.MINER_ADDRESS, MINER.address(),
                NodeConfig.MINING_THREADS, "2", NodeConfig.PEER_TIMEOUT_MILLIS, "2000"));
        node.prepareChain();
        return new Api(node);
    }

    private static Hash genesis(Api api) {
        return api.node.validator().genesisHash();
    }

    private static APIGatewayV2HTTPResponse post(Api api, ObjectNode body) {
        return api.sendRaw(Json.write(body));
    }

    private static JsonNode balance(Api api, String address) {
        return json(api.balance.handleRequest(Events.get("/balance/{address}", Map.of("address", address), null), null));
    }

    private static long now(Api api) {
        return api.node.clock().millis();
    }

    @Test
    void aSignedTransferIsMinedAndMovesTheSendersSequence() {
        Api api = requiredChain();
        assertEquals("required", json(api.info.handleRequest(Events.get("/info"), null)).get("signature_mode").asText());
        assertEquals(0, balance(api, OWNER.address()).get("next_sequence").asLong());
        Transaction tx = OWNER.pay(genesis(api), PAYEE.address(), 25, now(api), 0);
        APIGatewayV2HTTPResponse accepted = post(api, TestKey.body(tx));
        assertEquals(201, accepted.getStatusCode(), accepted.getBody());
        assertEquals(tx.id().hex(), json(accepted).at("/transaction/id").asText());
        assertEquals(1, balance(api, OWNER.address()).get("next_sequence").asLong(), "pending counts");

        assertEquals(200, api.mine().getStatusCode());
        assertEquals(25, api.balanceOf(PAYEE.address()));
        assertEquals(10, api.balanceOf(MINER.address()));
        JsonNode status = json(api.status.handleRequest(
                Events.get("/transactions/{id}", Map.of("id", tx.id().hex()), null), null));
        assertEquals("confirmed", status.get("status").asText().toLowerCase());
        assertEquals(1, balance(api, OWNER.address()).get("next_sequence").asLong());

        Transaction second = OWNER.pay(genesis(api), PAYEE.address(), 5, now(api), 1);
        assertEquals(201, post(api, TestKey.body(second)).getStatusCode());
        assertEquals(200, api.mine().getStatusCode());
        assertEquals(30, api.balanceOf(PAYEE.address()));
        assertTrue(api.validate().get("valid").asBoolean(), api.validate().toString());
    }

    @Test
    void anUnsignedTransferOnARequiredChainIsToldHowToSignOne() {
        Api api = requiredChain();
        assertError(api.send("alice", "bob", 5), 400, "wallet send");
        assertError(api.send(OWNER.address(), PAYEE.address(), 5), 400, "signed");
    }

    @Test
    void aMistypedRecipientIsRefusedInsteadOfBurningCoins() {
        Api api = requiredChain();
        String typo = PAYEE.address().substring(0, 10) + (PAYEE.address().charAt(10) == 'a' ? 'b' : 'a')
                + PAYEE.address().substring(11);
        ObjectNode body = TestKey.body(OWNER.pay(genesis(api), PAYEE.address(), 5, now(api), 0));
        body.put("recipient", typo);
        assertError(post(api, body), 400, "checksum");
        assertError(post(api, TestKey.body(OWNER.pay(genesis(api), "bob", 5, now(api), 0))), 400, "named account");
    }

    /** Each way a transaction can be forged or replayed, and the words its refusal must contain. */
    enum Forgery {
        WRONG_SIGNATURE(400, "signature", "does not verify"),
        KEY_OF_ANOTHER_SENDER(400, "is not the address of public_key", "is not the address of public_key"),
        REUSED_SEQUENCE(409, "expected sequence 1", "expected sequence 1"),
        SKIPPED_SEQUENCE(409, "expected sequence 0", "expected sequence 0"),
        STALE_SEQUENCE(409, "expected sequence 1", "expected sequence 1"),
        AMOUNT_ALTERED_AFTER_SIGNING(400, "signature does not verify", "does not verify"),
        SIGNED_FOR_ANOTHER_GENESIS(400, "another network", "does not verify"),
        SMALL_ORDER_KEY(400, "small order", "small order"),
        UNSIGNED(400, "The wallet does it: `java -jar target/lambdachain.jar wallet send", "requires signed transactions");

        final int status;
        final String apiWords;
        final String blockWords;

        Forgery(int status, String apiWords, String blockWords) {
            this.status = status;
            this.apiWords = apiWords;
            this.blockWords = blockWords;
        }

        /**
         * The forged transaction as JSON, on a chain where {@code honest} (OWNER's sequence 0) is
         * already accepted (REUSED) or confirmed (STALE), or on a fresh chain for the others.
         */
        ObjectNode forge(Hash genesis, Transaction honest, long now) {
            switch (this) {
                case WRONG_SIGNATURE: {
                    ObjectNode body = TestKey.body(OWNER.pay(genesis, PAYEE.address(), 7, now, 0));
                    body.put("signature", TestKey.body(THIEF.pay(genesis, PAYEE.address(), 7, now, 0)).get("signature").asText());
                    return body;
                }
                case KEY_OF_ANOTHER_SENDER: {
                    ObjectNode body = TestKey.body(THIEF.pay(genesis, PAYEE.address(), 7, now, 0));
                    body.put("sender", OWNER.address());
                    return body;
                }
                case REUSED_SEQUENCE:
                case STALE_SEQUENCE:
                    return TestKey.body(OWNER.pay(genesis, THIEF.address(), 8, now, 0));
                case SKIPPED_SEQUENCE:
                    return TestKey.body(OWNER.pay(genesis, PAYEE.address(), 7, now, 1));
                case AMOUNT_ALTERED_AFTER_SIGNING: {
                    ObjectNode body = TestKey.body(OWNER.pay(genesis, PAYEE.address(), 7, now, 0));
                    body.put("amount", 700);
                    return body;
                }
                case SIGNED_FOR_ANOTHER_GENESIS:
                    return TestKey.body(OWNER.pay(Hash.of(new byte[]{1}), PAYEE.address(), 7, now, 0));
                case SMALL_ORDER_KEY: {
                    ObjectNode body = TestKey.body(OWNER.pay(genesis, PAYEE.address(), 7, now, 0));
                    body.put("public_key", Ed25519PublicKey.SMALL_ORDER.get(0));
                    body.put("signature", "01" + "00".repeat(63)); // R = identity, S = 0: "valid" under the identity key
                    return body;
                }
                case UNSIGNED:
                default: {
                    ObjectNode body = TestKey.body(OWNER.pay(genesis, PAYEE.address(), 7, now, 0));
                    body.remove("public_key");
                    body.remove("signature");
                    body.put("sender", "alice");
                    return body;
                }
            }
        }

        boolean needsHonestFirst() {
            return this == REUSED_SEQUENCE || this == STALE_SEQUENCE;
        }
    }

    @ParameterizedTest
    @EnumSource(Forgery.class)
    void theApiRefusesEachForgeryOrReplayNamingItsReason(Forgery forgery) {
        Api api = requiredChain();
        Transaction honest = OWNER.pay(genesis(api), PAYEE.address(), 5, now(api), 0);
        if (forgery.needsHonestFirst()) {
            assertEquals(201, post(api, TestKey.body(honest)).getStatusCode());
            if (forgery == Forgery.STALE_SEQUENCE) {
                assertEquals(200, api.mine().getStatusCode());
            }
        }
        assertError(post(api, forgery.forge(genesis(api), honest, now(api))), forgery.status, forgery.apiWords);
        assertEquals(forgery.needsHonestFirst() ? 1 : 0, balance(api, OWNER.address()).get("next_sequence").asLong());
    }

    /**
     * The chain above genesis that carries the forgery: for REUSED the honest and the forged
     * transaction in one block, for STALE the forged one in the block after the honest one's.
     */
    private static List<JsonNode> forgedBlocks(Api api, Forgery forgery) {
        Hash genesis = genesis(api);
        Block parent = api.node.config().chain().genesis();
        long now = now(api);
        Transaction honest = OWNER.pay(genesis, PAYEE.address(), 5, now, 0);
        List<JsonNode> blocks = new ArrayList<>();
        List<Transaction> first = new ArrayList<>();
        if (forgery.needsHonestFirst()) {
            first.add(honest);
        }
        ObjectNode forged = forgery.forge(genesis, honest, now);
        Transaction readable;
        try {
            readable = ProtocolJson.readTransaction(forged, genesis);
        } catch (RuntimeException unreadable) {
            readable = null; // refused by the reader itself: carried in the JSON of an honest block instead
        }
        if (forgery == Forgery.STALE_SEQUENCE) {
            parent = LyingPeers.mine(parent, MINER.address(), first);
            blocks.add(ProtocolJson.block(parent));
            first = new ArrayList<>();
        }
        if (readable != null) {
            first.add(readable);
            blocks.add(ProtocolJson.block(LyingPeers.mine(parent, MINER.address(), first)));
        } else {
            ObjectNode block = ProtocolJson.block(LyingPeers.mine(parent, MINER.address(), List.of(honest)));
            ((ArrayNode) block.get("transactions")).set(1, forged);
            blocks.add(block);
        }
        return blocks;
    }

    @ParameterizedTest
    @EnumSource(Forgery.class)
    void validateReportsEachForgeryOrReplayInAStoredBlock(Forgery forgery) {
        Api api = requiredChain();
        List<JsonNode> blocks = forgedBlocks(api, forgery);
        storeRaw(api, blocks);
        JsonNode report = api.validate();
        assertFalse(report.get("valid").asBoolean(), report.toString());
        assertEquals(blocks.size(), report.get("height").asLong(), report.toString());
        assertTrue(report.get("error").asText().contains(forgery.blockWords), report.toString());
    }

    @ParameterizedTest
    @EnumSource(Forgery.class)
    void consensusRefusesAPeersChainCarryingEachForgeryOrReplay(Forgery forgery) {
        Api api = requiredChain();
        List<JsonNode> chain = new ArrayList<>();
        chain.add(ProtocolJson.block(api.node.config().chain().genesis()));
        chain.addAll(forgedBlocks(api, forgery));
        String peer = peers.serving("forgery-" + forgery + "-" + System.nanoTime(), chain, chain.size() - 1,
                genesis(api));
        api.node.peers().register(List.of(peer));
        JsonNode outcome = json(new ResolveHandler(api.node).handleRequest(Events.get("/nodes/resolve"), null));
        assertFalse(outcome.get("replaced").asBoolean(), outcome.toString());
        assertTrue(outcome.toString().contains(forgery.blockWords), outcome.toString());
        assertEquals(0, api.node.queries().head().height());
    }

    /** Writes blocks past every rule, as a corrupted or tampered table would hold them. */
    private static void storeRaw(Api api, List<JsonNode> blocks) {
        String table = api.node.config().tableName();
        for (JsonNode block : blocks) {
            ArrayNode txs = Json.array();
            block.get("transactions").forEach(tx -> txs.add(Json.array().add(tx.get("sender").asText())
                    .add(tx.get("recipient").asText()).add(tx.get("amount").asLong()).add(tx.get("timestamp").asLong())
                    .add(tx.get("sequence").asLong()).add(tx.path("public_key").textValue())
                    .add(tx.path("signature").textValue())));
            ArrayNode body = Json.array().add(block.get("height").asLong()).add(block.get("timestamp").asLong())
                    .add(block.get("previous_hash").asText()).add(block.get("merkle_root").asText())
                    .add(block.get("difficulty").asInt()).add(block.get("nonce").asLong());
            body.add(txs);
            long height = block.get("height").asLong();
            dynamo.client().putItem(put -> put.tableName(table).item(Map.of(
                    "pk", AttributeValue.fromS("BLOCK"), "sk", AttributeValue.fromS(String.format("%019d", height)),
                    "v", AttributeValue.fromN("1"), "height", AttributeValue.fromN(Long.toString(height)),
                    "hash", AttributeValue.fromS(block.get("hash").asText()), "body", AttributeValue.fromS(Json.write(body)))));
            dynamo.client().updateItem(update -> update.tableName(table)
                    .key(Map.of("pk", AttributeValue.fromS("META"), "sk", AttributeValue.fromS("HEAD")))
                    .updateExpression("SET height = :h, #hash = :hash")
                    .expressionAttributeNames(Map.of("#hash", "hash"))
                    .expressionAttributeValues(Map.of(":h", AttributeValue.fromN(Long.toString(height)),
                            ":hash", AttributeValue.fromS(block.get("hash").asText()))));
        }
    }

    @Test
    void aTransactionReturnedByAChainSwapKeepsItsSequenceAndAStaleOneIsRejectedWithItsReason() {
        Api ours = requiredChain();
        Hash genesis = genesis(ours);
        Transaction kept = OWNER.pay(genesis, PAYEE.address(), 5, now(ours), 0);
        assertEquals(201, post(ours, TestKey.body(kept)).getStatusCode());
        assertEquals(200, ours.mine().getStatusCode());
        // a longer peer chain without it: our block is dropped, the transaction returns with sequence 0
        Block g = ours.node.config().chain().genesis();
        Block one = LyingPeers.mine(g, MINER.address(), List.of());
        List<JsonNode> longer = List.of(ProtocolJson.block(g), ProtocolJson.block(one),
                ProtocolJson.block(LyingPeers.mine(one, MINER.address(), List.of())));
        Function<List<JsonNode>, JsonNode> resolveAgainst = chain -> {
            ours.node.peers().register(List.of(peers.serving("longer-" + System.nanoTime(), chain, chain.size() - 1, genesis)));
            return json(new ResolveHandler(ours.node).handleRequest(Events.get("/nodes/resolve"), null));
        };
        JsonNode dropped = resolveAgainst.apply(longer);
        assertTrue(dropped.get("replaced").asBoolean(), dropped.toString());
        assertEquals("pending", statusOf(ours, kept).get("status").asText().toLowerCase());
        assertEquals(1, balance(ours, OWNER.address()).get("next_sequence").asLong());
        assertEquals(200, ours.mine().getStatusCode());
        assertEquals("confirmed", statusOf(ours, kept).get("status").asText().toLowerCase());

        // now a peer whose longer chain spent OWNER's sequence 1 elsewhere: ours goes stale
        Transaction mine = OWNER.pay(genesis, PAYEE.address(), 6, now(ours), 1);
        assertEquals(201, post(ours, TestKey.body(mine)).getStatusCode());
        assertEquals(200, ours.mine().getStatusCode());
        List<JsonNode> rival = new ArrayList<>();
        ours.node.queries().blocks(0, 4).blocks().stream()
                .limit(ours.node.queries().head().height()).forEach(b -> rival.add(ProtocolJson.block(b)));
        Block parent = ProtocolJson.readBlock(rival.get(rival.size() - 1), genesis);
        parent = LyingPeers.mine(parent, MINER.address(), List.of(OWNER.pay(genesis, THIEF.address(), 9, now(ours), 1)));
        rival.add(ProtocolJson.block(parent));
        rival.add(ProtocolJson.block(LyingPeers.mine(parent, MINER.address(), List.of())));
        JsonNode swapped = resolveAgainst.apply(rival);
        assertTrue(swapped.get("replaced").asBoolean(), swapped.toString());
        JsonNode stale = statusOf(ours, mine);
        assertEquals("rejected", stale.get("status").asText().toLowerCase(), stale.toString());
        assertTrue(stale.toString().contains("stale sequence"), stale.toString());
        assertEquals(2, balance(ours, OWNER.address()).get("next_sequence").asLong());
        assertTrue(ours.validate().get("valid").asBoolean(), ours.validate().toString());
        Transaction next = OWNER.pay(genesis, PAYEE.address(), 1, now(ours), 2);
        assertEquals(201, post(ours, TestKey.body(next)).getStatusCode());
    }

    private static JsonNode statusOf(Api api, Transaction tx) {
        return json(api.status.handleRequest(Events.get("/transactions/{id}", Map.of("id", tx.id().hex()), null), null));
    }
}
