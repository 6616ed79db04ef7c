package dev.lambdachain.node;

import dev.lambdachain.core.Amount;
import dev.lambdachain.core.BlockBody;
import dev.lambdachain.core.ChainParams;
import dev.lambdachain.core.Hash;
import dev.lambdachain.core.InvalidValueException;
import dev.lambdachain.core.Ledger;
import dev.lambdachain.core.SignatureMode;
import dev.lambdachain.core.Transaction;
import dev.lambdachain.core.TransactionRule;
import dev.lambdachain.store.ConflictException;

/**
 * Accepts transactions into the mempool: the chain's rules first (signature mode, signature,
 * date), then the store's atomic balance and sequence check. Two things keep a flood of junk
 * cheap (docs/RELAY.md "Limits"): a signed transaction this process stored or found stored, sent
 * again as it was, is refused as a duplicate from memory, before its signature is checked or the
 * store is asked; and each source address has an allowance of refusals a second ({@link #hears}).
 */
public final class Payments {
    /** What a client that sent an unsigned transfer to a chain requiring signatures needs to know. */
    static final String HOW_TO_SIGN = "this chain requires signed transactions (signature mode required): send "
            + "sender, recipient, amount, timestamp, sequence, public_key and signature, the Ed25519 signature of the"
            + " version-2 transaction bytes (docs/PROTOCOL.md). The wallet does it: `java -jar target/lambdachain.jar wallet"
            + " send --key FILE --to ADDRESS --amount N --node URL`, or `wallet sign ... --sequence S --genesis HASH`"
            + " for the JSON body; sequence is next_sequence of GET /balance/{sender}, genesis is in GET /info";

    /** Refused transactions a second (and at once) one source address may send before it hears 429. */
    static final Allowance.Rate REFUSALS_PER_SOURCE = new Allowance.Rate(100, 200);
    /** Refused transactions a second (and at once) all sources together may send before they hear 429. */
    static final Allowance.Rate REFUSALS_ALL_SOURCES = new Allowance.Rate(1000, 2000);
    /** Signed transactions remembered as stored (id and signature: about 200 bytes each). */
    static final int REMEMBERED_TRANSACTIONS = 4096;

    private final NodeParts parts;
    private final Relay relay;
    private final Allowance refusals;
    /** Signed transactions this process stored or found stored: id to signature. */
    private final RecentItems<Hash, String> stored = new RecentItems<>(REMEMBERED_TRANSACTIONS);

    Payments(NodeParts parts, Relay relay) {
        this.parts = parts;
        this.relay = relay;
        this.refusals = new Allowance(parts.clock()::millis, REFUSALS_PER_SOURCE, REFUSALS_ALL_SOURCES);
    }

    /**
     * Whether a transaction from {@code source} is heard now: false once that address (or all
     * together) had more refusals than {@link #REFUSALS_PER_SOURCE} ({@link #REFUSALS_ALL_SOURCES})
     * allow, until the allowance refills. Accepted transactions cost nothing.
     *
     * @param source the sender's IP address, or null when the request names none (then only the shared allowance counts)
     */
    public boolean hears(String source) {
        return refusals.allows(source);
    }

    /** Counts one refused transaction from {@code source} (null: unknown) against its allowance. */
    public void refusedFrom(String source) {
        refusals.charge(source);
    }

    /**
     * An unsigned transfer between named accounts, dated now, into the mempool (dev chains only).
     *
     * @throws InvalidValueException for a malformed address, equal parties, a reserved name, a key
     *         address as sender, or any unsigned transfer on a chain that requires signatures
     * @throws dev.lambdachain.store.InsufficientFundsException when the sender cannot pay it
     * @throws dev.lambdachain.store.ConflictException when the same transaction was submitted before
     */
    public Transaction submit(String sender, String recipient, Amount amount) {
        checkUnsignedAllowed();
        long now = parts.clock().millis();
        return accept(new Transaction(sender, recipient, amount, now, 0, null, null), now);
    }

    /** @throws InvalidValueException saying how to sign, on a chain that requires signatures */
    public void checkUnsignedAllowed() {
        if (parts.config().chain().signatureMode() == SignatureMode.REQUIRED) {
            throw new InvalidValueException(HOW_TO_SIGN);
        }
    }

    /**
     * A transfer signed by its sender's key into the mempool.
     *
     * @throws InvalidValueException for a malformed field, a refused key, a key that is not the
     *         sender's, a signature that does not verify (altered, another key, another network),
     *         a date too far ahead, or a named recipient on a chain that requires signatures
     * @throws dev.lambdachain.store.SequenceException when {@code sequence} is not the sender's next
     * @throws dev.lambdachain.store.InsufficientFundsException when the sender cannot pay it
     * @throws dev.lambdachain.store.ConflictException when the same transaction was submitted before
     */
    public Transaction submitSigned(String sender, String recipient, Amount amount, long timestamp, long sequence,
                                    String publicKey, String signature) {
        ChainParams chain = parts.config().chain();
        Transaction tx = new Transaction(parts.validator().genesisHash(), sender, recipient, amount, timestamp,
                sequence, publicKey, signature);
        if (tx.signature().equals(stored.get(tx.id()))) {
            throw new ConflictException("transaction " + tx.id() + " was already submitted");
        }
        long now = parts.clock().millis();
        // admitted only as the next block, dated now, could hold it: the block rules themselves, in the API's words
        BlockBody next = new BlockBody(chain, now, Ledger.empty());
        if (TransactionRule.DATED_BY_ITS_BLOCK.check(tx, next).isPresent()) {
            throw new InvalidValueException("timestamp " + timestamp + " is more than "
                    + chain.maxFutureDriftMillis() / 60_000 + " minutes ahead of this node's clock (" + now + ")");
        }
        if (TransactionRule.SIGNATURE_VERIFIES.check(tx, next).isPresent()) {
            throw new InvalidValueException("signature does not verify: the transaction was altered after signing,"
                    + " signed by another key, or signed for another network (this one's genesis is "
                    + parts.validator().genesisHash() + ", GET /info)");
        }
        return accept(tx, now);
    }

    private Transaction accept(Transaction tx, long now) {
        if (tx.isCoinbase()) {
            throw new InvalidValueException("'" + Transaction.COINBASE + "' is reserved for block rewards and cannot send");
        }
        if (Transaction.COINBASE.equals(tx.recipient())) {
            throw new InvalidValueException("'" + Transaction.COINBASE
                    + "' is reserved for block rewards and cannot receive");
        }
        ChainParams.checkPayee(tx.recipient(), "recipient", parts.config().chain().signatureMode());
        try {
            parts.store().accept().run(tx, now);
        } catch (ConflictException duplicate) {
            remember(tx);
            throw duplicate;
        }
        remember(tx);
        relay.afterAccepted(tx); // only a transaction new here: a duplicate threw above
        return tx;
    }

    private void remember(Transaction tx) {
        if (tx.isSigned()) {
            stored.put(tx.id(), tx.signature());
        }
    }
}
