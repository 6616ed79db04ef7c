package dev.lambdachain.metrics;

import dev.lambdachain.log.RequestContext;

import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The node's metrics, each an Embedded Metric Format line ({@link MetricsLine}) in namespace
 * {@value #NAMESPACE}, written to the stream the metrics are given and dated by their clock: in
 * Lambda standard output, as Lambda's EMF convention has it (CloudWatch Logs extracts the metrics;
 * Powertools writes its EMF lines there too); in the local runner stderr, so that {@code invoke}
 * prints only the response. Names, units and dimensions are docs/OBSERVABILITY.md's; a line
 * written during a request carries its request id as a property, never as a dimension. One per
 * process (a Lambda container), built with its node, so the cold start it reports is the process's.
 */
public final class NodeMetrics {
    public static final String NAMESPACE = "lambdachain";
    private final PrintStream out;
    private final Clock clock;
    /** True until the process's (or the restored snapshot's) first invocation takes it. */
    private final AtomicBoolean cold = new AtomicBoolean(true);

    /** Metrics written to {@code out}, each line's {@code Timestamp} read from {@code clock}. */
    public NodeMetrics(PrintStream out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    /** True for the first invocation of these metrics' process, and the first after a SnapStart restore. */
    public boolean takeColdStart() {
        return cold.getAndSet(false);
    }

    /** A SnapStart restore: the next invocation is a cold start again. */
    public void restored() {
        cold.set(true);
    }

    /** One invocation of a function: latency, a request, and whether it was the container's first. */
    public void request(String function, String route, int status, long latencyMillis, boolean coldStart,
                               String requestId) {
        emit(MetricsLine.in(NAMESPACE)
                .dimension("Function", function)
                .dimension("Route", route)
                .dimension("StatusClass", status / 100 + "xx")
                .dimensionSet("Function", "Route", "StatusClass")
                .dimensionSet("Route")
                .metric("Latency", MetricsLine.Unit.MILLISECONDS, latencyMillis)
                .metric("Requests", MetricsLine.Unit.COUNT, 1)
                .metric("ColdStart", MetricsLine.Unit.COUNT, coldStart ? 1 : 0)
                .property("requestId", requestId)
                .property("status", Integer.toString(status)));
    }

    /**
     * One /mine call: its outcome, and the proof-of-work search when there was one
     * ({@code attempts} nonces in {@code searchSeconds}); {@code mined} when a block was appended.
     */
    public void mining(CountedOutcome outcome, boolean mined, long attempts, double searchSeconds) {
        MetricsLine line = MetricsLine.in(NAMESPACE).dimension("Outcome", outcome.metric()).dimensionSet("Outcome")
                .metric("MiningOutcome", MetricsLine.Unit.COUNT, 1);
        emit(withRequest(line));
        if (attempts > 0 || mined) {
            MetricsLine search = MetricsLine.in(NAMESPACE).dimensionSet()
                    .metric("ProofOfWorkAttempts", MetricsLine.Unit.COUNT, attempts)
                    .metric("ProofOfWorkSeconds", MetricsLine.Unit.SECONDS, searchSeconds);
            if (mined) {
                search.metric("BlocksMined", MetricsLine.Unit.COUNT, 1);
            }
            emit(withRequest(search));
        }
    }

    /** A lease acquisition refused because a live lease is held (mining or a chain swap). */
    public void leaseConflict() {
        emit(withRequest(MetricsLine.in(NAMESPACE).dimensionSet().metric("LeaseConflicts", MetricsLine.Unit.COUNT, 1)));
    }

    /** A transaction into the mempool. */
    public void transactionAccepted() {
        emit(withRequest(MetricsLine.in(NAMESPACE).dimensionSet()
                .metric("TransactionsAccepted", MetricsLine.Unit.COUNT, 1)));
    }

    /** A transaction refused, {@code reason} from docs/OBSERVABILITY.md's fixed list. */
    public void transactionRefused(String reason) {
        emit(withRequest(MetricsLine.in(NAMESPACE).dimension("Reason", reason).dimensionSet("Reason")
                .metric("TransactionsRefused", MetricsLine.Unit.COUNT, 1)));
    }

    /**
     * One resolve: how it ended for our chain, and a count per peer outcome (one line per distinct
     * outcome, as a dimension value is per line).
     */
    public void resolved(CountedOutcome resolution, List<? extends CountedOutcome> peerOutcomes) {
        emit(withRequest(MetricsLine.in(NAMESPACE).dimension("Outcome", resolution.metric()).dimensionSet("Outcome")
                .metric("ResolveResult", MetricsLine.Unit.COUNT, 1)));
        Map<String, Integer> counts = new TreeMap<>();
        peerOutcomes.forEach(outcome -> counts.merge(outcome.metric(), 1, Integer::sum));
        counts.forEach((outcome, count) -> emit(withRequest(MetricsLine.in(NAMESPACE)
                .dimension("Outcome", outcome).dimensionSet("Outcome")
                .metric("ResolveOutcome", MetricsLine.Unit.COUNT, count))));
    }

    /** After a resolve: peers registered from the lists of our peers, and peers removed for not answering. */
    public void peerUpkeep(int learned, int dropped) {
        emit(withRequest(MetricsLine.in(NAMESPACE).dimensionSet()
                .metric("PeersLearned", MetricsLine.Unit.COUNT, learned)
                .metric("PeersDropped", MetricsLine.Unit.COUNT, dropped)));
    }

    /** An adopted chain: how many of our blocks it dropped (0 when it only extended ours). */
    public void reorganisation(long depth) {
        emit(withRequest(MetricsLine.in(NAMESPACE).dimensionSet()
                .metric("ReorganisationDepth", MetricsLine.Unit.COUNT, depth)));
    }

    /**
     * Relay (docs/RELAY.md): {@code count} items of kind {@code item} ({@code transaction},
     * {@code announcement} sent; {@code heard} announcements received) that ended as
     * {@code outcome} (relayed, known, refused, unreachable, dropped; heard: fetched, refused,
     * ignored, rate-limited).
     */
    public void relayed(String item, String outcome, int count) {
        emit(withRequest(MetricsLine.in(NAMESPACE).dimension("Item", item).dimension("Outcome", outcome)
                .dimensionSet("Item", "Outcome").metric("Relay", MetricsLine.Unit.COUNT, count)));
    }

    private static MetricsLine withRequest(MetricsLine line) {
        RequestContext request = RequestContext.current();
        return request == null ? line : line.property("requestId", request.requestId());
    }

    private void emit(MetricsLine line) {
        out.println(line.render(clock.millis()));
    }
}
