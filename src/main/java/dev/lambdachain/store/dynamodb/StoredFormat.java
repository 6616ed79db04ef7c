package dev.lambdachain.store.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.lambdachain.core.Amount;
import dev.lambdachain.core.Block;
import dev.lambdachain.core.Hash;
import dev.lambdachain.core.InvalidValueException;
import dev.lambdachain.core.Target;
import dev.lambdachain.core.Transaction;
import dev.lambdachain.wire.Json;

import java.util.ArrayList;
import java.util.List;

/**
 * Format 1 of stored block and transaction bodies: positional JSON arrays, apart from the API's
 * and the peers' JSON so that neither can change what is stored. A block is
 * {@code [height, timestamp, previous hash, merkle root, difficulty, nonce, [transaction...]]}
 * (a version 2 block adds its compact target as an eighth element, with difficulty 0),
 * a transaction {@code [sender, recipient, amount, timestamp, sequence, public key, signature]}
 * with null for an absent key or signature (docs/DYNAMODB.md).
 */
public final class StoredFormat {
    private StoredFormat() {
    }

    static String encodeBlock(Block block) {
        return encodeBlock(block, block.transactions());
    }

    /**
     * The block array with {@code transactions} in its transaction slot: all of the block's, or
     * none for the body of a block whose transactions are stored in parts ({@link #encodeTransactions}).
     */
    static String encodeBlock(Block block, List<Transaction> transactions) {
        ArrayNode body = Json.array();
        body.add(block.height()).add(block.timestamp()).add(block.previousHash().hex()).add(block.merkleRoot().hex())
                .add(block.difficulty()).add(block.nonce());
        ArrayNode txs = body.addArray();
        transactions.forEach(tx -> txs.add(transactionArray(tx)));
        if (block.target() != null) {
            body.add(block.target().toCompact()); // version 2: the compact target after the transactions
        }
        return Json.write(body);
    }

    /** One part of a large block's transactions: the JSON array of their transaction arrays. */
    static String encodeTransactions(List<Transaction> transactions) {
        ArrayNode txs = Json.array();
        transactions.forEach(tx -> txs.add(transactionArray(tx)));
        return Json.write(txs);
    }

    static String encodeTransaction(Transaction tx) {
        return Json.write(transactionArray(tx));
    }

    /**
     * Decodes a stored block body of the chain whose genesis hash is {@code network}.
     *
     * @throws InvalidValueException when it is not a format-1 block: the audit reports that as a
     *         bad block at its height, other readers as a corrupt item
     */
    public static Block decodeBlock(String body, Hash network) {
        return decodeBlock(body, List.of(), network);
    }

    /**
     * Decodes a stored block body whose transactions are stored in {@code parts} (each a
     * transaction array list of {@link #encodeTransactions}, in order) after those of the body
     * itself; no parts for a block stored in one item.
     *
     * @throws InvalidValueException when the body or a part is not in format 1
     */
    static Block decodeBlock(String body, List<String> parts, Hash network) {
        JsonNode array = Json.read(body, "stored block");
        if (!array.isArray() || array.size() < 7 || array.size() > 8 || !array.get(6).isArray()) {
            throw new InvalidValueException("stored block is not a format-" + Attributes.FORMAT + " block array");
        }
        List<Transaction> transactions = new ArrayList<>(array.get(6).size());
        array.get(6).forEach(tx -> transactions.add(decodeTransaction(tx, network)));
        for (String part : parts) {
            JsonNode txs = Json.read(part, "stored block part");
            if (!txs.isArray()) {
                throw new InvalidValueException("stored block part is not an array of transactions");
            }
            txs.forEach(tx -> transactions.add(decodeTransaction(tx, network)));
        }
        return new Block(whole(array, 0), whole(array, 1), Hash.parse(array.get(2).asText(), "previous hash"),
                Hash.parse(array.get(3).asText(), "merkle root"), Math.toIntExact(whole(array, 4)), whole(array, 5),
                transactions, array.size() == 8 ? Target.ofCompact(Math.toIntExact(whole(array, 7))) : null);
    }

    static Transaction decodeTransaction(String body, Hash network) {
        return decodeTransaction(Json.read(body, "stored transaction"), network);
    }

    private static ArrayNode transactionArray(Transaction tx) {
        return Json.array().add(tx.sender()).add(tx.recipient()).add(tx.amount().units()).add(tx.timestamp())
                .add(tx.sequence()).add(tx.publicKey()).add(tx.signature());
    }

    private static Transaction decodeTransaction(JsonNode array, Hash network) {
        if (!array.isArray() || array.size() != 7) {
            throw new InvalidValueException("stored transaction is not a format-" + Attributes.FORMAT
                    + " transaction array");
        }
        return new Transaction(network, array.get(0).asText(), array.get(1).asText(), Amount.of(whole(array, 2)),
                whole(array, 3), whole(array, 4), optional(array.get(5)), optional(array.get(6)));
    }

    private static long whole(JsonNode array, int index) {
        JsonNode value = array.get(index);
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new InvalidValueException("stored value " + index + " is not a 64-bit whole number: " + value);
        }
        return value.longValue();
    }

    private static String optional(JsonNode value) {
        return value.isNull() ? null : value.asText();
    }
}
