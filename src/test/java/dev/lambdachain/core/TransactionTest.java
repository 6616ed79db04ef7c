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
        assertThrows(InvalidValueException.class, () -> new Transaction("a", "b", Amount.of(1), 0, 0, "XYZ", null));
    }

    @Test
    void idCoversEveryFieldButTheSignature() {
        Transaction base = new Transaction("a", "b", Amount.of(1), 5, 0, null, null);
        assertNotEquals(base.id(), new Transaction("a", "b", Amount.of(2), 5, 0, null, null).id());
        assertNotEquals(base.id(), new Transaction("a", "b", Amount.of(1), 6, 0, null, null).id());
        assertNotEquals(base.id(), new Transaction("a", "b", Amount.of(1), 5, 1, null, null).id());
        assertNotEquals(base.id(), new Transaction("a", "c", Amount.of(1), 5, 0, null, null).id());
        assertEquals(new Transaction("a", "b", Amount.of(1), 5, 0, "ab", null).id(),
                new Transaction("a", "b", Amount.of(1), 5, 0, "ab", "cd").id());
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
