package dev.lambdachain.core;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Cumulative work: exact sums, a decimal for JSON and a fixed-width key whose string order is numeric. */
class ChainWorkTest {

    private static ChainWork workOf(int... difficulties) {
        ChainWork work = ChainWork.ZERO;
        for (int d : difficulties) {
            work = work.plus(Target.fromLeadingZeroHexDigits(d));
        }
        return work;
    }

    @Test
    void aShorterChainOfHarderBlocksOutweighsALongerChainOfEasierOnes() {
        ChainWork longer = workOf(4, 4, 4, 4, 4, 4, 4, 4, 4, 4);   // 10 x 65,536
        ChainWork shorter = workOf(5, 5);                        // 2 x 1,048,576
        assertEquals(BigInteger.valueOf(655_360), longer.value());
        assertEquals(BigInteger.valueOf(2_097_152), shorter.value());
        assertTrue(shorter.compareTo(longer) > 0);
    }

    @Test
    void bitcoinsGenesisTargetCountsItsKnownWork() {
        assertEquals("4295032833", ChainWork.ZERO.plus(Target.ofCompact(0x1d00ffff)).toString());
        assertEquals("0000000000000000000000000000000000000000000000000000000100010001",
                ChainWork.ZERO.plus(Target.ofCompact(0x1d00ffff)).sortKey());
    }

    @Test
    void sortKeysAreSixtyFourHexDigitsOrderedAsTheNumbers() {
        Random random = new Random(64);
        List<ChainWork> works = new ArrayList<>();
        works.add(ChainWork.ZERO);
        works.add(ChainWork.of(BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE)));
        for (int i = 0; i < 500; i++) {
            works.add(ChainWork.of(new BigInteger(random.nextInt(257), random)));
        }
        List<ChainWork> byNumber = works.stream().sorted().toList();
        List<ChainWork> byKey = works.stream().sorted(Comparator.comparing(ChainWork::sortKey)).toList();
        assertEquals(byNumber, byKey);
        for (ChainWork work : works) {
            assertEquals(64, work.sortKey().length());
            assertEquals(work, ChainWork.fromSortKey(work.sortKey()));
            assertEquals(work, ChainWork.parse(work.toString(), "work"));
        }
    }

    @Test
    void malformedTextIsRefusedAsInvalidInput() {
        for (String bad : new String[] {null, "", "-1", "01", "1.0", "1e3", " 1", "0x10",
                BigInteger.ONE.shiftLeft(256).toString()}) {
            InvalidValueException e = assertThrows(InvalidValueException.class, () -> ChainWork.parse(bad, "chainwork"), bad);
            assertTrue(e.getMessage().startsWith("chainwork"), e.getMessage());
        }
        for (String bad : new String[] {null, "0".repeat(63), "0".repeat(65), "A" + "0".repeat(63), "g".repeat(64)}) {
            assertThrows(InvalidValueException.class, () -> ChainWork.fromSortKey(bad), bad);
        }
    }

    @Test
    void workBeyondTwoFiftySixBitsThrowsInsteadOfWrapping() {
        ChainWork max = ChainWork.of(BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE));
        assertThrows(ArithmeticException.class, () -> max.plus(Target.fromLeadingZeroHexDigits(0)));
        assertThrows(ArithmeticException.class, () -> ChainWork.of(BigInteger.valueOf(-1)));
    }
}
