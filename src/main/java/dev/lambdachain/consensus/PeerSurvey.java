package dev.lambdachain.consensus;

import dev.lambdachain.core.ChainWork;
import dev.lambdachain.core.DaemonThreads;
import dev.lambdachain.core.Hash;
import dev.lambdachain.core.NetworkRules;

import java.time.Clock;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Asks peers for /info in parallel and puts those on our genesis in the order to try them: most
 * claimed work first. A claim only chooses the order; nothing in it is believed. A peer of another
 * network (another genesis, so another rule) is left out without blame, named by the first rule
 * that differs.
 */
final class PeerSurvey {
    private static final int MAX_PARALLEL_PEERS = 16;
    /** How the outcome of a peer of another network begins. */

    /** Most claimed work first; peers that claim no work (older nodes) after them, longest first. */
    private static final Comparator<PeerClient.PeerInfo> CLAIM_ORDER = Comparator
            .comparing(PeerClient.PeerInfo::work, Comparator.nullsLast(Comparator.<ChainWork>reverseOrder()))
            .thenComparing(Comparator.comparingLong(PeerClient.PeerInfo::height).reversed());

    private final PeerClient client;
    private final Hash genesis;
    private final NetworkRules rules;
    private final Clock clock;

    /** @param rules our network's rules, {@code genesis} the genesis hash that commits to them */
    PeerSurvey(PeerClient client, Hash genesis, NetworkRules rules, Clock clock) {
        // a null genesis would silently ignore every peer
        this.genesis = Objects.requireNonNull(genesis, "genesis");
        this.rules = rules;
        this.client = client;
        this.clock = clock;
    }

    /**
     * What each of {@code peers} (URLs) claims, asking at most {@value #MAX_PARALLEL_PEERS} at a
     * time until {@code deadline} (epoch millis). A peer that does not answer in time, is
     * unreachable or answers nonsense is left out of the result, with a line in {@code outcomes};
     * one whose answer was cut off at its byte bound is also handed to {@code penalise}, which
     * says how long it now waits.
     */
    Map<String, PeerClient.PeerInfo> ask(List<String> peers, Map<String, PeerOutcome> outcomes, long deadline,
                                         Function<String, String> penalise) {
        Map<String, PeerClient.PeerInfo> infos = new HashMap<>();
        if (peers.isEmpty()) {
            return infos;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(MAX_PARALLEL_PEERS, peers.size()),
                new DaemonThreads("peer-info"));
        try {
            Map<String, Future<PeerClient.PeerInfo>> asked = new HashMap<>();
            peers.forEach(peer -> asked.put(peer, pool.submit(() -> client.info(peer))));
            asked.forEach((peer, answer) -> {
                try {
                    infos.put(peer, answer.get(Math.max(0, deadline - clock.millis()), TimeUnit.MILLISECONDS));
                } catch (TimeoutException e) {
                    outcomes.put(peer, PeerOutcome.timeout());
                } catch (ExecutionException e) {
                    outcomes.put(peer, e.getCause() instanceof PeerClient.PeerFault fault && fault.oversized()
                            ? PeerOutcome.oversized(fault.getMessage(), penalise.apply(peer))
                            : PeerOutcome.unreachable(e.getCause().getMessage()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    outcomes.put(peer, PeerOutcome.interrupted());
                }
            });
        } finally {
            pool.shutdownNow();
        }
        return infos;
    }

    /**
     * The peers of {@code infos} in the order to try them (most claimed work first); a peer on
     * another genesis is left out, with a line in {@code outcomes}: another network and
     * the first rule that differs (e.g. {@code another network: retarget interval 20 vs 10 here}),
     * or, when its rules do not say how, that its chain starts from another genesis.
     */
    List<String> candidates(Map<String, PeerClient.PeerInfo> infos, Map<String, PeerOutcome> outcomes) {
        return infos.entrySet().stream()
                .filter(e -> {
                    if (!e.getValue().genesis().equals(genesis)) {
                        // an older peer shows no rules: nothing tells how its network differs
                        Optional<String> difference = e.getValue().rules().isEmpty() ? Optional.empty()
                                : rules.firstDifference(e.getValue().rules());
                        outcomes.put(e.getKey(), difference.map(PeerOutcome::anotherNetwork)
                                .orElseGet(PeerOutcome::anotherGenesis));
                        return false;
                    }
                    return true;
                })
                .sorted(Comparator.comparing((Map.Entry<String, PeerClient.PeerInfo> e) -> e.getValue(),
                        CLAIM_ORDER))
                .map(Map.Entry::getKey)
                .toList();
    }
}
