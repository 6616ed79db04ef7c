package dev.lambdachain.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdachain.core.Block;
import dev.lambdachain.node.Node;
import dev.lambdachain.node.NodeConfig;
import dev.lambdachain.support.LocalDynamo;
import dev.lambdachain.support.LyingPeers;
import dev.lambdachain.wire.ProtocolJson;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Consensus benchmark (bench/consensus.sh): on a node backed by its own Dynoxide, the time of one
 * {@code Consensus.resolve} that (a) catches up 10 blocks on a chain of 100 and of 5,000 blocks
 * (the fork point is our head; what we already hold is never fetched again), and (b) reorganises
 * 50 blocks deep (undo 50 of ours, append 51 of the peer's). Blocks are coinbase-only at
 * difficulty 1, so what is timed is fetching, validating and writing, not proof of work. Each
 * figure is one resolve on a fresh table; prints a Markdown table of min and median.
 */
public final class ConsensusBench {
    private static final Map<String, String> SETTINGS = Map.of(NodeConfig.DIFFICULTY, "1",
            NodeConfig.MINING_THREADS, "1", NodeConfig.PEER_TIMEOUT_MILLIS, "10000");

    private ConsensusBench() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        try (LocalDynamo dynamo = new LocalDynamo(); LyingPeers peers = new LyingPeers()) {
            Block genesis = dynamo.newNode(SETTINGS).validator().params().genesis();
            System.out.println("| case | rounds | min (ms) | median (ms) |");
            System.out.println("|---|---|---|---|");
            for (int length : new int[] {100, 5_000}) {
                List<Block> chain = extend(List.of(genesis), length + 10, "peer");
                List<Double> times = new ArrayList<>();
                for (int r = 0; r < rounds + 1; r++) {
                    Node node = synced(dynamo, peers, chain.subList(0, length + 1));
                    times.add(resolveMillis(node, peers, chain, length + 10));
                }
                print("catch up 10 blocks on a chain of " + length, times.subList(1, times.size()));
            }
            List<Block> base = extend(List.of(genesis), 50, "base");
            List<Block> ours = extend(base, 50, "ours");
            List<Block> theirs = extend(base, 51, "theirs");
            List<Double> times = new ArrayList<>();
            for (int r = 0; r < rounds + 1; r++) {
                Node node = synced(dynamo, peers, ours);
                times.add(resolveMillis(node, peers, theirs, 101));
            }
            print("reorganise 50 blocks deep (chain of 100, 51 new)", times.subList(1, times.size()));
        }
    }

    /** A fresh node holding {@code chain}, got through resolve from a peer serving it. */
    private static Node synced(LocalDynamo dynamo, LyingPeers peers, List<Block> chain) {
        Node node = dynamo.newNode(SETTINGS);
        node.prepareChain();
        register(node, serve(peers, chain, chain.size() - 1));
        for (int call = 0; node.queries().head().height() < chain.size() - 1; call++) {
            if (call > 20) {
                throw new IllegalStateException("could not sync " + chain.size() + " blocks");
            }
            node.consensus().resolve(60_000);
        }
        return node;
    }

    private static double resolveMillis(Node node, LyingPeers peers, List<Block> chain, long height) {
        node.peers().register(List.of(serve(peers, chain, height)));
        long start = System.nanoTime();
        node.consensus().resolve(60_000);
        double millis = (System.nanoTime() - start) / 1e6;
        if (node.queries().head().height() != height) {
            throw new IllegalStateException("resolve ended at " + node.queries().head().height() + ", not " + height);
        }
        return millis;
    }

    private static void register(Node node, String url) {
        node.peers().register(List.of(url));
    }

    private static String serve(LyingPeers peers, List<Block> chain, long height) {
        List<JsonNode> json = chain.subList(0, (int) height + 1).stream()
                .map(block -> (JsonNode) ProtocolJson.block(block)).toList();
        return peers.serving("bench-" + System.nanoTime(), json, height, chain.get(0).hash());
    }

    private static List<Block> extend(List<Block> below, int count, String miner) {
        List<Block> chain = new ArrayList<>(below);
        for (int i = 0; i < count; i++) {
            chain.add(LyingPeers.mine(chain.get(chain.size() - 1), miner, List.of()));
        }
        return chain;
    }

    private static void print(String name, List<Double> millis) {
        List<Double> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        System.out.printf("| %s | %d | %.0f | %.0f |%n", name, sorted.size(), sorted.get(0),
                sorted.get(sorted.size() / 2));
    }
}
