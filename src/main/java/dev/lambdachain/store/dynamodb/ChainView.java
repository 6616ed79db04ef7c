package dev.lambdachain.store.dynamodb;

import dev.lambdachain.core.Head;

/**
 * What a reader follows, read from the head item in one consistent read: the main chain's head,
 * the swap epoch it belongs to, and, while a committed chain swap is still being folded into the
 * main items, the height from which its blocks are read from the swap's staged items
 * ({@code overlayFrom}, -1 when there is no overlay). Account and transaction items carry staged
 * changes tagged with an epoch; a reader applies those tagged with this view's epoch.
 */
public record ChainView(Head head, String epoch, long overlayFrom) {
    public boolean overlaid() {
        return overlayFrom >= 0;
    }

    /** True when the block at {@code height} of this view is read from the swap's staged items. */
    boolean staged(long height) {
        return overlaid() && height >= overlayFrom;
    }
}
