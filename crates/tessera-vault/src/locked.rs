//! Keeping key material in RAM: the pages that hold a key are locked (`mlock`) while it lives,
//! so that the kernel never writes it to swap. `mlock` works on whole pages and does not count:
//! one `munlock` frees a page however many keys share it, so the locks are counted here, per
//! page, and a page is unlocked when its last key is dropped.
//!
//! Where the platform refuses (`RLIMIT_MEMLOCK` reached, no such call), the key stays usable,
//! only unlocked: locking is a defence in depth, never a reason to keep the person out.

use std::collections::BTreeMap;
use std::sync::{Mutex, PoisonError};

/// Pages with at least one live key: page address → (keys on it, the lock, if granted).
static PAGES: Mutex<BTreeMap<usize, (usize, Option<region::LockGuard>)>> =
    Mutex::new(BTreeMap::new());

fn pages_of(address: usize, len: usize) -> impl Iterator<Item = usize> {
    let page = region::page::size();
    let first = address / page * page;
    let last = (address + len.max(1) - 1) / page * page;
    (first..=last).step_by(page)
}

/// Locks the pages of `[address, address + len)` for one more key.
pub(crate) fn lock_pages(address: usize, len: usize) {
    let mut pages = PAGES.lock().unwrap_or_else(PoisonError::into_inner);
    for page in pages_of(address, len) {
        let entry = pages.entry(page).or_insert((0, None));
        if entry.0 == 0 {
            entry.1 = region::lock(page as *const u8, 1).ok();
        }
        entry.0 += 1;
    }
}

/// Gives back one key's share of the pages of `[address, address + len)`; a page whose last
/// key this was is unlocked.
pub(crate) fn unlock_pages(address: usize, len: usize) {
    let mut pages = PAGES.lock().unwrap_or_else(PoisonError::into_inner);
    for page in pages_of(address, len) {
        if let Some(entry) = pages.get_mut(&page) {
            entry.0 -= 1;
            if entry.0 == 0 {
                // Dropping the guard unlocks the page.
                pages.remove(&page);
            }
        }
    }
}

/// Whether the page holding `address` is locked by a live key (tests).
#[cfg(test)]
pub(crate) fn is_locked(address: usize) -> bool {
    let pages = PAGES.lock().unwrap_or_else(PoisonError::into_inner);
    pages_of(address, 1).all(|p| pages.get(&p).is_some_and(|e| e.1.is_some()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_range_covers_every_page_it_touches() {
        let page = region::page::size();
        assert_eq!(
            pages_of(page * 3 + 5, 10).collect::<Vec<_>>(),
            vec![page * 3]
        );
        assert_eq!(
            pages_of(page * 3 + page - 8, 32).collect::<Vec<_>>(),
            vec![page * 3, page * 4]
        );
    }
}
