package dev.lambdachain.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lambdachain.core.Block;
import dev.lambdachain.core.Target;
import dev.lambdachain.core.Hash;
import dev.lambdachain.core.InvalidValueException;
import dev.lambdachain.core.Transaction;

import java.util.ArrayList;
import java.util.List;

/**
 * The JSON of blocks and transactions that the API serves and peers exchange, as docs/PROTOCOL.md
 * writes it down. Not the stored format: the store has its own codecs, so renaming a field here
 * changes what clients and peers see and nothing that is stored.
 */
public final class ProtocolJson {
    /**
     * The most bytes one transaction's JSON can have as {@link #transaction} writes it, with room to
     * spare: the longest is 530 (a signed transfer from a 51-character key address to a
     * 64-character name, with 19-digit amount, timestamp and sequence: ProtocolJsonBoundsTest); a
     * typical signed transfer is about 476.
     */
    public static final int MAX_TRANSACTION_BYTES = 600;
    /** The most bytes a block's JSON can have besides its transactions (its header fields: about 330). */
    public static final int MAX_BLOCK_HEADER_BYTES = 1024;

    private ProtocolJson() {
    }

    /**
     * The most bytes the JSON of a block of at most {@code maxTransactions} transactions can have
     * as {@link #block} writes it: anything larger is not a block within that limit, whatever it
     * holds (2,462,720 bytes, about 2.35 MiB, at the default 4,096).
     */
    public static long maxBlockBytes(int maxTransactions) {
        return MAX_BLOCK_HEADER_BYTES + (long) maxTransactions * (MAX_TRANSACTION_BYTES + 1);
    }

    public static ObjectNode transaction(Transaction tx) {
        ObjectNode node = Json.object();
        node.put("id", tx.id().hex());
        node.put("sender", tx.sender());
        node.put("recipient", tx.recipient());
        node.put("amount", tx.amount().units());
        node.put("timestamp", tx.timestamp());
        node.put("sequence", tx.sequence());
        if (tx.publicKey() != null) {
            node.put("public_key", tx.publicKey());
        }
        if (tx.signature() != null) {
            node.put("signature", tx.signature());
        }
        return node;
    }

    /**
     * The body of POST /transactions/new for {@code tx}, as `wallet sign` prints it: the fields of
     * {@link #transaction(Transaction)} without the id, which the route does not take (a node
     * computes it); what a relaying node sends its peers.
     */
    public static ObjectNode submission(Transaction tx) {
        ObjectNode node = transaction(tx);
        node.remove("id");
        return node;
    }

    public static ObjectNode block(Block block) {
        ObjectNode node = Json.object();
        node.put("height", block.height());
        node.put("timestamp", block.timestamp());
        node.put("previous_hash", block.previousHash().hex());
        node.put("merkle_root", block.merkleRoot().hex());
        if (block.target() == null) {
            node.put("difficulty", block.difficulty());
        } else {
            node.put("version", block.version());
            node.put("bits", Target.compactHex(block.target().toCompact()));
        }
        node.put("nonce", block.nonce());
        node.put("hash", block.hash().hex());
        ArrayNode txs = node.putArray("transactions");
        block.transactions().forEach(tx -> txs.add(transaction(tx)));
        return node;
    }

    /**
     * Reads a transaction with all its fields (one inside a peer's block) for the chain whose
     * genesis hash is {@code network}; a stated id must match.
     *
     * @throws InvalidValueException naming the field that is missing, mistyped or inconsistent
     */
    public static Transaction readTransaction(JsonNode node, Hash network) {
        Fields.requireObject(node, "transaction");
        Transaction tx = new Transaction(network,
                Fields.text(node, "sender"),
                Fields.text(node, "recipient"),
                Fields.amount(node, "amount"),
                Fields.longValue(node, "timestamp"),
                Fields.longValue(node, "sequence"),
                Fields.optionalText(node, "public_key"),
                Fields.optionalText(node, "signature"));
        JsonNode id = node.get("id");
        if (id != null && !tx.id().hex().equals(id.asText())) {
            throw new InvalidValueException("transaction id " + id.asText() + " does not match its contents");
        }
        return tx;
    }

    /**
     * Reads a block of the chain whose genesis hash is {@code network}; a stated hash must match
     * the header.
     *
     * @throws InvalidValueException naming the field that is missing, mistyped or inconsistent
     */
    public static Block readBlock(JsonNode node, Hash network) {
        Fields.requireObject(node, "block");
        JsonNode txs = node.get("transactions");
        if (txs == null || !txs.isArray()) {
            throw new InvalidValueException("block.transactions must be an array");
        }
        List<Transaction> transactions = new ArrayList<>(txs.size());
        txs.forEach(tx -> transactions.add(readTransaction(tx, network)));
        return readBlock(node, transactions);
    }

    /**
     * Reads a block whose header fields are those of {@code node} (its own {@code transactions},
     * if any, are not read) and whose transactions, already read, are {@code transactions}; a
     * stated hash must match the header.
     *
     * @throws InvalidValueException naming the field that is missing, mistyped or inconsistent
     */
    public static Block readBlock(JsonNode node, List<Transaction> transactions) {
        Fields.requireObject(node, "block");
        long version = node.has("version") ? Fields.longValue(node, "version") : 1;
        if (version != 1 && version != 2) {
            throw new InvalidValueException("block.version must be 1 or 2");
        }
        long difficulty = version == 1 ? Fields.longValue(node, "difficulty") : 0;
        if (difficulty < 0 || difficulty > 64) {
            throw new InvalidValueException("block.difficulty must be between 0 and 64");
        }
        Block block = new Block(
                Fields.longValue(node, "height"),
                Fields.longValue(node, "timestamp"),
                Hash.parse(Fields.text(node, "previous_hash"), "previous_hash"),
                Hash.parse(Fields.text(node, "merkle_root"), "merkle_root"),
                (int) difficulty,
                Fields.longValue(node, "nonce"),
                transactions,
                version == 1 ? null : bits(Fields.text(node, "bits")));
        JsonNode hash = node.get("hash");
        if (hash != null && !block.hash().hex().equals(hash.asText())) {
            throw new InvalidValueException("block " + block.height() + " states hash " + hash.asText()
                    + " but its header hashes to " + block.hash());
        }
        return block;
    }

    /** A compact target as 8 hex digits ({@code "1f00ffff"}), canonical only. */
    private static Target bits(String hex) {
        if (!hex.matches("[0-9a-f]{8}")) {
            throw new InvalidValueException("block.bits must be 8 lower-case hex digits");
        }
        return Target.ofCompact(Integer.parseUnsignedInt(hex, 16));
    }
}
