//! Reading another process's memory for canaries (Linux): every readable mapping listed in
//! `/proc/PID/maps`, read through `/proc/PID/mem` (the test runs as the process's parent or as
//! root, and the process is a debug build, so it is dumpable), searched for each canary in
//! UTF-8 and in UTF-16 (little-endian, as JavaScript engines keep strings that are not Latin-1;
//! WebKit keeps Latin-1 strings as one byte per character, which the UTF-8 search finds for
//! ASCII canaries).

use std::fmt;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};

/// One canary found in a process.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub canary: String,
    pub encoding: &'static str,
    pub address: u64,
    /// The mapping's path in `/proc/PID/maps` (`[heap]`, `[stack]`, a file), or `[anonymous]`.
    pub mapping: String,
    pub perms: String,
    /// Up to 48 bytes either side, printable ASCII kept and the rest shown as `.`: what the
    /// copy sits in (JSON, an HTTP body, a DOM string) names its owner.
    pub context: String,
}

fn printable(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| {
            if (0x20..0x7f).contains(&b) {
                b as char
            } else {
                '.'
            }
        })
        .collect()
}

/// What a scan read and found.
#[derive(Debug, Clone, Default)]
pub struct Scan {
    pub regions: usize,
    pub bytes: u64,
    /// Readable mappings the kernel would not let us read (`[vvar]` and the like).
    pub unreadable: usize,
    pub hits: Vec<Hit>,
}

impl Scan {
    /// The hits, one line each, or "none".
    pub fn describe_hits(&self) -> String {
        if self.hits.is_empty() {
            return "none".into();
        }
        self.hits
            .iter()
            .map(|h| {
                format!(
                    "{:?} ({}) at {:#x} in {} {}: {}",
                    h.canary, h.encoding, h.address, h.perms, h.mapping, h.context
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    pub fn add(&mut self, other: Scan) {
        self.regions += other.regions;
        self.bytes += other.bytes;
        self.unreadable += other.unreadable;
        self.hits.extend(other.hits);
    }
}

impl fmt::Display for Scan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} regions, {:.1} MiB read ({} unreadable), {} hits",
            self.regions,
            self.bytes as f64 / 1_048_576.0,
            self.unreadable,
            self.hits.len()
        )
    }
}

