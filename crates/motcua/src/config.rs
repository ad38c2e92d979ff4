//! Settings: command-line flags win over environment variables (both handled
//! by clap), which win over the TOML file, which wins over the defaults.

use std::path::Path;

use anyhow::Context;
use motcua_domain::i18n::Message;
use motcua_domain::Locale;
use serde::Deserialize;

/// What may be set in `motcua.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub database: Option<String>,
    pub listen: Option<String>,
    pub lang: Option<Locale>,
    pub public_url: Option<String>,
    pub trust_proxy: Option<bool>,
    /// The largest scan file accepted, in MB.
    pub scan_file_mb: Option<u64>,
    /// The most all of one dossier's scans may take, in MB.
    pub scan_dossier_mb: Option<u64>,
    /// The postal carrier results by post go through: its order API's base
    /// address, the key motcua calls it with, and the key it signs its
    /// tracking webhooks with (better given as MOTCUA_CARRIER_API_KEY and
    /// MOTCUA_CARRIER_SECRET than written here).
    pub carrier_url: Option<String>,
    pub carrier_api_key: Option<String>,
    pub carrier_secret: Option<String>,
    /// Postage charged for a parcel, in đồng.
    pub postage: Option<i64>,
    /// The mail server notices go through (`smtp://host:25`,
    /// `smtp://host:587?tls=starttls`, `smtps://host:465`), and their sender.
    pub smtp_url: Option<String>,
    pub mail_from: Option<String>,
    /// The SMS gateway (POST JSON) and its key.
    pub sms_url: Option<String>,
    pub sms_api_key: Option<String>,
}

/// How motcua reaches a postal carrier.
#[derive(Debug, Clone)]
pub struct CarrierSettings {
    pub url: String,
    pub api_key: String,
    pub secret: String,
}

/// The settings in force for one run.
#[derive(Debug, Clone)]
pub struct Settings {
    pub database: String,
    pub listen: String,
    pub locale: Locale,
    /// The address citizens reach motcua at (QR codes, links; `https` makes
    /// cookies `Secure`).
    pub public_url: Option<String>,
    /// Behind a reverse proxy that appends the client to `X-Forwarded-For`.
    pub trust_proxy: bool,
    /// Limits of scans, in bytes (the web layer's defaults when unset).
    pub scan_file_limit: Option<u64>,
    pub scan_dossier_limit: Option<u64>,
    /// The carrier, when the file or the environment names one completely.
    pub carrier: Option<CarrierSettings>,
    pub postage: Option<i64>,
    pub smtp_url: Option<String>,
    pub mail_from: Option<String>,
    pub sms_url: Option<String>,
    pub sms_api_key: Option<String>,
}

pub const DEFAULT_LISTEN: &str = "127.0.0.1:8080";

impl Settings {
    /// Resolves the settings. `config` is an explicit file (an error if it
    /// cannot be read); without it, `DATA_DIR/motcua.toml` is read if present.
    pub fn resolve(
        data_dir: &Path,
        config: Option<&Path>,
        database: Option<String>,
        listen: Option<String>,
        lang: Option<Locale>,
    ) -> anyhow::Result<Settings> {
        let implicit = data_dir.join("motcua.toml");
        let file = match config {
            Some(path) => Some(read(path)?),
            None if implicit.exists() => Some(read(&implicit)?),
            None => None,
        }
        .unwrap_or_default();
        let locale = lang
            .or(file.lang)
            .or_else(|| {
                std::env::var("LANG")
                    .ok()
                    .map(|l| Locale::from_tag(&l))
                    .filter(|l| *l == Locale::En)
            })
            .unwrap_or_default();
        Ok(Settings {
            database: database
                .or(file.database)
                .unwrap_or_else(|| format!("sqlite:{}", data_dir.join("motcua.sqlite").display())),
            listen: listen
                .or(file.listen)
                .unwrap_or_else(|| DEFAULT_LISTEN.into()),
            locale,
            public_url: file.public_url,
            trust_proxy: file.trust_proxy.unwrap_or(false),
            scan_file_limit: file.scan_file_mb.map(|mb| mb.saturating_mul(1024 * 1024)),
            scan_dossier_limit: file
                .scan_dossier_mb
                .map(|mb| mb.saturating_mul(1024 * 1024)),
            carrier: carrier(
                env_or("MOTCUA_CARRIER_URL", file.carrier_url),
                env_or("MOTCUA_CARRIER_API_KEY", file.carrier_api_key),
                env_or("MOTCUA_CARRIER_SECRET", file.carrier_secret),
                locale,
            )?,
            postage: file.postage,
            smtp_url: env_or("MOTCUA_SMTP_URL", file.smtp_url),
            mail_from: env_or("MOTCUA_MAIL_FROM", file.mail_from),
            sms_url: env_or("MOTCUA_SMS_URL", file.sms_url),
            sms_api_key: env_or("MOTCUA_SMS_API_KEY", file.sms_api_key),
        })
    }

