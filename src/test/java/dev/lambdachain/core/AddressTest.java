package dev.lambdachain.core;

import org.apache.commons.codec.binary.Base58;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Base58Check key addresses: derivation, the fixed shape, and every kind of typo refused by name. */
class AddressTest {
    private static final String ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

    /**
     * Addresses of the RFC 8032 TEST 1, 2 and 3 public keys, computed once with this code and
     * checked against a separate Python computation (hashlib.sha256 and a plain big-integer
     * Base58) when they were pinned.
     */
    private static final String[][] PINNED = {
            {"TEST 1", "3YzYiGbY7R95S17mjr4R8EFJvxSXqf3QAWHsNu1D83m9tKiP7a7"},
            {"TEST 2", "3ZB73rKyABvdwXtiev9tk7Mu2HzmxzzYFeYinLqozPYjPEbmEB4"},
            {"TEST 3", "3aPv8QGd4SwBDrMyov4L5USTGLi6cmaeASi2DLEmQTWDs2JwAC6"},
    };

    @Test
    void pinnedAddressesOfFixedKeys() {
        for (String[] pinned : PINNED) {
            Ed25519PublicKey key = Ed25519PublicKey.wrap(Rfc8032Vectors.named(pinned[0]).publicKey());
            Address address = Address.fromPublicKey(key);
            assertEquals(pinned[1], address.text(), pinned[0]);
            assertEquals(address, Address.parse(pinned[1], "address"));
            assertTrue(Address.parse(pinned[1], "address").matches(key));
        }
    }

    @Test
    void anAddressMatchesOnlyItsOwnKey() {
        Address test1 = Address.parse(PINNED[0][1], "address");
        assertFalse(test1.matches(Ed25519PublicKey.wrap(Rfc8032Vectors.named("TEST 2").publicKey())));
    }

    @Test
    void everyAddressHas51CharactersAndStartsWith3() {
        // The lowest and the highest 37-byte payload with version 0x4c bound every address.
        byte[] lowest = new byte[37];
        lowest[0] = Address.VERSION;
        byte[] highest = new byte[37];
        Arrays.fill(highest, (byte) 0xff);
        highest[0] = Address.VERSION;
        for (byte[] bound : new byte[][]{lowest, highest}) {
            String text = new Base58().encodeToString(bound);
            assertEquals(Address.LENGTH, text.length());
            assertEquals(Address.PREFIX, text.charAt(0));
        }
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 50; i++) {
            String text = Address.fromPublicKey(Ed25519Signer.generate(random).publicKey()).text();
            assertEquals(Address.LENGTH, text.length(), text);
            assertTrue(Address.looksLikeKeyAddress(text), text);
        }
    }

    @Test
    void oneCharacterChangedAnywhereFailsTheChecksum() {
        String good = PINNED[0][1];
        for (int i = 1; i < good.length(); i++) {
            char replacement = ALPHABET.charAt((ALPHABET.indexOf(good.charAt(i)) + 1) % ALPHABET.length());
            String typo = good.substring(0, i) + replacement + good.substring(i + 1);
            InvalidValueException e = assertThrows(InvalidValueException.class, () -> Address.parse(typo, "recipient"), typo);
            assertEquals("recipient fails its checksum: a character is mistyped", e.getMessage());
        }
    }

    @Test
    void twoNeighbouringCharactersSwappedFailTheChecksum() {
        String good = PINNED[1][1];
        for (int i = 1; i < good.length() - 1; i++) {
            if (good.charAt(i) == good.charAt(i + 1)) {
                continue;
            }
            String swapped = good.substring(0, i) + good.charAt(i + 1) + good.charAt(i) + good.substring(i + 2);
            assertThrows(InvalidValueException.class, () -> Address.parse(swapped, "recipient"), swapped);
        }
    }

    @Test
    void aMissingOrExtraCharacterIsAWrongLength() {
        String good = PINNED[0][1];
        assertMessage("recipient has 50 characters; a key address has exactly 51 (a character is missing or extra)",
                good.substring(0, 20) + good.substring(21));
        assertMessage("recipient has 52 characters; a key address has exactly 51 (a character is missing or extra)",
                good + "z");
        // a Bitcoin P2SH address has the same first character and is refused by length, not read as a name
        assertMessage("recipient has 34 characters; a key address has exactly 51 (a character is missing or extra)",
                "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy");
    }

    @Test
    void aCharacterBase58DoesNotUseIsNamedWithItsPosition() {
        String good = PINNED[0][1];
        for (char bad : new char[]{'0', 'O', 'I', 'l', '_', '-', ' '}) {
            String typo = good.substring(0, 9) + bad + good.substring(10);
            assertMessage("recipient has the character '" + bad + "' at position 10, which a key address cannot"
                    + " contain (Base58 has no 0, O, I, l or symbols)", typo);
        }
    }

    @Test
    void anotherFirstCharacterOrVersionByteIsRefusedByName() {
        assertMessage("recipient is not a key address: a key address starts with '3', this one with '1'",
                "1NS17iag9jJgTHD1VXjvLCEnZuQ3rJDE9L");
        // version 0x4b also encodes to 51 characters starting with '3', with a valid checksum
        byte[] payload = new byte[33];
        payload[0] = 0x4b;
        byte[] check = Hash.of(Hash.of(payload).bytes()).bytes();
        byte[] full = Arrays.copyOf(payload, 37);
        System.arraycopy(check, 0, full, 33, 4);
        String otherNetwork = new Base58().encodeToString(full);
        assertEquals(51, otherNetwork.length());
        assertMessage("recipient has the version byte 0x4b; lambdachain key addresses have 0x4c"
                + " (an address of another network or format)", otherNetwork);
        assertMessage("recipient is required", "");
        assertMessage("recipient is required", null);
    }

    @Test
    void theBase58CodecMatchesBitcoinCoreVectors() {
        // From Bitcoin Core, src/test/data/base58_encode_decode.json: pins the library's alphabet,
        // leading-zero handling and big-number conversion across upgrades.
        String[][] vectors = {
                {"", ""}, {"61", "2g"}, {"626262", "a3gV"}, {"636363", "aPEr"},
                {"00000000000000000000", "1111111111"}, {"572e4794", "3EFU7m"},
                {"00eb15231dfceb60925886b67d065299925915aeb172c06647", "1NS17iag9jJgTHD1VXjvLCEnZuQ3rJDE9L"},
        };
        Base58 base58 = new Base58();
        for (String[] v : vectors) {
            assertEquals(v[1], base58.encodeToString(java.util.HexFormat.of().parseHex(v[0])), v[0]);
            assertEquals(v[0], java.util.HexFormat.of().formatHex(base58.decode(v[1])), v[1]);
        }
    }

    @Test
    void classificationSeparatesKeyAddressesFromNamedAccounts() {
        assertFalse(Address.looksLikeKeyAddress("alice"));
        assertFalse(Address.looksLikeKeyAddress("genesis"));
        assertFalse(Address.looksLikeKeyAddress("3rd-party"));
        assertFalse(Address.looksLikeKeyAddress("3" + "a".repeat(30)));
        assertTrue(Address.looksLikeKeyAddress("3" + "a".repeat(31)));
        assertFalse(Address.looksLikeKeyAddress("x" + PINNED[0][1].substring(1)));
        assertFalse(Address.looksLikeKeyAddress(null));
        assertTrue(Address.looksLikeKeyAddress(PINNED[0][1]));
    }

    private static void assertMessage(String expected, String input) {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> Address.parse(input, "recipient"), input);
        assertEquals(expected, e.getMessage());
    }
}
