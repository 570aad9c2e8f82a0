package dev.ferrite.fams.recovery;

import dev.ferrite.fams.log.LogFormat;
import dev.ferrite.fams.log.LogHeader;
import dev.ferrite.fams.log.PageCheck;
import dev.ferrite.fams.log.PageFingerprint;
import dev.ferrite.fams.log.PageRecord;
import dev.ferrite.fams.storage.StorageFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Tells whether a commit's new pages are in the data file, by the checks its log carries. The
 * pages are read from the device, past the page cache: after a failed {@code fsync} in this boot
 * the kernel reports the error once, marks the pages clean and may keep serving their new bytes
 * from the cache although the disk never got them, and a later sync would write nothing.
 */
public final class NewPages {
    private NewPages() {}

    /**
     * Whether every page of {@code records}, read from the log of {@code header}, holds the new
     * bytes its record's check describes.
     */
    public static boolean allWritten(LogHeader header, List<PageRecord> records, StorageFile data) throws IOException {
        PageCheck check = header.pageCheck();
        ByteBuffer page = ByteBuffer.allocateDirect(LogFormat.PAGE_SIZE);
        for (PageRecord r : records) {
            // A record's length is its old image's; a commit that grew the file checked its last
            // page's new bytes up to the new size.
            int length = (int) Math.min(LogFormat.PAGE_SIZE, header.newDataSize() - r.fileOffset());
            page.clear().limit(length);
            if (data.readDevice(r.fileOffset(), page) != length
                    || check.check(page.flip()) != r.newCheck()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the header's fingerprints cover every record of its commit and every fingerprinted
     * page holds its new bytes: then the commit is in the data file even if its records are damaged.
     */
    static boolean allFingerprintedWritten(LogHeader header, StorageFile data) throws IOException {
        if (header.recordCount() == 0 || header.recordCount() > header.fingerprints().size()) {
            return false;
        }
        ByteBuffer page = ByteBuffer.allocateDirect(LogFormat.PAGE_SIZE);
        for (PageFingerprint f : header.fingerprints()) {
            if (!shows(f, header.pageCheck(), data, page)) {
                return false;
            }
        }
        return true;
    }

    /** Whether the page of {@code f} holds the new bytes {@code f} describes, by {@code check}. */
    static boolean shows(PageFingerprint f, PageCheck check, StorageFile data, ByteBuffer page) throws IOException {
        page.clear().limit(Math.min(f.length(), LogFormat.PAGE_SIZE));
        data.readDevice(f.page() * LogFormat.PAGE_SIZE, page);
        page.flip();
        return page.limit() == f.length() && check.fingerprint(page) == f.fingerprint();
    }
}
