/**
 * Failure-atomic msync: a memory-mapped file whose backing file always holds its last commit.
 * The entry point is {@link dev.ferrite.fams.FamsFile}, whose documentation describes the commit
 * and recovery protocols and the threading rules.
 *
 * <p>It calls {@code madvise} and {@code ioctl} through {@code java.lang.foreign}: run with
 * {@code --enable-native-access=dev.ferrite.fams} (or {@code ALL-UNNAMED} on the class path).
 */
@SuppressWarnings("module") // the module named below is built after this one
module dev.ferrite.fams {
    requires jdk.jfr; // flight-recorder events of commits, checkpoints and recoveries
    requires jdk.unsupported; // ExtendedOpenOption.DIRECT: recovery reads the device, past the page cache

    exports dev.ferrite.fams;
    // For the crash-test kit alone: the storage layer, the hook that puts a recording disk under a
    // directory, and the simulated disk whose power-cut states it replays.
    exports dev.ferrite.fams.storage to dev.ferrite.test;
    exports dev.ferrite.fams.sim to dev.ferrite.test;
}
