package dev.lambdachain.support;

/**
 * The pinned signed transaction of docs/PROTOCOL.md "Pinned vector": one known answer that the
 * Java signing code (TransactionSigningTest) and the explorer's in-page code (ExplorerPageIT)
 * must both reproduce, byte for byte.
 */
public final class SignedVector {
    /*
     * The vector of docs/PROTOCOL.md, computed once with this code and checked independently
     * when pinned: bytes, id and addresses with Python (struct, hashlib, a big-integer Base58),
     * public key and signature with OpenSSL 3.0 (`openssl pkeyutl -sign -rawin`) from the
     * PKCS#8 form of the seed.
     */
    public static final String SEED = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    public static final String PUBLIC_KEY = "03a107bff3ce10be1d70dd18e74bc09967e4d6309ba50d5f1ddc8664125531b8";
    public static final String SENDER = "3ZPaHLCb7sagPzsEUfmRpCswStGN2UMwbtgvxu5trLVZ8Bz995H";
    /** The address of RFC 8032 TEST 2's public key. */
    public static final String RECIPIENT = "3ZB73rKyABvdwXtiev9tk7Mu2HzmxzzYFeYinLqozPYjPEbmEB4";
    /** The genesis hash of the default local chain (docs/PROTOCOL.md "Genesis" defaults). */
    public static final String GENESIS = "6d9ad42a9ab2177197765f8ab3a18d778c16f0309526125acccf238d39812e02";
    public static final long AMOUNT = 25;
    public static final long TIMESTAMP = 1_700_000_001_000L;
    public static final long SEQUENCE = 0;
    public static final String BYTES = "02"
            + "6d9ad42a9ab2177197765f8ab3a18d778c16f0309526125acccf238d39812e02"
            + "0033" + "335a5061484c436237736167507a734555666d52704373775374474e32554d776274677678753574724c565a38427a39393548"
            + "0033" + "335a423733724b794142766477587469657639746b374d7532487a6d787a7a59466559696e4c716f7a50596a5045626d454234"
            + "0000000000000019"
            + "0000018bcfe56be8"
            + "0000000000000000"
            + "03a107bff3ce10be1d70dd18e74bc09967e4d6309ba50d5f1ddc8664125531b8";
    public static final String ID = "53a55b38fed4d3648c8d2d85999f90611c5208345f4e6fa68e3087a9e03365c8";
    public static final String SIGNATURE = "0bfa1a63a854e63ce0725366309c879e3adf3229555c4614b5130dc4281abc58"
            + "f8c110d4d454e550c66daac60e2823fd0dda54cb3f6d07b0b9bef1253b8cbb01";

    private SignedVector() {
    }
}
