package dev.lambdachain.consensus;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lambdachain.core.Block;
import dev.lambdachain.core.Hash;
import dev.lambdachain.core.InvalidValueException;
import dev.lambdachain.core.Transaction;
import dev.lambdachain.wire.Json;
import dev.lambdachain.wire.ProtocolJson;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads a peer's /chain page ({@code {"chain":[blocks], ...}}, docs/PROTOCOL.md) token by token as
 * it arrives, one transaction at a time, so that a block over the block limit is refused as soon as
 * its transaction past the limit, or its byte past the most a block within the limit can have,
 * is read: never after the whole page or the whole block is in memory. Each block is handed on as
 * soon as it is read, so that the caller can verify it (and refuse the rest of the page) before
 * the next one arrives.
 */
final class ChainPageReader {
    private final String peer;
    private final Hash network;
    private final int maxTransactions;
    private final long maxBlockBytes;

    /**
     * @param peer            the peer's URL, named in faults
     * @param network         our genesis hash, for which signed transactions are read
     * @param maxTransactions the block limit, coinbase included (a rule of the network)
     */
    ChainPageReader(String peer, Hash network, int maxTransactions) {
        this.peer = peer;
        this.network = network;
        this.maxTransactions = maxTransactions;
        this.maxBlockBytes = ProtocolJson.maxBlockBytes(maxTransactions);
    }

    /**
     * Hands each block of the page in {@code utf8} to {@code each} as soon as it is read; they must
     * be at heights {@code from}, {@code from + 1}, ..., at most {@code limit} of them. What
     * {@code each} throws ends the reading and comes through as it is.
     *
     * @return how many blocks the page held
     * @throws PeerClient.PeerFault oversized for a block over the block limit, invalid for a page
     *                              without a chain array, a malformed block, a block at another
     *                              height or more blocks than asked for
     * @throws IOException          the stream failed (its cap, its deadline, a broken connection) or
     *                              the page is not JSON ({@link com.fasterxml.jackson.core.JsonProcessingException})
     */
    int read(InputStream utf8, long from, int limit, Consumer<Block> each) throws IOException {
        try (JsonParser parser = Json.parser(utf8)) {
            Integer blocks = null;
            if (parser.nextToken() == JsonToken.START_OBJECT) {
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    if (parser.nextToken() == JsonToken.START_ARRAY && name.equals("chain")) {
                        blocks = blocks(parser, from, limit, each);
                    } else {
                        parser.skipChildren();
                    }
                }
            }
            if (blocks == null) {
                throw PeerClient.PeerFault.invalid(peer, "answered /chain without a chain array");
            }
            if (parser.nextToken() != null) {
                throw PeerClient.PeerFault.invalid(peer, "answered /chain with more after the page");
            }
            return blocks;
        }
    }

    private int blocks(JsonParser parser, long from, int limit, Consumer<Block> each) throws IOException {
        int blocks = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            long expected = from + blocks;
            if (blocks == limit) {
                throw PeerClient.PeerFault.invalid(peer, "sent more than " + limit + " blocks where " + limit
                        + " were asked for");
            }
            Block block = block(parser, expected);
            if (block.height() != expected) {
                throw PeerClient.PeerFault.invalid(peer, "sent block " + block.height() + " where " + expected
                        + " was asked for");
            }
            each.accept(block);
            blocks++;
        }
        return blocks;
    }

    /** The block whose first token is the parser's current one, at {@code height} if the peer is honest. */
    private Block block(JsonParser parser, long height) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            throw malformed("block must be a JSON object");
        }
        long start = parser.currentTokenLocation().getByteOffset();
        ObjectNode header = Json.object();
        List<Transaction> transactions = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            if (parser.nextToken() == JsonToken.START_ARRAY && name.equals("transactions")) {
                transactions = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    if (transactions.size() == maxTransactions) {
                        throw PeerClient.PeerFault.oversized(peer, "sent block " + height + " with more than "
                                + maxTransactions + " transactions, the block limit");
                    }
                    transactions.add(transaction(parser, height, start));
                }
            } else {
                header.set(name, Json.readValue(parser));
            }
            checkBytes(parser, height, start);
        }
        if (transactions == null) {
            throw malformed("block.transactions must be an array");
        }
        try {
            return ProtocolJson.readBlock(header, transactions);
        } catch (InvalidValueException e) {
            throw malformed(e.getMessage());
        }
    }

    private Transaction transaction(JsonParser parser, long height, long start) throws IOException {
        var json = Json.readValue(parser);
        checkBytes(parser, height, start);
        try {
            return ProtocolJson.readTransaction(json, network);
        } catch (InvalidValueException e) {
            throw malformed(e.getMessage());
        }
    }

    /** Refuses the block that began at byte {@code start} once it is longer than a block within the limit can be. */
    private void checkBytes(JsonParser parser, long height, long start) {
        if (parser.currentLocation().getByteOffset() - start > maxBlockBytes) {
            throw PeerClient.PeerFault.oversized(peer, "sent block " + height + " of more than " + maxBlockBytes
                    + " bytes, more than a block of at most " + maxTransactions + " transactions can have");
        }
    }

    private PeerClient.PeerFault malformed(String why) {
        return PeerClient.PeerFault.invalid(peer, "sent a malformed block: " + why);
    }
}
