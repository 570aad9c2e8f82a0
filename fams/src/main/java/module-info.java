/**
 * Failure-atomic msync: a memory-mapped file whose backing file always holds its last commit.
 * The entry point is {@link dev.ferrite.fams.FamsFile}, whose documentation describes the commit
 * and recovery protocols and the threading rules.
 */
module dev.ferrite.fams {
    exports dev.ferrite.fams;
}
