//! Standard input without the standard library's buffer. `std::io::stdin()` keeps what it read
//! in a buffer of its own that lives until the process exits and is never wiped, so a value or
//! passphrase read through it would outlive the vault's lock (docs/reliability.md, "Secrets in
//! memory"). Here stdin is read through a duplicate of its descriptor, straight into buffers of
//! our own, which the wiping allocator clears when they are freed.

use std::fs::File;
use std::io::Read as _;

use tessera_api::{ApiError, ApiErrorCode};

/// Standard input as a file of its own, read without any buffer.
pub fn unbuffered() -> Result<File, ApiError> {
    #[cfg(unix)]
    let fd = {
        use std::os::fd::AsFd as _;
        std::io::stdin().as_fd().try_clone_to_owned()
    };
    #[cfg(windows)]
    let fd = {
        use std::os::windows::io::AsHandle as _;
        std::io::stdin().as_handle().try_clone_to_owned()
    };
    fd.map(File::from).map_err(|e| {
        ApiError::new(
            ApiErrorCode::Io,
            tessera_text::text!("cli-stdin-unreadable", reason = e.to_string()),
        )
    })
}

/// Everything on standard input, at most `limit` bytes (one more gives `too_large()`).
pub fn read_all(limit: u64, too_large: impl FnOnce() -> ApiError) -> Result<Vec<u8>, ApiError> {
    // Room for all of it at once: the buffer never grows, and no read goes through a small
    // buffer on the stack first.
    let mut bytes = Vec::with_capacity(usize::try_from(limit.saturating_add(1)).unwrap_or(0));
    tessera_api::files::read_limited_into(
        unbuffered()?,
        limit,
        &tessera_text::text!("cli-source-stdin"),
        too_large,
        &mut bytes,
    )?;
    Ok(bytes)
}

/// One line from standard input (a terminal, where the person types it), without its line end.
pub fn read_line() -> Result<String, ApiError> {
    let mut input = unbuffered()?;
    let mut line = Vec::with_capacity(1024);
    let mut byte = [0u8; 1];
    loop {
        match input.read(&mut byte) {
            Ok(0) => break,
            Ok(_) if byte[0] == b'\n' => break,
            Ok(_) => line.push(byte[0]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => {
                return Err(ApiError::new(
                    ApiErrorCode::Io,
                    tessera_text::text!("cli-stdin-unreadable", reason = e.to_string()),
                ));
            }
        }
    }
    if line.last() == Some(&b'\r') {
        line.pop();
    }
    String::from_utf8(line)
        .map_err(|_| ApiError::invalid_input(tessera_text::text!("cli-stdin-not-text")))
}
