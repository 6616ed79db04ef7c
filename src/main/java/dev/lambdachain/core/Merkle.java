package dev.lambdachain.core;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * Merkle root of transaction ids: inner node = SHA-256(0x01 || left || right); an odd node
 * out is carried up unchanged (never duplicated, so two lists cannot share a root).
 */
public final class Merkle {
    private Merkle() {
    }

    public static Hash root(List<Hash> leaves) {
        if (leaves.isEmpty()) {
            return Hash.ZERO;
        }
        List<Hash> level = leaves;
        MessageDigest sha = Hash.sha256();
        while (level.size() > 1) {
            List<Hash> next = new ArrayList<>((level.size() + 1) / 2);
            for (int i = 0; i + 1 < level.size(); i += 2) {
                sha.update((byte) 1);
                sha.update(level.get(i).bytes());
                sha.update(level.get(i + 1).bytes());
                next.add(Hash.wrap(sha.digest()));
            }
            if (level.size() % 2 == 1) {
                next.add(level.get(level.size() - 1));
            }
            level = next;
        }
        return level.get(0);
    }

    public static Hash rootOf(List<Transaction> transactions) {
        return root(transactions.stream().map(Transaction::id).toList());
    }
}
