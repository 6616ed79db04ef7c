package dev.lambdachain.core;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The v2 signed-transaction bytes, pinned to the vector in docs/PROTOCOL.md. */
class TransactionSigningTest {
    private static final HexFormat HEX = HexFormat.of();

    /*
     * The vector of docs/PROTOCOL.md, computed once with this code and checked independently
     * when pinned: bytes, id and addresses with Python (struct, hashlib, a big-integer Base58),
     * public key and signature with OpenSSL 3.0 (`openssl pkeyutl -sign -rawin`) from the
     * PKCS#8 form of the seed.
     */
    private static final String SEED = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    private static final String PUBLIC_KEY = "03a107bff3ce10be1d70dd18e74bc09967e4d6309ba50d5f1ddc8664125531b8";
    private static final String SENDER = "3ZPaHLCb7sagPzsEUfmRpCswStGN2UMwbtgvxu5trLVZ8Bz995H";
    /** The address of RFC 8032 TEST 2's public key. */
    private static final String RECIPIENT = "3ZB73rKyABvdwXtiev9tk7Mu2HzmxzzYFeYinLqozPYjPEbmEB4";
    /** The genesis hash of the default local chain (docs/PROTOCOL.md "Genesis" defaults). */
    private static final String GENESIS = "585939fa22bd73c175700943d9dd971c9d6a28832fd03c1cb0c06d4a636ed0e7";
    private static final long AMOUNT = 25;
    private static final long TIMESTAMP = 1_700_000_001_000L;
    private static final long SEQUENCE = 0;
    private static final String BYTES = "02"
            + "585939fa22bd73c175700943d9dd971c9d6a28832fd03c1cb0c06d4a636ed0e7"
            + "0033" + "335a5061484c436237736167507a734555666d52704373775374474e32554d776274677678753574724c565a38427a39393548"
            + "0033" + "335a423733724b794142766477587469657639746b374d7532487a6d787a7a59466559696e4c716f7a50596a5045626d454234"
            + "0000000000000019"
            + "0000018bcfe56be8"
            + "0000000000000000"
            + "03a107bff3ce10be1d70dd18e74bc09967e4d6309ba50d5f1ddc8664125531b8";
    private static final String ID = "e10b722e099d85053aa30921fed24c62cee37cb47db54235e5a0bf2e65853045";
    private static final String SIGNATURE = "e375fe102776ec91ce0acf37e7a0ac9626bf14c5ad499796fa5b6c51c7bc4847"
            + "f92f89b9f5326ef8bb2ec93e0d43ec0ab777a2c05f210db97ce2c22d0a46cf00";

    private final Ed25519Signer signer = Ed25519Signer.fromSeed(HEX.parseHex(SEED));
    private final Hash genesis = Hash.parse(GENESIS, "genesis");

    @Test
    void pinnedSignedTransactionVector() {
        assertEquals(PUBLIC_KEY, signer.publicKey().hex());
        Address sender = Address.fromPublicKey(signer.publicKey());
        assertEquals(SENDER, sender.text());
        byte[] bytes = bytes(RECIPIENT, AMOUNT, TIMESTAMP, SEQUENCE);
        assertEquals(BYTES, HEX.formatHex(bytes));
        assertEquals(195, bytes.length);
        assertEquals(ID, TransactionSigning.id(bytes).hex());
        assertEquals(SIGNATURE, HEX.formatHex(signer.sign(bytes)));
        assertTrue(Ed25519.verify(Ed25519PublicKey.parse(PUBLIC_KEY, "public_key"), bytes,
                Ed25519.parseSignature(SIGNATURE, "signature")));
    }

    @Test
    void everyFieldChangesTheBytesAndSoTheIdAndVoidsTheSignature() {
        byte[] base = bytes(RECIPIENT, AMOUNT, TIMESTAMP, SEQUENCE);
        byte[] signature = signer.sign(base);
        Hash otherGenesis = Hash.of(new byte[]{1});
        byte[][] variants = {
                bytes(RECIPIENT, AMOUNT + 1, TIMESTAMP, SEQUENCE),
                bytes(RECIPIENT, AMOUNT, TIMESTAMP + 1, SEQUENCE),
                bytes(RECIPIENT, AMOUNT, TIMESTAMP, SEQUENCE + 1),
                bytes("alice", AMOUNT, TIMESTAMP, SEQUENCE),
                TransactionSigning.canonicalBytes(otherGenesis, Address.parse(SENDER, "sender"), RECIPIENT,
                        AMOUNT, TIMESTAMP, SEQUENCE, signer.publicKey()),
        };
        for (byte[] variant : variants) {
            assertNotEquals(TransactionSigning.id(base), TransactionSigning.id(variant));
            assertFalse(Ed25519.verify(signer.publicKey(), variant, signature));
        }
    }

    @Test
    void aSenderThatIsNotTheAddressOfTheKeyIsRefused() {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> TransactionSigning.canonicalBytes(genesis,
                Address.parse(RECIPIENT, "sender"), "alice", AMOUNT, TIMESTAMP, SEQUENCE, signer.publicKey()));
        assertTrue(e.getMessage().startsWith("sender " + RECIPIENT + " is not the address of public_key"), e.getMessage());
    }

    @Test
    void badFieldsAreRefusedByName() {
        assertRefused("recipient fails its checksum", RECIPIENT.substring(0, 50) + "5", AMOUNT, TIMESTAMP, SEQUENCE);
        assertRefused("recipient must be a key address or a named account", "al ice", AMOUNT, TIMESTAMP, SEQUENCE);
        assertRefused("recipient is required", "", AMOUNT, TIMESTAMP, SEQUENCE);
        assertRefused("sender and recipient must differ", SENDER, AMOUNT, TIMESTAMP, SEQUENCE);
        assertRefused("amount must be a positive", RECIPIENT, 0, TIMESTAMP, SEQUENCE);
        assertRefused("timestamp must not be negative", RECIPIENT, AMOUNT, -1, SEQUENCE);
        assertRefused("sequence must not be negative", RECIPIENT, AMOUNT, TIMESTAMP, -1);
    }

    @Test
    void aNamedRecipientIsEncodedAsItsName() {
        byte[] bytes = bytes("alice", AMOUNT, TIMESTAMP, SEQUENCE);
        assertEquals(195 - 51 + 5, bytes.length);
        assertTrue(HEX.formatHex(bytes).contains("0005" + HEX.formatHex("alice".getBytes())));
    }

    private byte[] bytes(String recipient, long amount, long timestamp, long sequence) {
        return TransactionSigning.canonicalBytes(genesis, Address.fromPublicKey(signer.publicKey()), recipient,
                amount, timestamp, sequence, signer.publicKey());
    }

    private void assertRefused(String messageStart, String recipient, long amount, long timestamp, long sequence) {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> bytes(recipient, amount, timestamp, sequence));
        assertTrue(e.getMessage().startsWith(messageStart), e.getMessage());
    }
}
