package dev.lambdachain.consensus;

import dev.lambdachain.core.Block;
import dev.lambdachain.core.ChainWork;
import dev.lambdachain.core.Head;
import dev.lambdachain.core.Ledger;

import java.util.List;

/**
 * A peer's blocks above the fork point with our chain, each verified, with more work than ours.
 *
 * @param fork     our last block that the peer's chain shares, as a head (height, hash, work)
 * @param dropped  our blocks above the fork when the download began, lowest first
 * @param incoming the peer's verified blocks above the fork, lowest first
 * @param work     the cumulative work of the peer's chain up to its last incoming block, counted by us
 * @param ledger   balances and sequences as of the fork with {@code incoming} applied
 * @param lie      how the peer's chain fell short of its claim, or null when it did not
 */
record VerifiedSuffix(Head fork, List<Block> dropped, List<Block> incoming, ChainWork work, Ledger ledger,
                      String lie) {
}
