package dev.lambdachain.core;

/** The tip of the main chain: its height (genesis is 0) and its block hash. */
public record Head(long height, Hash hash) {
}
