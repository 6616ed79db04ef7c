package dev.lambdachain.wallet;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lambdachain.core.Address;
import dev.lambdachain.core.Ed25519;
import dev.lambdachain.core.Ed25519Signer;
import dev.lambdachain.core.InvalidValueException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A wallet key on disk: one JSON object holding the 32-byte Ed25519 seed, and for reading by
 * eye the public key and address derived from it.
 * <pre>
 * {
 *   "kind" : "lambdachain-ed25519-key",
 *   "seed" : "&lt;64 hex digits&gt;",
 *   "public_key" : "&lt;64 hex digits&gt;",
 *   "address" : "3..."
 * }
 * </pre>
 * Whoever reads the seed can spend the address's coins, so on POSIX file systems the file is
 * created owner-only ({@code rw-------}) in the same call that creates it (never widened then
 * narrowed), an existing file is never overwritten, and a key file that group or others can
 * access in any way is refused on reading, as OpenSSH refuses such private keys: the fix is
 * {@code chmod 600 FILE}. On file systems without POSIX permissions neither is checked.
 * Reading recomputes the public key and address from the seed and refuses a file whose copies
 * disagree (a hand edit or a damaged file).
 */
public final class KeyFile {
    static final String KIND = "lambdachain-ed25519-key";
    private static final List<String> FIELDS = List.of("kind", "seed", "public_key", "address");
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    /** A key file is about 250 bytes; anything much larger is not one. */
    private static final long MAX_BYTES = 4096;
    private static final HexFormat HEX = HexFormat.of();
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private KeyFile() {
    }

    /**
     * Creates {@code path} holding {@code signer}'s key, owner-only on POSIX, and flushes it to
     * the device before returning.
     *
     * @throws InvalidValueException when the file already exists
     * @throws IOException   when it cannot be created or written (no such directory, no room, ...)
     */
    public static void write(Path path, Ed25519Signer signer) throws IOException {
        ObjectNode body = JSON.createObjectNode()
                .put("kind", KIND)
                .put("seed", HEX.formatHex(signer.seed()))
                .put("public_key", signer.publicKey().hex())
                .put("address", Address.fromPublicKey(signer.publicKey()).text());
        byte[] bytes = (JSON.writeValueAsString(body) + "\n").getBytes(StandardCharsets.UTF_8);
        Set<StandardOpenOption> options = EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        FileAttribute<?>[] attributes = isPosix(path)
                ? new FileAttribute<?>[]{PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
        try (FileChannel channel = FileChannel.open(path, options, attributes)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        } catch (FileAlreadyExistsException e) {
            throw new InvalidValueException(path + " already exists; a key file is never overwritten"
                    + " (it may hold the only copy of a key), choose another file");
        }
    }

    /**
     * Reads the key of {@code path}.
     *
     * @throws InvalidValueException when it is not a regular file (a FIFO, a device or a directory,
     *                       which could block the read or never end), group or others can access it,
     *                       or its content is not a consistent key file (the message says which field is wrong)
     * @throws IOException   when it cannot be read (no such file, no permission, ...)
     */
    public static Ed25519Signer read(Path path) throws IOException {
        // checked before opening: opening a FIFO for reading blocks until a writer comes
        BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
        if (!attributes.isRegularFile()) {
            throw new InvalidValueException(path + " is not a key file (not a regular file but "
                    + (attributes.isDirectory() ? "a directory" : "a FIFO, socket or device") + ")");
        }
        if (isPosix(path)) {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
            if (permissions.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
                throw new InvalidValueException(path + " is accessible by group or others ("
                        + PosixFilePermissions.toString(permissions) + "), and whoever reads it can spend its coins;"
                        + " run: chmod 600 " + path);
            }
        }
        byte[] content;
        try (InputStream in = Files.newInputStream(path)) {
            content = in.readNBytes((int) MAX_BYTES + 1);
        }
        if (attributes.size() > MAX_BYTES || content.length > MAX_BYTES) {
            throw new InvalidValueException(path + " is not a key file (larger than " + MAX_BYTES + " bytes)");
        }
        JsonNode body;
        try {
            body = JSON.readTree(content);
        } catch (JsonProcessingException e) {
            throw new InvalidValueException(path + " is not a key file (not JSON: " + e.getOriginalMessage() + ")");
        }
        if (body == null || !body.isObject()) {
            throw new InvalidValueException(path + " is not a key file (not a JSON object)");
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new InvalidValueException(path + " is not a key file (unknown field '" + name + "')");
            }
        }
        if (!KIND.equals(text(path, body, "kind"))) {
            throw new InvalidValueException(path + " is not a key file (kind must be '" + KIND + "')");
        }
        String seedHex = text(path, body, "seed");
        if (!seedHex.matches("[0-9a-fA-F]{" + 2 * Ed25519.SEED_LENGTH + "}")) {
            throw new InvalidValueException(path + ": seed must be " + 2 * Ed25519.SEED_LENGTH + " hex digits");
        }
        Ed25519Signer signer = Ed25519Signer.fromSeed(HEX.parseHex(seedHex));
        if (!signer.publicKey().hex().equals(text(path, body, "public_key").toLowerCase(Locale.ROOT))) {
            throw new InvalidValueException(path + ": public_key is not the public key of seed (damaged or edited file)");
        }
        if (!Address.fromPublicKey(signer.publicKey()).text().equals(text(path, body, "address"))) {
            throw new InvalidValueException(path + ": address is not the address of seed (damaged or edited file)");
        }
        return signer;
    }

    private static String text(Path path, JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual()) {
            throw new InvalidValueException(path + " is not a key file (" + field + " must be a string)");
        }
        return value.textValue();
    }

    private static boolean isPosix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
