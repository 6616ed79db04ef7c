package dev.lambdachain.core;

import java.util.List;

/** A head and blocks of the chain it ends, read together so that they never belong to two chains. */
public record ChainSlice(Head head, List<Block> blocks) {
    public ChainSlice {
        blocks = List.copyOf(blocks);
    }
}
