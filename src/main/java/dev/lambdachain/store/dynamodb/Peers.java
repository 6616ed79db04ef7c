package dev.lambdachain.store.dynamodb;

import dev.lambdachain.store.ChainStore;
import dev.lambdachain.store.PeerStanding;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

import java.util.List;
import java.util.Map;

import static dev.lambdachain.store.dynamodb.Attributes.s;

/** Reads of the peer list: base URLs in URL order, with their standing. */
final class Peers implements ChainStore.Peers {
    private final Pager pager;

    Peers(Pager pager) {
        this.pager = pager;
    }

    @Override
    public List<PeerStanding> standings() {
        return pager.query(QueryRequest.builder().keyConditionExpression("pk = :pk")
                        .expressionAttributeValues(Map.of(":pk", s(PeerCodec.PARTITION))).consistentRead(true),
                Integer.MAX_VALUE).stream().map(PeerCodec::standing).toList();
    }
}
