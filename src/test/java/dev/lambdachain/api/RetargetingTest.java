package dev.lambdachain.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdachain.core.Amount;
import dev.lambdachain.core.Block;
import dev.lambdachain.core.ChainWork;
import dev.lambdachain.core.Hash;
import dev.lambdachain.core.ProofOfWork;
import dev.lambdachain.core.Target;
import dev.lambdachain.core.Transaction;
import dev.lambdachain.node.Node;
import dev.lambdachain.node.NodeConfig;
import dev.lambdachain.support.Events;
import dev.lambdachain.support.LocalDynamo;
import dev.lambdachain.support.LyingPeers;
import dev.lambdachain.wire.ProtocolJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Retargeting on (version 2 headers, a period of 2 blocks toward 1 s a block, clamp 4): the target
 * moves toward the block time within the clamp, the best chain is the one with the most work
 * (not the longest), and a block whose target is not the retargeted one is refused.
 */
class RetargetingTest {
    private static final Map<String, String> RETARGETING = Map.of(NodeConfig.RETARGET_INTERVAL, "2",
            NodeConfig.TARGET_BLOCK_MILLIS, "1000", NodeConfig.RETARGET_CLAMP, "4",
            NodeConfig.PEER_TIMEOUT_MILLIS, "3000", NodeConfig.MINING_THREADS, "2");
    @RegisterExtension
    static final LocalDynamo dynamo = new LocalDynamo();
    @RegisterExtension
    static final LyingPeers peers = new LyingPeers();

    private static Node node() {
        Node node = dynamo.newNode(RETARGETING);
        node.prepareChain();
        return node;
    }

    @Test
    void miningThroughSeveralPeriodsMovesTheTargetTowardTheBlockTimeWithinTheClamp() {
        Node node = node();
        Api api = new Api(node);
        for (int i = 0; i < 7; i++) {
            assertEquals(200, api.mine().getStatusCode());
        }
        List<Block> chain = node.queries().blocks(0, 8).blocks();
        for (int h = 1; h < chain.size(); h++) {
            Block block = chain.get(h);
            Block parent = chain.get(h - 1);
            assertEquals(2, block.version());
            assertEquals(node.validator().nextTarget(parent, height -> chain.get((int) height).timestamp()),
                    block.target(), "block " + h + " carries the retargeted target");
            BigInteger before = parent.target().value();
            BigInteger after = block.target().value();
            if (h == 4 || h == 6) {
                // blocks came far faster than 1 s: each retarget makes the target harder, by at most 4x
                assertTrue(after.compareTo(before) < 0, "block " + h + " is harder than its parent");
                assertTrue(after.multiply(BigInteger.valueOf(4)).compareTo(before.subtract(BigInteger.valueOf(4)
                        .shiftLeft(before.bitLength() - 24))) >= 0, "block " + h + " moved by at most the clamp");
            } else {
                assertEquals(before, after, "block " + h + " keeps its parent's target");
            }
        }
        JsonNode info = Api.json(api.info.handleRequest(Events.get("/info"), null));
        assertEquals(2, info.get("header_version").asInt());
        assertEquals(2, info.get("retarget_interval").asInt());
        assertEquals(Target.compactHex(chain.get(7).target().toCompact()), info.get("bits").asText());
        ChainWork work = ChainWork.ZERO;
        for (Block block : chain.subList(1, chain.size())) {
            work = work.plus(block.target());
        }
        assertEquals(work.toString(), info.get("chainwork").asText());
        assertTrue(api.validate().get("valid").asBoolean(), api.validate().toString());
    }

