package dev.lambdachain.store;

import dev.lambdachain.core.Hash;

/** The tip of the main chain: its height and hash. */
public record Head(long height, Hash hash) {
}
