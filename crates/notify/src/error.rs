//! What a failed send says: try again later, or not at all.

/// Why a message was not sent.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    /// Worth trying again later (connection refused, timeout, 4xx SMTP transient,
    /// HTTP 5xx/408/429).
    #[error("{0}")]
    Later(String),
    /// Will not work by trying again (a rejected address, 5xx SMTP permanent,
    /// HTTP 4xx, bad config).
    #[error("{0}")]
    Refused(String),
}

impl SendError {
    /// Whether the same message (with the same key) may go through later.
    pub fn retryable(&self) -> bool {
        matches!(self, SendError::Later(_))
    }
}

/// An error and its sources in one line, each said once.
pub(crate) fn chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let text = s.to_string();
        if !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        source = s.source();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_later_is_retryable() {
        assert!(SendError::Later("timeout".into()).retryable());
        assert!(!SendError::Refused("550".into()).retryable());
        assert_eq!(
            SendError::Refused("no such user".into()).to_string(),
            "no such user"
        );
    }
}
