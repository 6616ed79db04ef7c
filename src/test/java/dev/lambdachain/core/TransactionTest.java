package dev.lambdachain.core;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Values that cannot be wrong past their constructor. */
class TransactionTest {

    @Test
    void amountArithmeticThrowsInsteadOfOverflowing() {
        assertThrows(ArithmeticException.class, () -> Amount.of(Long.MAX_VALUE).plus(Amount.of(1)));
        assertThrows(InvalidValueException.class, () -> Amount.of(5).minus(Amount.of(6)));
        assertThrows(InvalidValueException.class, () -> Amount.of(-1));
    }

    @Test
    void transactionRefusesItsOwnNonsense() {
        assertThrows(InvalidValueException.class, () -> new Transaction("a", "a", Amount.of(1), 0, 0, null, null));
        assertThrows(InvalidValueException.class, () -> new Transaction("a", "b", Amount.ZERO, 0, 0, null, null));
        assertThrows(InvalidValueException.class, () -> new Transaction("a b", "c", Amount.of(1), 0, 0, null, null));
        assertThrows(InvalidValueException.class, () -> new Transaction(Hash.ZERO, "a", "b", Amount.of(1), 0, 0, "XYZ", "00"));
        assertThrows(InvalidValueException.class, () -> new Transaction("a", "b", Amount.of(1), 0, 0, null, "00"),
                "a signature without a key");
    }

    @Test
    void idCoversEveryFieldButTheSignature() {
        Transaction base = new Transaction("a", "b", Amount.of(1), 5, 0, null, null);
        assertNotEquals(base.id(), new Transaction("a", "b", Amount.of(2), 5, 0, null, null).id());
        assertNotEquals(base.id(), new Transaction("a", "b", Amount.of(1), 6, 0, null, null).id());
        assertNotEquals(base.id(), new Transaction("a", "b", Amount.of(1), 5, 1, null, null).id());
        assertNotEquals(base.id(), new Transaction("a", "c", Amount.of(1), 5, 0, null, null).id());
        Ed25519Signer key = Ed25519Signer.fromSeed(new byte[32]);
        String sender = Address.fromPublicKey(key.publicKey()).text();
        Transaction signed = new Transaction(Hash.ZERO, sender, "b", Amount.of(1), 5, 0, key.publicKey().hex(),
                "00".repeat(64));
        Transaction otherSignature = new Transaction(Hash.ZERO, sender, "b", Amount.of(1), 5, 0,
                key.publicKey().hex(), "11".repeat(64));
        assertEquals(signed.id(), otherSignature.id(), "the id never covers the signature");
        assertNotEquals(signed, otherSignature);
    }

    @Test
    void merkleRootDependsOnOrderAndNeverDuplicatesTheOddLeaf() {
        Hash x = Hash.of(new byte[]{1});
        Hash y = Hash.of(new byte[]{2});
        Hash z = Hash.of(new byte[]{3});
        assertNotEquals(Merkle.root(List.of(x, y)), Merkle.root(List.of(y, x)));
        assertNotEquals(Merkle.root(List.of(x, y, z)), Merkle.root(List.of(x, y, z, z)));
        assertEquals(x, Merkle.root(List.of(x)));
    }
}