    @Test
    void aShorterChainWithMoreWorkWinsAndALongerOneWithLessLoses() {
        Node node = node();
        Block genesis = node.queries().blocks(0, 1).blocks().get(0);
        List<Block> light = chain(node, genesis, 10, 10_000);
        List<Block> lighterButLonger = chain(node, genesis, 12, 10_000);
        List<Block> heavy = chain(node, genesis, 6, 0);
        String lightPeer = serve("light", light, genesis.hash());
        ResolveConvergesTest.register(node, lightPeer);
        assertEquals(11, ResolveConvergesTest.resolve(node).get("length").asLong());

        String heavyPeer = serve("heavy", heavy, genesis.hash());
        ResolveConvergesTest.register(node, heavyPeer);
        JsonNode toHeavy = ResolveConvergesTest.resolve(node);
        assertTrue(toHeavy.get("replaced").asBoolean(), toHeavy.toString());
        assertEquals(7, toHeavy.get("length").asLong(), "the shorter chain has more work");
        assertEquals(heavy.get(6).hash().hex(), toHeavy.get("head").asText());

        // it even claims more work than it has: its blocks are fetched, counted, and it loses
        String longPeer = serve("long", lighterButLonger, genesis.hash(), "1" + "0".repeat(30));
        ResolveConvergesTest.register(node, longPeer);
        JsonNode kept = ResolveConvergesTest.resolve(node);
        assertFalse(kept.get("replaced").asBoolean(), kept.toString());
        assertEquals(heavy.get(6).hash().hex(), kept.get("head").asText());
        String outcome = ResolveConvergesTest.outcome(kept, longPeer);
        assertTrue(outcome.contains("not more than our") && outcome.contains("not asked again"), outcome);
    }

    @Test
    void aBlockWhoseTargetIsNotTheRetargetedOneIsRefused() {
        Node node = node();
        Block genesis = node.queries().blocks(0, 1).blocks().get(0);
        List<Block> chain = new ArrayList<>(chain(node, genesis, 3, 0));
        // height 4 is a retarget height: after fast blocks the target must get harder; this one keeps the old
        chain.add(mine(chain.get(3), chain.get(3).target(), chain.get(3).timestamp()));
        String peer = serve("stale-target", chain, genesis.hash());
        ResolveConvergesTest.register(node, peer);

        JsonNode resolved = ResolveConvergesTest.resolve(node);

        assertFalse(resolved.get("replaced").asBoolean(), resolved.toString());
        String outcome = ResolveConvergesTest.outcome(resolved, peer);
        assertTrue(outcome.contains("block 4") && outcome.contains("target expected"), outcome);
    }

    /** {@code length} blocks on genesis with the retargeted targets, {@code spacing} ms apart. */
    private static List<Block> chain(Node node, Block genesis, int length, long spacing) {
        List<Block> chain = new ArrayList<>(List.of(genesis));
        for (int i = 0; i < length; i++) {
            Block parent = chain.get(chain.size() - 1);
            Target target = node.validator().nextTarget(parent, h -> chain.get((int) h).timestamp());
            chain.add(mine(parent, target, parent.timestamp() + spacing));
        }
        return chain;
    }

    private static Block mine(Block parent, Target target, long timestamp) {
        List<Transaction> body = List.of(Transaction.coinbase("peer-miner", Amount.of(10), parent.height() + 1,
                timestamp));
        return ProofOfWork.search(Block.assemble(parent.height() + 1, timestamp, parent.hash(), target, body), 2,
                System.nanoTime() + TimeUnit.SECONDS.toNanos(120)).orElseThrow();
    }

    private static String serve(String name, List<Block> chain, Hash genesis) {
        return serve(name, chain, genesis, null);
    }

    /** A peer serving {@code chain} honestly; it claims {@code claimedWork}, or the chain's work when null. */
    private static String serve(String name, List<Block> chain, Hash genesis, String claimedWork) {
        List<JsonNode> json = chain.stream().map(b -> (JsonNode) ProtocolJson.block(b)).toList();
        ChainWork work = ChainWork.ZERO;
        for (Block block : chain.subList(1, chain.size())) {
            work = work.plus(block.target());
        }
        return peers.serving(name + "-" + System.nanoTime(), json, chain.size() - 1, genesis,
                claimedWork == null ? work.toString() : claimedWork);
    }
}