    /// Sets the public address from a flag or the environment, which win over the file.
    pub fn with_public_url(mut self, url: Option<String>) -> anyhow::Result<Settings> {
        if let Some(u) = url.or(self.public_url.take()) {
            let u = u.trim().trim_end_matches('/').to_string();
            if !(u.starts_with("https://") || u.starts_with("http://"))
                || u.contains(char::is_whitespace)
            {
                anyhow::bail!(
                    "{}",
                    Message::new("cli-public-url-scheme")
                        .with("url", format!("{u:?}"))
                        .localize(self.locale)
                );
            }
            self.public_url = Some(u);
        }
        Ok(self)
    }
}

/// The environment's value, else the file's.
fn env_or(name: &str, file: Option<String>) -> Option<String> {
    std::env::var(name)
        .ok()
        .filter(|v| !v.trim().is_empty())
        .or(file)
}

/// A carrier is all three settings or none: half of one is a mistake said so.
fn carrier(
    url: Option<String>,
    api_key: Option<String>,
    secret: Option<String>,
    locale: Locale,
) -> anyhow::Result<Option<CarrierSettings>> {
    match (url, api_key, secret) {
        (None, None, None) => Ok(None),
        (Some(url), Some(api_key), Some(secret)) if !secret.trim().is_empty() => {
            Ok(Some(CarrierSettings {
                url,
                api_key,
                secret,
            }))
        }
        _ => anyhow::bail!(
            "{}",
            Message::new("cli-carrier-incomplete").localize(locale)
        ),
    }
}

fn read(path: &Path) -> anyhow::Result<FileConfig> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    toml::from_str(&text).with_context(|| format!("invalid configuration file {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_beat_the_file_which_beats_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let s = Settings::resolve(dir.path(), None, None, None, Some(Locale::Vi)).unwrap();
        assert_eq!(
            s.database,
            format!("sqlite:{}", dir.path().join("motcua.sqlite").display())
        );
        assert_eq!(s.listen, DEFAULT_LISTEN);

        std::fs::write(
            dir.path().join("motcua.toml"),
            "database = \"postgres://u:p@h/db\"\nlisten = \"0.0.0.0:9000\"\nlang = \"en\"\n",
        )
        .unwrap();
        let s = Settings::resolve(dir.path(), None, None, None, None).unwrap();
        assert_eq!(
            (s.database.as_str(), s.listen.as_str(), s.locale),
            ("postgres://u:p@h/db", "0.0.0.0:9000", Locale::En)
        );
        let s = Settings::resolve(
            dir.path(),
            None,
            Some("sqlite:x.db".into()),
            None,
            Some(Locale::Vi),
        )
        .unwrap();
        assert_eq!(
            (s.database.as_str(), s.listen.as_str(), s.locale),
            ("sqlite:x.db", "0.0.0.0:9000", Locale::Vi)
        );
    }

    #[test]
    fn a_bad_file_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.toml");
        std::fs::write(&path, "databse = 1\n").unwrap();
        let err = Settings::resolve(dir.path(), Some(&path), None, None, None).unwrap_err();
        assert!(format!("{err:#}").contains("bad.toml"), "{err:#}");
        assert!(Settings::resolve(
            dir.path(),
            Some(&dir.path().join("missing.toml")),
            None,
            None,
            None
        )
        .is_err());
    }
}
