package dev.lambdachain.store;

import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

import java.util.List;
import java.util.Map;

import static dev.lambdachain.store.Attributes.s;

/** Reads of the peer list: base URLs in URL order, with their standing. */
public final class Peers {
    private final Pager pager;

    Peers(Pager pager) {
        this.pager = pager;
    }

    public List<String> all() {
        return standings().stream().map(PeerStanding::url).toList();
    }

    /** Every peer with its record of invalid chains. */
    public List<PeerStanding> standings() {
        return pager.query(QueryRequest.builder().keyConditionExpression("pk = :pk")
                        .expressionAttributeValues(Map.of(":pk", s(PeerCodec.PARTITION))).consistentRead(true),
                Integer.MAX_VALUE).stream().map(PeerCodec::standing).toList();
    }
}
