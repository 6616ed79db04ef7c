package dev.lambdachain.core;

import java.util.Locale;

/**
 * Which transactions a chain accepts: a consensus rule, committed in the genesis block (its
 * nonce is {@link #genesisNonce()}), so nodes with different modes never share a chain.
 */
public enum SignatureMode {
    /** Every transfer is signed by the key of its sender, and every address is a key address. */
    REQUIRED(1),
    /** As REQUIRED, and unsigned transfers between named accounts (alice, bob) too: local demos. */
    DEV(0);

    private final long genesisNonce;

    SignatureMode(long genesisNonce) {
        this.genesisNonce = genesisNonce;
    }

    /** The genesis block's nonce on a chain of this mode (0 for dev keeps the default local genesis). */
    public long genesisNonce() {
        return genesisNonce;
    }

    /** The name in settings and JSON: {@code required} or {@code dev}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws InvalidValueException naming the values there are */
    public static SignatureMode parse(String text) {
        for (SignatureMode mode : values()) {
            if (mode.label().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return mode;
            }
        }
        throw new InvalidValueException("signature mode must be 'required' or 'dev', got '" + text + "'");
    }
}
