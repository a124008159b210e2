package org.cpebridge.privacy.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32;
import org.cpebridge.core.store.StoreException;

/**
 * The access log's append file: new entries are made durable here, one {@code pwrite} and one {@code fdatasync}
 * per batch, before the (much dearer) atomic rewrite of their segment in the store.
 *
 * <p>Why: an atomic store write is a temporary file, an fsync, a rename and a directory fsync, and on ext4 each of the
 * two fsyncs commits the file system's journal, which on a busy machine waits for everyone else's metadata (18 ms
 * median against 4 ms for this file's write, measured under load; docs/privacy-policy.md). The file is preallocated
 * with zeros when it is created, so a write inside it changes no metadata (no size, no block allocation) and
 * {@code fdatasync} flushes only the data.
 *
 * <p>Format: lines of {@code <CRC-32 of the JSON, 8 hex digits> <entry JSON>\n}, written from offset 0 after each
 * compaction (the segments then hold every earlier entry) over whatever the previous round left. Reading stops at the
 * first line that is torn, fails its CRC or does not continue the sequence: an old round's lines after the current
 * round's tail name older sequence numbers, and a write cut by a crash was never acknowledged.
 *
 * <p>Owning thread: the access log's writer thread (after {@link #open} and {@link #readLines}, which run while the
 * log loads).
 */
final class AccessLogJournal implements AutoCloseable {
    /** Bytes preallocated: about 2,500 entries of 400 bytes, many times the entries between two compactions. */
    static final int CAPACITY = 1 << 20;

    /** One line read back: the entry's JSON, and the offset just after the line. */
    record Line(String json, long end) { }

    private final Path file;
    private final FileChannel channel;
    private long offset;

    private AccessLogJournal(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /** Opens the file, creating it 0600 and preallocated (with zeros, forced with its directory) when missing. */
    static AccessLogJournal open(Path file) {
        try {
            // The store's directories are 0700 (they hold secrets); this one may be created here first.
            if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createDirectories(file.getParent(), PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(file.getParent());
            }
            if (!Files.exists(file)) {
                create(file);
            }
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            if (channel.size() < CAPACITY) {
                channel.close();
                throw new StoreException(file + " is shorter than the access log journal's " + CAPACITY + " bytes");
            }
            return new AccessLogJournal(file, channel);
        } catch (IOException e) {
            throw new StoreException("cannot open the access log journal " + file + ": " + e.getMessage(), e);
        }
    }

    private static void create(Path file) throws IOException {
        Path temporary = file.resolveSibling("." + file.getFileName() + ".new");
        Files.deleteIfExists(temporary);
        try {
            if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(temporary, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(temporary);
            }
        } catch (FileAlreadyExistsException e) {
            throw new IOException("a concurrent creation of " + temporary, e);
        }
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
            ByteBuffer zeros = ByteBuffer.allocate(64 * 1024);
            for (long written = 0; written < CAPACITY; written += zeros.capacity()) {
                zeros.clear();
                while (zeros.hasRemaining()) {
                    channel.write(zeros, written + zeros.position());
                }
            }
            channel.force(true);
        }
        Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        try (FileChannel directory = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException e) {
            // Some file systems cannot force a directory; the file is written again after a crash that lost it.
        }
    }

    /**
     * The JSON of the lines from the start of the file, in order, up to the first line that is torn or fails its
     * CRC; the caller stops earlier at the first one that does not continue its sequence.
     */
    List<Line> readLines() {
        List<Line> lines = new ArrayList<>();
        try {
            ByteBuffer all = ByteBuffer.allocate((int) Math.min(channel.size(), CAPACITY));
            while (all.hasRemaining() && channel.read(all, all.position()) > 0) {
                // read until full
            }
            byte[] bytes = all.array();
            int start = 0;
            while (start < bytes.length) {
                int end = start;
                while (end < bytes.length && bytes[end] != '\n') {
                    end++;
                }
                if (end == bytes.length || end - start < 10 || bytes[start + 8] != ' ') {
                    break;
                }
                String crc = new String(bytes, start, 8, StandardCharsets.US_ASCII);
                String json = new String(bytes, start + 9, end - start - 9, StandardCharsets.UTF_8);
                if (!crc.equals(crcOf(json))) {
                    break;
                }
                start = end + 1;
                lines.add(new Line(json, start));
            }
        } catch (IOException e) {
            throw new StoreException("cannot read the access log journal " + file + ": " + e.getMessage(), e);
        }
        return lines;
    }

    /** Whether {@code bytes} more fit before the end of the preallocated file. */
    boolean fits(int bytes) {
        return offset + bytes <= CAPACITY;
    }

    /** The lines of {@code entryJson}, each with its CRC, as they are written. */
    static byte[] encode(List<String> entryJson) {
        StringBuilder text = new StringBuilder();
        for (String json : entryJson) {
            text.append(crcOf(json)).append(' ').append(json).append('\n');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Writes the lines at the current end and forces the data (fdatasync): durable when this returns. */
    void append(byte[] lines) {
        if (!fits(lines.length)) {
            throw new IllegalStateException("the access log journal is full");
        }
        try {
            ByteBuffer buffer = ByteBuffer.wrap(lines);
            while (buffer.hasRemaining()) {
                channel.write(buffer, offset + buffer.position());
            }
            channel.force(false);
            offset += lines.length;
        } catch (IOException e) {
            throw new StoreException("cannot write the access log journal " + file + ": " + e.getMessage(), e);
        }
    }

    /** After a compaction: the segments hold everything, so the next line goes to offset 0. */
    void restart() {
        offset = 0;
    }

    /** Where the next line goes (the bytes the current round holds). */
    long offset() {
        return offset;
    }

    /** Continues after the lines the log took from the file at load ({@code bytes} long in all). */
    void continueAfter(long bytes) {
        offset = bytes;
    }

    private static String crcOf(String json) {
        CRC32 crc = new CRC32();
        crc.update(json.getBytes(StandardCharsets.UTF_8));
        return String.format(Locale.ROOT, "%08x", crc.getValue());
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // closing a read/write channel whose data is forced loses nothing
        }
    }

}
