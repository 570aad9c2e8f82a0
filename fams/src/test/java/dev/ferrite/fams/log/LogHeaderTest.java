package dev.ferrite.fams.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.fams.FamsUnsupportedFormatException;
import dev.ferrite.fams.storage.FileId;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/** Header sectors of format 2, and the idle headers of format 1 that files from the previous release carry. */
class LogHeaderTest {
    private static final LogIdentity ID = LogIdentity.random("old.dat", new FileId(12, 34, 56));

    @Test
    void anArmedHeaderKeepsWhereItsRecordsStart() {
        LogHeader armed = new LogHeader(LogState.ARMED, ID, 5, 8192, 8192, 3, 3 * 4096, 3 * 4096 + 200, List.of());
        assertEquals(armed, LogHeader.decode(armed.encode(), "log"));
    }

    @Test
    void anIdleHeaderOfFormat1IsRead() {
        ByteBuffer sector = asFormat1(LogHeader.idle(ID, 41, 65536).encode());
        LogHeader h = LogHeader.decode(sector, "old.dat.fams-log");
        assertEquals(1, h.format());
        assertEquals(LogState.IDLE, h.state());
        assertEquals(41, h.commitNumber());
        assertEquals(65536, h.dataSize());
        assertEquals(65536, h.extendedTo());
    }

    @Test
    void anArmedHeaderOfFormat1IsRefusedWithWhatToDo() {
        LogHeader armed = new LogHeader(LogState.ARMED, ID, 5, 8192, 8192, 3, 4096, 4096 + 200, List.of());
        FamsUnsupportedFormatException e = assertThrows(FamsUnsupportedFormatException.class,
                () -> LogHeader.decode(asFormat1(armed.encode()), "old.dat.fams-log"));
        assertTrue(e.getMessage().contains("open the file once with the Ferrite that wrote it"), e.getMessage());
    }

    /** The sector as format 1 wrote it: version 1, no record offset, its own checksum. */
    private static ByteBuffer asFormat1(ByteBuffer format2) {
        ByteBuffer b = format2.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(8, 1);
        b.putLong(496, 0);
        CRC32C crc = new CRC32C();
        crc.update(b.duplicate().clear().limit(508));
        b.putInt(508, (int) crc.getValue());
        return b.clear();
    }
}
