package dev.ferrite.fams.recovery;

import dev.ferrite.fams.FamsCorruptException;
import dev.ferrite.fams.log.LogFormat;
import dev.ferrite.fams.log.LogHeader;
import dev.ferrite.fams.log.PageFingerprint;
import dev.ferrite.fams.log.PageLogReader;
import dev.ferrite.fams.log.PageRecord;
import dev.ferrite.fams.storage.StorageFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/** Writes the images of a validated undo log back over the data file. */
public final class UndoApplier {
    private UndoApplier() {}

    /**
     * Writes every record's image at its page; idempotent, so a crash while applying is harmless.
     * A page is left alone only where both the device and the page cache already hold its image:
     * a write of the same bytes can still tear in a power cut, and when the log's own durability
     * is in doubt (its sync failed in this boot) a torn page could not be repaired; but after a
     * failed write-back the cache may hold bytes the device never got, and the mapping would show
     * them.
     */
    public static void apply(StorageFile log, List<PageRecord> records, StorageFile data) throws IOException {
        ByteBuffer image = ByteBuffer.allocateDirect(LogFormat.PAGE_SIZE);
        ByteBuffer current = ByteBuffer.allocateDirect(LogFormat.PAGE_SIZE);
        for (PageRecord r : records) {
            PageLogReader.readImage(log, r, image);
            if (holds(data, r, image, current, false) && holds(data, r, image, current, true)) {
                continue;
            }
            data.write(r.fileOffset(), image);
        }
    }

    private static boolean holds(StorageFile data, PageRecord r, ByteBuffer image, ByteBuffer current, boolean device)
            throws IOException {
        current.clear().limit(r.length());
        int n = device ? data.readDevice(r.fileOffset(), current) : data.read(r.fileOffset(), current);
        return n == r.length() && current.flip().equals(image);
    }

    /**
     * Checks that the data file was not touched by the commit of an incomplete log. A log that is
     * incomplete because a crash came before its sync cannot have been followed by data writes; if
     * a page shows the commit's new bytes (by the header's fingerprints) or no longer holds the
     * image of a record that validated, the log was complete once and was damaged afterwards, and
     * discarding it would leave a mix of two commits.
     *
     * @throws FamsCorruptException naming the first page found rewritten
     */
    public static void requireUntouched(StorageFile log, LogHeader header, List<PageRecord> records, StorageFile data,
                                        String logName, String problem) throws IOException {
        String refusal = logName + " is damaged (" + problem + "), but the data file was already partly rewritten by"
                + " commit " + header.commitNumber() + ", or is not the file this log was written for: ";
        ByteBuffer current = ByteBuffer.allocateDirect(LogFormat.PAGE_SIZE);
        for (PageFingerprint f : header.fingerprints()) {
            if (NewPages.shows(f, header.pageCheck(), data, current)) {
                throw new FamsCorruptException(refusal + "page " + f.page() + " holds the commit's new contents."
                        + " Neither commit " + (header.commitNumber() - 1) + " nor " + header.commitNumber()
                        + " can be restored from this log; nothing was changed");
            }
        }
        ByteBuffer logged = ByteBuffer.allocateDirect(LogFormat.PAGE_SIZE);
        for (PageRecord r : records) {
            PageLogReader.readImage(log, r, logged);
            current.clear().limit(r.length());
            data.read(r.fileOffset(), current);
            current.flip();
            if (!current.equals(logged)) {
                throw new FamsCorruptException(refusal + "page " + r.pageIndex() + " (offset " + r.fileOffset()
                        + ") no longer holds the image logged for it. Neither commit " + (header.commitNumber() - 1)
                        + " nor " + header.commitNumber() + " can be restored from this log; nothing was changed");
            }
        }
    }
}
