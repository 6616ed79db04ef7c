package dev.lambdachain.core;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The header rule "target equals the retargeted one": refuses any other target, naming both. */
class CalculatedTargetRuleTest {
    private static final Target D4 = Target.ofCompact(0x1f00ffff);
    private static final Target D2 = Target.ofCompact(0x2000ffff);
    private static final long MINUTE = 60_000;
    private static final long T0 = 1_700_000_000_000L;
    private static final CalculatedTargetRule RULE = new CalculatedTargetRule(new RetargetParams(D4, D2, 10, MINUTE, 4));
    private static final CalculatedTargetRule.Ancestors NOT_ASKED = height -> fail("asked for ancestor " + height);

    /** Headers 0..count-1 a block time of {@code millis} apart, each with the target the rule expects. */
    private static List<PowHeader> chain(int count, long millis) {
        List<PowHeader> chain = new ArrayList<>();
        chain.add(new PowHeader(0, T0, D4));
        for (int h = 1; h < count; h++) {
            PowHeader parent = chain.get(h - 1);
            Target target = RULE.expected(parent, height -> chain.get((int) height).timestamp());
            chain.add(new PowHeader(h, parent.timestamp() + millis, target));
        }
        return chain;
    }

    @Test
    void aBlockCarryingTheRetargetedTargetPasses() {
        List<PowHeader> chain = chain(31, 2 * MINUTE);
        for (int h = 1; h < chain.size(); h++) {
            RULE.check(chain.get(h), chain.get(h - 1), height -> chain.get((int) height).timestamp());
        }
        assertEquals(D4, chain.get(19).target());
        assertEquals(Target.ofCompact(0x1f01fffe), chain.get(20).target(), "blocks took twice as long: target x2");
        assertEquals(Target.ofCompact(0x1f03fffc), chain.get(30).target());
    }

    @Test
    void aBlockWithAnotherTargetIsRefusedWithExpectedAndFound() {
        List<PowHeader> chain = chain(21, 2 * MINUTE);
        PowHeader parent = chain.get(19);
        PowHeader unchanged = new PowHeader(20, chain.get(20).timestamp(), D4);
        VerificationException e = assertThrows(VerificationException.class,
                () -> RULE.check(unchanged, parent, height -> chain.get((int) height).timestamp()));
        assertEquals(20, e.height());
        assertEquals("block 20: target expected 1f01fffe = 0001fffe" + "0".repeat(56)
                + ", found 1f00ffff = 0000ffff" + "0".repeat(56) + " (a retarget height)", e.getMessage());
    }

    @Test
    void betweenRetargetsAnEasierTargetIsRefusedWithoutLookingBack() {
        PowHeader parent = new PowHeader(5, T0 + 5 * MINUTE, D4);
        PowHeader easier = new PowHeader(6, T0 + 6 * MINUTE, D2);
        VerificationException e = assertThrows(VerificationException.class, () -> RULE.check(easier, parent, NOT_ASKED));
        assertTrue(e.getMessage().startsWith("block 6: target expected 1f00ffff"), e.getMessage());
        assertTrue(e.getMessage().contains("found 2000ffff"), e.getMessage());
        RULE.check(new PowHeader(6, T0 + 6 * MINUTE, D4), parent, NOT_ASKED);
    }

    @Test
    void aHarderTargetThanRequiredIsRefusedToo() {
        // Work is counted from the target, so a miner may not pick its own, not even a harder one.
        PowHeader parent = new PowHeader(5, T0, D4);
        Target harder = Target.ofCompact(0x1e7fff80);
        assertThrows(VerificationException.class, () -> RULE.check(new PowHeader(6, T0, harder), parent, NOT_ASKED));
    }

    @Test
    void withAFixedTargetVersionOneBlocksNeedTheConfiguredDifficulty() {
        CalculatedTargetRule fixed = new CalculatedTargetRule(RetargetParams.fixed(Target.fromLeadingZeroHexDigits(2)));
        ChainParams params = new ChainParams(2, Amount.of(10), "genesis", Amount.of(1000),
                ChainParams.DEFAULT_GENESIS_TIMESTAMP, 8, 60_000, SignatureMode.DEV);
        Block genesis = params.genesis();
        Block good = Block.assemble(1, genesis.timestamp() + 1, genesis.hash(), 2,
                List.of(Transaction.coinbase("miner", Amount.of(10), 1, genesis.timestamp() + 1)));
        Block easier = Block.assemble(1, genesis.timestamp() + 1, genesis.hash(), 1, good.transactions());
        fixed.check(PowHeader.of(good), PowHeader.of(genesis), NOT_ASKED);
        VerificationException e = assertThrows(VerificationException.class,
                () -> fixed.check(PowHeader.of(easier), PowHeader.of(genesis), NOT_ASKED));
        assertEquals("block 1: target expected 00" + "f".repeat(62) + ", found 0" + "f".repeat(63), e.getMessage());
    }
}
