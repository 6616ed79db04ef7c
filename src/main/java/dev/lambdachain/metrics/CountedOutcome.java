package dev.lambdachain.metrics;

/**
 * An outcome a metric counts: a value of a fixed list (an enum constant) whose {@link #metric()}
 * is the value of the metric's {@code Outcome} dimension (docs/OBSERVABILITY.md). Nothing parses
 * an outcome's words to find it.
 */
public interface CountedOutcome {
    /** The {@code Outcome} dimension value: lower-case words joined by '-', never a height, peer or message. */
    String metric();
}
