package org.cpebridge.securetime.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.util.List;
import java.util.Set;
import org.cpebridge.securetime.crypto.Ed25519;
import org.cpebridge.bytes.Bytes;

/**
 * The server's long-term Ed25519 key, made at first start and kept in a file only the service user can read
 * (mode 0600), written like the durable store writes (temporary file, fsync, atomic rename, fsync of the directory)
 * so a kill never leaves half a key. The file holds a format line and the base64 seed.
 */
public final class LongTermKeyFile {

    static final String FORMAT_LINE = "cpe-bridge roughtime long-term ed25519 seed, format 1";
    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private LongTermKeyFile() {
    }

    /** The key pair: read from {@code file}, or generated and written there when the file does not exist. */
    public static KeyPair loadOrCreate(Path file, SecureRandom random) throws IOException {
        if (Files.exists(file)) {
            return read(file);
        }
        KeyPair generated = Ed25519.generate(random);
        write(file, Ed25519.seedOf(generated.getPrivate()));
        return read(file);
    }

    private static KeyPair read(Path file) throws IOException {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        if (!OWNER_ONLY.containsAll(permissions)) {
            throw new IOException(file + " is readable by others (" + PosixFilePermissions.toString(permissions)
                    + "); make it 0600");
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        if (lines.size() < 2 || !FORMAT_LINE.equals(lines.get(0))) {
            throw new IOException(file + " is not a long-term key file of this format");
        }
        Bytes seed;
        try {
            seed = Bytes.fromBase64(lines.get(1).trim());
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " holds no base64 key", e);
        }
        if (seed.length() != Ed25519.KEY_LENGTH) {
            throw new IOException(file + " holds a key of " + seed.length() + " bytes");
        }
        PrivateKey key = Ed25519.privateKey(seed);
        // The JDK has no call that derives an Ed25519 public key from a private one; generating from the seed does.
        return new KeyPair(publicKeyOf(seed), key);
    }

    private static java.security.PublicKey publicKeyOf(Bytes seed) {
        // The JDK's generator draws exactly the 32-byte seed from its SecureRandom: hand it ours.
        SecureRandom fixed = new SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                byte[] source = seed.toByteArray();
                System.arraycopy(source, 0, bytes, 0, Math.min(bytes.length, source.length));
            }
        };
        return Ed25519.generate(fixed).getPublic();
    }

    private static void write(Path file, Bytes seed) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path temp = directory.resolve("." + file.getFileName() + ".tmp-" + Long.toHexString(System.nanoTime()));
        byte[] content = (FORMAT_LINE + "\n" + seed.toBase64() + "\n").getBytes(StandardCharsets.US_ASCII);
        try {
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
                dir.force(true);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
