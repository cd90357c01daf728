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

/// mimalloc's `mi_option_purge_delay` (`mimalloc.h`, the 16th option; the Rust
/// binding names no constant for it).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// How long freed memory is kept before it is given back (`purge_promptly`).
const PURGE_DELAY_MS: std::ffi::c_long = 10;

/// Have mimalloc give memory it no longer uses back to the system after 10 ms
/// instead of a second (its default since version 3).
///
/// A build frees each group of sites' content and output as it goes. With the
/// default delay, the freed pages of one group were often still held when the next
/// group allocated, so resident memory grew with the country: 51–54 MB for 50
/// copies of the fullest municipality, 58–65 MB for 1 000 (+14–25 %). Purged after
/// 10 ms: 46–47 and 52–53 MB (+10–12 %); after 1 ms about the same, after 100 ms
/// 49–50 and 58–60 MB. No cost in time could be told from the noise between runs
/// (docs/performance.md, round 7). Only `build` asks for it; it is process-wide and
/// can be set at any time.
pub fn purge_promptly() {
    // SAFETY: sets one of mimalloc's option values, read when it next purges; the
    // option number is checked against its default in the tests below.
    unsafe {
        libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, PURGE_DELAY_MS);
    }
}

#[cfg(test)]
mod tests {
    /// The option number is the purge delay's: its default (1 000 ms, unless the
    /// environment sets another) before, ours after.
    #[test]
    fn the_purge_delay_becomes_ours() {
        use libmimalloc_sys::mi_option_get;
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            // SAFETY: reads an option value.
            assert_eq!(unsafe { mi_option_get(super::MI_OPTION_PURGE_DELAY) }, 1000);
        }
        super::purge_promptly();
        // SAFETY: reads an option value.
        assert_eq!(
            unsafe { mi_option_get(super::MI_OPTION_PURGE_DELAY) },
            super::PURGE_DELAY_MS
        );
    }

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
