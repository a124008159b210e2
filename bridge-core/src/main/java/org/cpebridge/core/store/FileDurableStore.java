package org.cpebridge.core.store;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.LinkOption;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link DurableStore} of one file per record under a data directory.
 *
 * <p>A write goes to a temporary file in the same directory, which is forced to disk, atomically renamed over the
 * record's file, after which the directory itself is forced so the rename survives a power cut. A reader therefore
 * sees the old or the new file, never a mixture. Each file starts with a small text header (container version,
 * name, payload format version, payload length and CRC-32) so a damaged file is detected and reported, not
 * mistaken for data. Temporary files left by a kill are removed when the store opens.
 *
 * <p>The data holds secrets (broker passwords, Matter keys): on a POSIX file system the directory tree is mode 0700
 * and every file 0600, each created so (never widened first and narrowed after); a tree left wider by an older
 * version is narrowed when the store opens.
 */
public final class FileDurableStore implements DurableStore {

    private static final Logger LOG = LoggerFactory.getLogger(FileDurableStore.class);

    static final String MAGIC = "CPEBRIDGE-STORE 1";
    static final String SUFFIX = ".rec";
    private static final String TEMP_MARKER = ".tmp-";
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}(/[a-z0-9][a-z0-9_.-]{0,63}){0,7}");
    private static final int MAX_PAYLOAD = 64 * 1024 * 1024;

    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DIRECTORY_MODE = PosixFilePermissions.fromString("rwx------");

    private final Path root;
    private final boolean posix;
    private final ConcurrentHashMap<String, Object> locks = new ConcurrentHashMap<>();

    /** Opens (creating if needed) a store under {@code root} and removes temporary files a kill left behind. */
    public FileDurableStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.posix = this.root.getFileSystem().supportedFileAttributeViews().contains("posix");
        try {
            createDirectories(this.root);
            try (Stream<Path> files = Files.walk(this.root)) {
                for (Path path : files.toList()) {
                    if (path.getFileName().toString().contains(TEMP_MARKER)) {
                        Files.deleteIfExists(path);
                        LOG.debug("[store] removed unfinished write {}", path);
                    } else if (posix) {
                        narrow(path);
                    }
                }
            }
        } catch (IOException e) {
            throw new StoreException("cannot open data directory " + this.root + ": " + e.getMessage(), e);
        }
    }

    public Path root() {
        return root;
    }

    /**
     * Reads one record without opening the store: creates no directory, removes no leftover temporary file and
     * changes no mode, so the running service may own the store meanwhile (its writes are atomic renames, so the
     * file read is always a whole record). For commands that only look, such as {@code --pairing-code}.
     */
    public static Optional<StoredRecord> readWithoutOpening(Path root, String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bad record name '" + name + "'");
        }
        Path file = root.toAbsolutePath().normalize().resolve(name + SUFFIX);
        try {
            return Optional.of(decode(name, file, Files.readAllBytes(file)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StoreException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<StoredRecord> read(String name) {
        Path file = fileOf(name);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StoreException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return Optional.of(decode(name, file, bytes));
    }

    @Override
    public void write(String name, int formatVersion, byte[] payload) {
        if (formatVersion < 1) {
            throw new IllegalArgumentException("format version must be >= 1");
        }
        if (payload.length > MAX_PAYLOAD) {
            throw new IllegalArgumentException("payload of " + payload.length + " bytes exceeds " + MAX_PAYLOAD);
        }
        Path file = fileOf(name);
        byte[] encoded = encode(name, formatVersion, payload);
        synchronized (lockOf(name)) {
            Path directory = file.getParent();
            Path temp = directory.resolve("." + file.getFileName() + TEMP_MARKER + Long.toHexString(System.nanoTime()));
            try {
                if (!Files.isDirectory(directory)) {
                    createDirectories(directory);
                    forceDirectory(directory.getParent());
                }
                // Created 0600: the secret is never readable by others, not even for an instant.
                try (FileChannel channel = posix
                        ? FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                                PosixFilePermissions.asFileAttribute(FILE_MODE))
                        : FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    ByteBuffer buffer = ByteBuffer.wrap(encoded);
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                    channel.force(true);
                }
                try {
                    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    throw new StoreException("the file system under " + directory + " cannot rename atomically", e);
                }
                forceDirectory(directory);
            } catch (IOException e) {
                deleteQuietly(temp);
                throw new StoreException("cannot write " + file + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void delete(String name) {
        Path file = fileOf(name);
        synchronized (lockOf(name)) {
            try {
                if (Files.deleteIfExists(file)) {
                    forceDirectory(file.getParent());
                }
            } catch (IOException e) {
                throw new StoreException("cannot delete " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Walks only the directory the prefix names (the whole tree for a prefix without {@code /}). Other records are
     * written meanwhile: a temporary file or directory that is renamed or removed between the directory read and its
     * attributes was never a record, so it is skipped, not an error.
     */
    @Override
    public List<String> list(String prefix) {
        List<String> names = new ArrayList<>();
        int slash = prefix.lastIndexOf('/');
        Path start = slash < 0 ? root : root.resolve(prefix.substring(0, slash)).normalize();
        if (!start.startsWith(root) || !Files.isDirectory(start)) {
            return names;
        }
        try {
            Files.walkFileTree(start, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path path, BasicFileAttributes attributes) {
                    String fileName = path.getFileName().toString();
                    if (attributes.isRegularFile() && fileName.endsWith(SUFFIX) && !fileName.startsWith(".")) {
                        String relative = root.relativize(path).toString().replace('\\', '/');
                        String name = relative.substring(0, relative.length() - SUFFIX.length());
                        if (name.startsWith(prefix)) {
                            names.add(name);
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path path, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw e;
                }
            });
        } catch (IOException e) {
            throw new StoreException("cannot list " + start + ": " + e.getMessage(), e);
        }
        names.sort(null);
        return names;
    }

    private Object lockOf(String name) {
        return locks.computeIfAbsent(name, n -> new Object());
    }

    private Path fileOf(String name) {
        if (name == null || !NAME.matcher(name).matches() || name.contains("..")) {
            throw new IllegalArgumentException("invalid record name '" + name + "'");
        }
        return root.resolve(name + SUFFIX);
    }

    static byte[] encode(String name, int formatVersion, byte[] payload) {
        CRC32 crc = new CRC32();
        crc.update(payload);
        String header = MAGIC + "\nname=" + name + "\nformat=" + formatVersion + "\nlength=" + payload.length
                + "\ncrc32=" + Long.toHexString(crc.getValue()) + "\n\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream(header.length() + payload.length);
        out.writeBytes(header.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(payload);
        return out.toByteArray();
    }

    static StoredRecord decode(String name, Path file, byte[] bytes) {
        int headerEnd = indexOf(bytes, new byte[] {'\n', '\n'});
        if (headerEnd < 0 || headerEnd > 512) {
            throw corrupt(file, bytes.length == 0 ? "the file is empty" : "no record header");
        }
        String[] lines = new String(bytes, 0, headerEnd, StandardCharsets.US_ASCII).split("\n");
        if (lines.length != 5 || !lines[0].equals(MAGIC)) {
            throw corrupt(file, "not a store record (expected '" + MAGIC + "')");
        }
        String storedName = field(file, lines[1], "name");
        if (!storedName.equals(name)) {
            throw corrupt(file, "holds record '" + storedName + "', not '" + name + "'");
        }
        int formatVersion;
        int length;
        long crcValue;
        try {
            formatVersion = Integer.parseInt(field(file, lines[2], "format"));
            length = Integer.parseInt(field(file, lines[3], "length"));
            crcValue = Long.parseLong(field(file, lines[4], "crc32"), 16);
        } catch (NumberFormatException e) {
            throw corrupt(file, "bad header number: " + e.getMessage());
        }
        int payloadStart = headerEnd + 2;
        if (length < 0 || bytes.length - payloadStart != length) {
            throw corrupt(file, "payload is " + (bytes.length - payloadStart) + " bytes, header says " + length);
        }
        byte[] payload = new byte[length];
        System.arraycopy(bytes, payloadStart, payload, 0, length);
        CRC32 crc = new CRC32();
        crc.update(payload);
        if (crc.getValue() != crcValue) {
            throw corrupt(file, "checksum mismatch");
        }
        return new StoredRecord(name, formatVersion, payload);
    }

    private static String field(Path file, String line, String key) {
        if (!line.startsWith(key + "=")) {
            throw corrupt(file, "expected header field '" + key + "'");
        }
        return line.substring(key.length() + 1);
    }

    private static StoreException corrupt(Path file, String why) {
        return new StoreException("store file " + file + " is unreadable: " + why
                + "; move it away to start without it, or restore it from a backup");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private void createDirectories(Path directory) throws IOException {
        if (posix) {
            Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(DIRECTORY_MODE));
        } else {
            Files.createDirectories(directory);
        }
    }

    /** Narrows a file to 0600 or a directory to 0700 if an older version (or a person) left it wider. */
    private static void narrow(Path path) throws IOException {
        Set<PosixFilePermission> wanted = Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS) ? DIRECTORY_MODE
                : FILE_MODE;
        Set<PosixFilePermission> current = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
        if (!wanted.containsAll(current) && !Files.isSymbolicLink(path)) {
            Set<PosixFilePermission> narrowed = java.util.EnumSet.noneOf(PosixFilePermission.class);
            narrowed.addAll(current);
            narrowed.retainAll(wanted);
            Files.setPosixFilePermissions(path, narrowed);
            LOG.info("[store] narrowed {} to {}", path, PosixFilePermissions.toString(narrowed));
        }
    }

    private static void forceDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // The next open removes leftovers.
        }
    }
}
