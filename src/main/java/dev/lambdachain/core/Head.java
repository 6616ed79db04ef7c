package dev.lambdachain.core;

/** The tip of the main chain: its height (genesis is 0), its block hash and the chain's cumulative work. */
public record Head(long height, Hash hash, ChainWork work) {
}
