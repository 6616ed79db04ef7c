package dev.lambdachain.core;

import static dev.lambdachain.support.SignedVector.*;

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
