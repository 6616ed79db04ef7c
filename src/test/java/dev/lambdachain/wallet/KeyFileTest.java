package dev.lambdachain.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lambdachain.core.Address;
import dev.lambdachain.core.Ed25519Signer;
import dev.lambdachain.core.InvalidValueException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Key files: owner-only from creation, never overwritten, refused when exposed or inconsistent. */
class KeyFileTest {
    private static final HexFormat HEX = HexFormat.of();

    @TempDir
    Path dir;

    private final Ed25519Signer signer = Ed25519Signer.generate(new SecureRandom());

    @Test
    void aWrittenKeyFileIsOwnerOnlyAndReadsBackTheSameKey() throws Exception {
        Path file = dir.resolve("my.key");
        KeyFile.write(file, signer);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        Ed25519Signer read = KeyFile.read(file);
        assertArrayEquals(signer.seed(), read.seed());
        assertEquals(signer.publicKey(), read.publicKey());
    }

    @Test
    void theFileHoldsSeedPublicKeyAndAddressAsJson() throws Exception {
        Path file = dir.resolve("my.key");
        KeyFile.write(file, signer);
        JsonNode body = new ObjectMapper().readTree(file.toFile());
        assertEquals(List.of("kind", "seed", "public_key", "address"), iterable(body));
        assertEquals("lambdachain-ed25519-key", body.get("kind").textValue());
        assertEquals(HEX.formatHex(signer.seed()), body.get("seed").textValue());
        assertEquals(signer.publicKey().hex(), body.get("public_key").textValue());
        assertEquals(Address.fromPublicKey(signer.publicKey()).text(), body.get("address").textValue());
    }

    @Test
    void anExistingFileIsNeverOverwritten() throws Exception {
        Path file = dir.resolve("my.key");
        KeyFile.write(file, signer);
        byte[] before = Files.readAllBytes(file);
        InvalidValueException e = assertThrows(InvalidValueException.class,
                () -> KeyFile.write(file, Ed25519Signer.generate(new SecureRandom())));
        assertTrue(e.getMessage().contains("already exists"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
    }

    @Test
    void aKeyFileThatGroupOrOthersCanAccessIsRefusedWithTheFix() throws Exception {
        Path file = dir.resolve("my.key");
        KeyFile.write(file, signer);
        for (String mode : List.of("rw-r-----", "rw----r--", "rw-----w-", "rw---x---")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
            InvalidValueException e = assertThrows(InvalidValueException.class, () -> KeyFile.read(file), mode);
            assertTrue(e.getMessage().contains("accessible by group or others (" + mode + ")"), e.getMessage());
            assertTrue(e.getMessage().endsWith("run: chmod 600 " + file), e.getMessage());
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
        assertEquals(signer.publicKey(), KeyFile.read(file).publicKey());
    }

    @Test
    void anEditedOrDamagedKeyFileIsRefusedNamingTheField() throws Exception {
        Ed25519Signer other = Ed25519Signer.generate(new SecureRandom());
        String seed = HEX.formatHex(signer.seed());
        String key = signer.publicKey().hex();
        String address = Address.fromPublicKey(signer.publicKey()).text();
        assertRefused("public_key is not the public key of seed",
                body(seed, other.publicKey().hex(), address));
        assertRefused("address is not the address of seed",
                body(seed, key, Address.fromPublicKey(other.publicKey()).text()));
        assertRefused("seed must be 64 hex digits", body(seed.substring(2), key, address));
        assertRefused("unknown field 'note'", body(seed, key, address).replace("{", "{\"note\":\"x\","));
        assertRefused("not JSON", body(seed, key, address).replace("\"seed\"", "\"kind\""));
        assertRefused("not JSON", "seed=" + seed);
        assertRefused("kind must be", body(seed, key, address).replace("lambdachain-ed25519-key", "other"));
        assertRefused("seed must be a string", body(seed, key, address).replace("\"" + seed + "\"", "7"));
    }

    private void assertRefused(String expected, String content) throws Exception {
        Path file = Files.createTempFile(dir, "edited", ".key",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, content);
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> KeyFile.read(file), content);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    private static String body(String seed, String publicKey, String address) {
        return "{\"kind\":\"lambdachain-ed25519-key\",\"seed\":\"" + seed + "\",\"public_key\":\"" + publicKey
                + "\",\"address\":\"" + address + "\"}";
    }

    private static List<String> iterable(JsonNode body) {
        List<String> names = new java.util.ArrayList<>();
        body.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
