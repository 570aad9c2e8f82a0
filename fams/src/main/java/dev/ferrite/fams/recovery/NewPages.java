package dev.ferrite.fams.recovery;

import dev.ferrite.fams.log.LogFormat;
import dev.ferrite.fams.log.LogHeader;
import dev.ferrite.fams.log.PageFingerprint;
import dev.ferrite.fams.log.PageRecord;
import dev.ferrite.fams.storage.StorageFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Tells whether a commit's new pages are in the data file, by the checks its log carries. The
 * pages are read from the device, past the page cache: after a failed {@code fsync} in this boot
 * the kernel reports the error once, marks the pages clean and may keep serving their new bytes
 * from the cache although the disk never got them, and a later sync would write nothing.
 */
public final class NewPages {
    private NewPages() {}

    /** Whether every page of {@code records} holds the new bytes its record's check describes. */
    public static boolean allWritten(List<PageRecord> records, StorageFile data) throws IOException {
        ByteBuffer page = ByteBuffer.allocateDirect(LogFormat.PAGE_SIZE);
        for (PageRecord r : records) {
            page.clear().limit(r.length());
            if (data.readDevice(r.fileOffset(), page) != r.length()
                    || LogFormat.newCheck(page.flip()) != r.newCheck()) {
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
            if (!shows(f, data, page)) {
                return false;
            }
        }
        return true;
    }

    /** Whether the page of {@code f} holds the new bytes {@code f} describes. */
    static boolean shows(PageFingerprint f, StorageFile data, ByteBuffer page) throws IOException {
        page.clear().limit(Math.min(f.length(), LogFormat.PAGE_SIZE));
        data.readDevice(f.page() * LogFormat.PAGE_SIZE, page);
        page.flip();
        CRC32C crc = new CRC32C();
        crc.update(page.duplicate());
        return page.limit() == f.length() && (int) crc.getValue() == f.crc();
    }
}