fn utf16le(text: &str) -> Vec<u8> {
    text.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

/// One readable mapping of `/proc/PID/smaps`.
struct Mapping {
    start: u64,
    end: u64,
    perms: String,
    name: String,
    /// Resident or swapped out, in KiB: what the process has ever written or read.
    touched_kib: u64,
}

fn readable_mappings(pid: u32) -> std::io::Result<Vec<Mapping>> {
    let smaps = std::fs::read_to_string(format!("/proc/{pid}/smaps"))?;
    let mut out: Vec<Mapping> = Vec::new();
    let mut current: Option<Mapping> = None;
    for line in smaps.lines() {
        let mut parts = line.split_whitespace();
        let first = parts.next().unwrap_or_default();
        if let Some((start, end)) = first.split_once('-')
            && let (Ok(start), Ok(end)) =
                (u64::from_str_radix(start, 16), u64::from_str_radix(end, 16))
        {
            out.extend(current.take());
            let perms = parts.next().unwrap_or_default().to_owned();
            let name = parts.nth(3).unwrap_or("[anonymous]").to_owned();
            current = Some(Mapping {
                start,
                end,
                perms,
                name,
                touched_kib: 0,
            });
        } else if matches!(first, "Rss:" | "Swap:")
            && let Some(m) = current.as_mut()
        {
            m.touched_kib += parts.next().and_then(|k| k.parse().ok()).unwrap_or(0);
        }
    }
    out.extend(current);
    Ok(out
        .into_iter()
        .filter(|m| m.perms.starts_with('r') && m.name != "[vsyscall]")
        .collect())
}

/// The runs of pages of `[start, end)` that are present or swapped (`/proc/PID/pagemap`):
/// WebKit reserves tens of GiB it never touches, which need not be read page by page.
fn touched_runs(pagemap: &mut File, start: u64, end: u64) -> Vec<(u64, u64)> {
    const PAGE: u64 = 4096;
    let mut runs: Vec<(u64, u64)> = Vec::new();
    let mut entries = vec![0u8; 8 * 65_536];
    let mut at = start;
    while at < end {
        let pages = ((end - at) / PAGE).min(65_536);
        let bytes = &mut entries[..(pages * 8) as usize];
        if pagemap.seek(SeekFrom::Start(at / PAGE * 8)).is_err()
            || pagemap.read_exact(bytes).is_err()
        {
            // Unknown: read it all.
            runs.push((at, end));
            return runs;
        }
        for (i, entry) in bytes.chunks_exact(8).enumerate() {
            let entry = u64::from_le_bytes(entry.try_into().unwrap());
            if entry & (0b11 << 62) == 0 {
                continue;
            }
            let page = at + i as u64 * PAGE;
            match runs.last_mut() {
                Some(run) if run.1 == page => run.1 = page + PAGE,
                _ => runs.push((page, page + PAGE)),
            }
        }
        at += pages * PAGE;
    }
    runs
}

/// Reads every page process `pid` has touched, in each readable mapping, and looks for each
/// of `canaries`. Pages never touched read as zeros and are skipped.
pub fn scan_process(pid: u32, canaries: &[&str]) -> std::io::Result<Scan> {
    let mappings = readable_mappings(pid)?;
    let mut mem = File::open(format!("/proc/{pid}/mem"))?;
    let mut pagemap = File::open(format!("/proc/{pid}/pagemap"))?;
    let needles: Vec<(String, &'static str, Vec<u8>)> = canaries
        .iter()
        .flat_map(|c| {
            [
                (c.to_string(), "UTF-8", c.as_bytes().to_vec()),
                (c.to_string(), "UTF-16LE", utf16le(c)),
            ]
        })
        .collect();
    let finders: Vec<memchr::memmem::Finder<'_>> = needles
        .iter()
        .map(|(_, _, bytes)| memchr::memmem::Finder::new(bytes))
        .collect();
    let overlap = needles.iter().map(|n| n.2.len()).max().unwrap_or(1) - 1;
    let mut scan = Scan::default();
    const CHUNK: u64 = 4 << 20;
    let mut buf = vec![0u8; (CHUNK as usize) + overlap];
    for mapping in mappings {
        if mapping.touched_kib == 0 {
            continue;
        }
        let runs = if mapping.end - mapping.start > 64 << 20 {
            touched_runs(&mut pagemap, mapping.start, mapping.end)
        } else {
            vec![(mapping.start, mapping.end)]
        };
        let mut read_any = false;
        let mut failed = false;
        for (start, end) in runs {
            let mut at = start;
            while at < end {
                let len = (end - at).min(CHUNK + overlap as u64) as usize;
                if mem.seek(SeekFrom::Start(at)).is_err()
                    || mem.read_exact(&mut buf[..len]).is_err()
                {
                    failed = true;
                    break;
                }
                read_any = true;
                for ((canary, encoding, _), finder) in needles.iter().zip(&finders) {
                    for offset in finder.find_iter(&buf[..len]) {
                        // Chunks overlap: a hit in the overlap is found again by the next one.
                        if offset as u64 >= CHUNK && at + CHUNK < end {
                            continue;
                        }
                        let from = offset.saturating_sub(48);
                        let to = (offset + 48 + canary.len() * 2).min(len);
                        scan.hits.push(Hit {
                            canary: canary.clone(),
                            encoding,
                            address: at + offset as u64,
                            mapping: mapping.name.clone(),
                            perms: mapping.perms.clone(),
                            context: printable(&buf[from..to]),
                        });
                    }
                }
                scan.bytes += len.min(CHUNK as usize) as u64;
                at += CHUNK;
            }
        }
        if read_any {
            scan.regions += 1;
        }
        if failed && !read_any {
            scan.unreadable += 1;
        }
    }
    Ok(scan)
}

/// The ids of the processes whose parent is `pid`, and theirs, and so on.
pub fn descendants(pid: u32) -> Vec<u32> {
    let mut all = Vec::new();
    let mut frontier = vec![pid];
    while let Some(parent) = frontier.pop() {
        let Ok(tasks) = std::fs::read_dir(format!("/proc/{parent}/task")) else {
            continue;
        };
        for task in tasks.flatten() {
            let children =
                std::fs::read_to_string(task.path().join("children")).unwrap_or_default();
            for child in children.split_whitespace().filter_map(|c| c.parse().ok()) {
                if !all.contains(&child) {
                    all.push(child);
                    frontier.push(child);
                }
            }
        }
    }
    all
}

/// The proportional set size of process `pid` and all its descendants, in KiB (the `Pss:` line
/// of each one's `/proc/PID/smaps_rollup`; a process gone meanwhile counts nothing).
pub fn tree_pss_kib(pid: u32) -> u64 {
    std::iter::once(pid)
        .chain(descendants(pid))
        .map(pss_kib)
        .sum()
}

/// The proportional set size of process `pid` alone, in KiB (0 once it is gone). Pages shared
/// with other processes count a share each, so the figure moves when another process mapping
/// the same libraries starts or ends (another app under test, say).
pub fn pss_kib(pid: u32) -> u64 {
    rollup_kib(pid, "Pss:")
}

/// The anonymous memory of process `pid` (heaps, stacks, private allocations), in KiB (0 once
/// it is gone): what the process itself holds, whatever else runs beside it.
pub fn anonymous_kib(pid: u32) -> u64 {
    rollup_kib(pid, "Anonymous:")
}

fn rollup_kib(pid: u32, key: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup"))
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix(key))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .unwrap_or(0)
}

/// The process's name (`/proc/PID/comm`).
pub fn process_name(pid: u32) -> String {
    std::fs::read_to_string(format!("/proc/{pid}/comm"))
        .map(|s| s.trim().to_owned())
        .unwrap_or_default()
}

/// Waits until process `pid` is stopped (state `T` in `/proc/PID/stat`), at most `timeout`.
pub fn wait_until_stopped(pid: u32, timeout: std::time::Duration) -> bool {
    #[allow(
        clippy::disallowed_methods,
        reason = "a test helper waiting on a real process"
    )]
    let start = std::time::Instant::now();
    loop {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        // The state follows the command name in parentheses, which may itself hold spaces.
        let state = stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().next());
        if state == Some("T") || state == Some("t") {
            return true;
        }
        if state.is_none() || state == Some("Z") || start.elapsed() > timeout {
            return false;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The scanner finds what is there and only that: a canary put in a child's environment
    /// (its stack), and nothing for a canary the child never saw.
    #[test]
    fn the_scanner_finds_a_canary_in_a_child_and_not_an_absent_one() {
        let canary = format!("scanner-canary-{}", std::process::id());
        let absent = format!("scanner-absent-{}", std::process::id());
        let mut child = std::process::Command::new("sleep")
            .arg("30")
            .env("TESSERA_SCANNER_CANARY", &canary)
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(200));
        let scan = scan_process(child.id(), &[&canary, &absent]);
        child.kill().unwrap();
        child.wait().unwrap();
        let scan = scan.unwrap();
        assert!(scan.regions > 5 && scan.bytes > 100_000, "{scan}");
        assert!(
            scan.hits
                .iter()
                .any(|h| h.canary == canary && h.mapping == "[stack]"),
            "{}",
            scan.describe_hits()
        );
        assert!(
            !scan.hits.iter().any(|h| h.canary == absent),
            "{}",
            scan.describe_hits()
        );
    }

    #[test]
    fn utf16_is_little_endian_code_units() {
        assert_eq!(utf16le("A\u{e9}"), vec![0x41, 0, 0xe9, 0]);
    }
}
