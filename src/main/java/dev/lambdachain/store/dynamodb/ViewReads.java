package dev.lambdachain.store.dynamodb;

import dev.lambdachain.core.Hash;
import dev.lambdachain.store.StaleViewException;
import dev.lambdachain.store.StoreUnavailableException;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * What every reader of chain items shares: the pager, the network (genesis hash) whose signed
 * transactions it decodes, and the {@link ChainView} its reads follow. A read runs on one view and
 * again if the view changed meanwhile (a swap committed or finished folding), so no answer mixes
 * two chains.
 */
record ViewReads(Pager pager, Hash network) {
    private static final int ATTEMPTS = 5;

    /**
     * The view readers follow: head, epoch, overlay.
     *
     * @throws StoreUnavailableException when no writer has created the genesis block yet
     */
    ChainView view() {
        return viewOf(pager.get(HeadCodec.KEY));
    }

    /**
     * {@code read} of one item together with the view, both from one instant (one TransactGetItems
     * round trip instead of the head-item-head reads of {@link #consistently}).
     *
     * @throws StoreUnavailableException when no writer has created the genesis block yet
     */
    <T> T withItem(Map<String, AttributeValue> key, BiFunction<ChainView, Optional<Map<String, AttributeValue>>, T> read) {
        List<Optional<Map<String, AttributeValue>>> both = pager.getTogether(List.of(HeadCodec.KEY, key));
        return read.apply(viewOf(both.get(0)), both.get(1));
    }

    private static ChainView viewOf(Optional<Map<String, AttributeValue>> head) {
        return head.map(HeadCodec::view).orElseThrow(() -> new StoreUnavailableException(
                "this node has no chain yet: its first write (POST /transactions/new or GET /mine) "
                        + "creates the genesis block; try again then"));
    }

    /** {@code read} done on one view, again if the view changed meanwhile (at most a few times). */
    <T> T consistently(Function<ChainView, T> read) {
        ChainView view = view();
        for (int attempt = 1; ; attempt++) {
            T result = read.apply(view);
            ChainView after = view();
            if (after.equals(view)) {
                return result;
            }
            if (attempt >= ATTEMPTS) {
                throw new StaleViewException("the chain kept changing while it was read; try again");
            }
            view = after;
        }
    }
}
