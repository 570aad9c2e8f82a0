package dev.ferrite.fams.recovery;

import dev.ferrite.fams.FamsCorruptException;
import dev.ferrite.fams.log.LogFormat;
import dev.ferrite.fams.log.PageLogReader;
import dev.ferrite.fams.log.PageRecord;
import dev.ferrite.fams.storage.StorageFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/** Writes the images of a validated undo log back over the data file. */
public final class UndoApplier {
    private UndoApplier() {}

    /** Writes every record's image at its page; idempotent, so a crash while applying is harmless. */
    public static void apply(StorageFile log, List<PageRecord> records, StorageFile data) throws IOException {
        ByteBuffer image = ByteBuffer.allocateDirect(LogFormat.PAGE_SIZE);
        for (PageRecord r : records) {
            PageLogReader.readImage(log, r, image);
            data.write(r.fileOffset(), image);
        }
    }

    /**
     * Checks that the data file still holds the images of the records that validated in an
     * incomplete log. A log that is incomplete because a crash came before its sync cannot have
     * been followed by data writes; if a page differs, the log was complete once and was damaged
     * afterwards, and discarding it would leave a mix of two commits.
     *
     * @throws FamsCorruptException naming the first page that differs
     */
    public static void requireUntouched(StorageFile log, List<PageRecord> records, StorageFile data, String logName,
                                        String problem) throws IOException {
        ByteBuffer logged = ByteBuffer.allocateDirect(LogFormat.PAGE_SIZE);
        ByteBuffer current = ByteBuffer.allocateDirect(LogFormat.PAGE_SIZE);
        for (PageRecord r : records) {
            PageLogReader.readImage(log, r, logged);
            current.clear().limit(r.length());
            data.read(r.fileOffset(), current);
            current.flip();
            if (!current.equals(logged)) {
                throw new FamsCorruptException(logName + " is damaged (" + problem + "), and page " + r.pageIndex()
                        + " (offset " + r.fileOffset() + ") of the data file no longer holds the image logged for it:"
                        + " the commit had started rewriting the file, so the previous commit cannot be restored"
                        + " from this log. Nothing was changed.");
            }
        }
    }
}
