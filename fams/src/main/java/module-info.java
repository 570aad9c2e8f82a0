/** Failure-atomic msync: a memory-mapped file whose backing file always holds its last commit. */
module dev.ferrite.fams {
    exports dev.ferrite.fams;
}
