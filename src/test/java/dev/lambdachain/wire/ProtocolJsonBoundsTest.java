package dev.lambdachain.wire;

import dev.lambdachain.core.Amount;
import dev.lambdachain.core.Block;
import dev.lambdachain.core.Hash;
import dev.lambdachain.core.Target;
import dev.lambdachain.core.Transaction;
import dev.lambdachain.support.TestKey;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The byte bounds a reader puts on a peer's blocks (docs/CONSENSUS.md "Byte bounds") hold every
 * block within the block limit: the longest transaction and the longest header this node can
 * write fit in them.
 */
class ProtocolJsonBoundsTest {
    private static final Hash NETWORK = Hash.of(new byte[]{1});

    @Test
    void theLongestTransactionFitsItsBound() {
        String longestName = "n".repeat(64);
        Transaction signed = TestKey.numbered(7).pay(NETWORK, longestName, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE);
        Transaction unsigned = new Transaction(longestName, "r".repeat(64), Amount.of(Long.MAX_VALUE), Long.MAX_VALUE,
                Long.MAX_VALUE, null, null);
        for (Transaction tx : List.of(signed, unsigned)) {
            int bytes = Json.write(ProtocolJson.transaction(tx)).length();
            assertTrue(bytes <= ProtocolJson.MAX_TRANSACTION_BYTES, bytes + " bytes: " + Json.write(ProtocolJson.transaction(tx)));
        }
        assertEquals(530, Json.write(ProtocolJson.transaction(signed)).length(), "the longest signed transaction");
    }

    @Test
    void aBlockOfTheLongestHeaderAndTransactionsFitsItsBound() {
        Transaction signed = TestKey.numbered(7).pay(NETWORK, "n".repeat(64), Long.MAX_VALUE, Long.MAX_VALUE, 0);
        List<Transaction> transactions = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            transactions.add(TestKey.numbered(7).pay(NETWORK, "n".repeat(64), Long.MAX_VALUE, Long.MAX_VALUE, i));
        }
        Block v1 = Block.assemble(Long.MAX_VALUE, Long.MAX_VALUE, NETWORK, 64, transactions).withNonce(Long.MIN_VALUE);
        Block v2 = new Block(Long.MAX_VALUE, Long.MAX_VALUE, NETWORK, v1.merkleRoot(), 0, Long.MIN_VALUE, transactions,
                Target.ofCompact(0x1f00ffff));
        for (Block block : List.of(v1, v2)) {
            long bytes = Json.write(ProtocolJson.block(block)).length();
            assertTrue(bytes <= ProtocolJson.maxBlockBytes(transactions.size()), bytes + " bytes");
        }
        assertTrue(Json.write(ProtocolJson.transaction(signed)).length() < ProtocolJson.MAX_TRANSACTION_BYTES);
        assertEquals(2_462_720, ProtocolJson.maxBlockBytes(4_096));
    }
}
