package dev.lambdachain.local;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The claim of one process on a data directory: an exclusive lock on {@value #LOCK_FILE} inside it,
 * held until {@link #close()} or until the process ends in any way (the operating system drops the
 * lock of a killed process). Two engines on one database file would each serve their own stale view
 * of it, so a second node on the same directory is refused instead.
 *
 * <p>The lock file itself is left in place when the lock is released: deleting it could let two
 * processes lock two different files of the same name. A copy of the directory carries the file but
 * not the lock, so a copied directory is free.
 */
final class DataDirectoryLock implements AutoCloseable {
    /** The file inside a data directory that the running process holds locked. */
    static final String LOCK_FILE = "lambdachain.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Another process (or this one) holds the directory; the message names it and the way out. */
    static final class InUseException extends IOException {
        InUseException(Path dataDir) {
            super(dataDir + " is in use by another running node or dynamodb server (it holds "
                    + dataDir.resolve(LOCK_FILE) + "); stop that process, or give this one its own --data directory");
        }
    }

    /**
     * Takes the directory's lock without waiting.
     *
     * @param dataDir an existing directory
     * @throws InUseException when another process, or this JVM, holds it
     * @throws IOException when the lock file cannot be created or opened (no permission, read-only file system)
     */
    static DataDirectoryLock acquire(Path dataDir) throws IOException {
        FileChannel channel = FileChannel.open(dataDir.resolve(LOCK_FILE),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            throw new InUseException(dataDir);
        }
        return new DataDirectoryLock(channel, lock);
    }

    /** Releases the lock (closing its channel). Idempotent. */
    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // the channel is closed already: the lock went with it
        }
    }
}
