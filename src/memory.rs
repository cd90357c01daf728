//! How the process holds its memory.

/// Turn off transparent huge pages for this process (Linux; elsewhere nothing).
///
/// mimalloc asks the kernel for huge pages (2 MiB) on the arena it carves memory
/// from. On a system that grants them (`madvise` or `always` in
/// `/sys/kernel/mm/transparent_hugepage/enabled`, the usual settings), resident
/// memory grows in 2 MiB steps wherever a few bytes are live: a build held twice its
/// heap or more (about 90 against 48 MB for 50 copies of the fullest municipality,
/// and it varied from run to run), `serve` over 400 MB. Without them neither the
/// build's time nor its system time grew (docs/performance.md, round 6). The command
/// line calls this first thing, before any page is faulted in; pages faulted in huge
/// before stay so.
pub fn without_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes plain integers and touches no memory of ours;
    // where the kernel does not know it, the call fails and nothing changes.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_os = "linux")]
    #[test]
    fn the_process_has_no_huge_pages_after() {
        super::without_huge_pages();
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        // Where the kernel says it in the status (it has for years); else not asked.
        if let Some(line) = status.lines().find(|l| l.starts_with("THP_enabled:")) {
            assert_eq!(line.split_whitespace().nth(1), Some("0"), "{line}");
        }
    }
}
