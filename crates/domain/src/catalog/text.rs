//! The compact text forms of components, fees and channels used in CSV cells.

use std::fmt;

use super::{Channel, Component, ComponentKind, FeeRule};
use crate::text::fold;
use crate::{Locale, Vnd};

/// Parses `Tờ khai [bản chính x1]; Giấy ủy quyền [bản sao x1, không bắt buộc]`.
/// A component without brackets is one mandatory original.
pub fn parse_components(s: &str) -> Result<Vec<Component>, String> {
    let mut out = Vec::new();
    for item in s.split(';').map(str::trim).filter(|i| !i.is_empty()) {
        out.push(parse_component(item).ok_or_else(|| item.to_string())?);
    }
    Ok(out)
}

fn parse_component(item: &str) -> Option<Component> {
    let (name, spec) = match item.find('[') {
        Some(open) => {
            let spec = item[open + 1..].strip_suffix(']')?;
            (item[..open].trim(), spec)
        }
        None => (item, ""),
    };
    if name.is_empty() || name.contains(']') {
        return None;
    }
    let mut c = Component {
        name: name.to_string(),
        kind: ComponentKind::Original,
        count: 1,
        mandatory: true,
    };
    for token in spec.split(',').map(str::trim).filter(|t| !t.is_empty()) {
        let mut words: Vec<&str> = token.split_whitespace().collect();
        if let Some(n) = words
            .last()
            .and_then(|w| w.strip_prefix('x'))
            .and_then(|n| n.parse::<u16>().ok())
        {
            c.count = n;
            words.pop();
        }
        let rest = words.join(" ");
        if rest.is_empty() {
            continue;
        }
        match fold(&rest).as_str() {
            "khong bat buoc" | "tuy chon" | "optional" => c.mandatory = false,
            "bat buoc" | "required" | "mandatory" => c.mandatory = true,
            _ => c.kind = ComponentKind::parse(&rest)?,
        }
    }
    Some(c)
}

/// The inverse of [`parse_components`], with Vietnamese labels.
pub fn format_components(components: &[Component]) -> String {
    components
        .iter()
        .map(|c| {
            let optional = if c.mandatory {
                ""
            } else {
                ", không bắt buộc"
            };
            format!(
                "{} [{} x{}{}]",
                c.name,
                c.kind.label(Locale::Vi).to_lowercase(),
                c.count,
                optional
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn parse_amount(s: &str) -> Option<Vnd> {
    let digits: String = s
        .trim()
        .chars()
        .filter(|c| !matches!(c, '.' | '_' | ' '))
        .collect();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().map(Vnd)
}

/// Parses `free`, `50000` (or `50.000`), or `page:2000,3:1000,max:200000`.
pub fn parse_fee(s: &str) -> Result<FeeRule, String> {
    let err = || s.to_string();
    let t = s.trim();
    if matches!(fold(t).as_str(), "free" | "mien phi" | "khong" | "0") {
        return Ok(FeeRule::Free);
    }
    if let Some(spec) = t.strip_prefix("page:") {
        let mut parts = spec.split(',').map(str::trim);
        let first = parts.next().and_then(parse_amount).ok_or_else(err)?;
        let (mut from_page, mut then, mut cap) = (u32::MAX, first, None);
        for part in parts {
            let (k, v) = part.split_once(':').ok_or_else(err)?;
            let v = parse_amount(v).ok_or_else(err)?;
            if k.trim() == "max" {
                cap = Some(v);
            } else {
                from_page = k.trim().parse().ok().filter(|p| *p >= 2).ok_or_else(err)?;
                then = v;
            }
        }
        if from_page == u32::MAX {
            from_page = 1;
        }
        return Ok(FeeRule::PerPage {
            first,
            from_page,
            then,
            cap,
        });
    }
    match parse_amount(t) {
        Some(Vnd(0)) => Ok(FeeRule::Free),
        Some(amount) => Ok(FeeRule::Fixed { amount }),
        None => Err(err()),
    }
}

impl fmt::Display for FeeRule {
    /// The file form, which [`parse_fee`] reads back.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FeeRule::Free => f.write_str("free"),
            FeeRule::Fixed { amount } => write!(f, "{}", amount.0),
            FeeRule::PerPage {
                first,
                from_page,
                then,
                cap,
            } => {
                write!(f, "page:{}", first.0)?;
                if *from_page > 1 {
                    write!(f, ",{}:{}", from_page, then.0)?;
                }
                if let Some(c) = cap {
                    write!(f, ",max:{}", c.0)?;
                }
                Ok(())
            }
        }
    }
}

impl FeeRule {
    /// A sentence for people, e.g. on a receipt or a procedure page.
    pub fn describe(&self, l: Locale) -> String {
        match self {
            FeeRule::Free => l.t("free").to_string(),
            FeeRule::Fixed { amount } => amount.to_string(),
            FeeRule::PerPage {
                first,
                from_page,
                then,
                cap,
            } => {
                let mut s = l.t_args("fee-per-page", &[("amount", first.to_string().into())]);
                if *from_page > 1 {
                    s += &l.t_args(
                        "fee-from-page",
                        &[
                            ("page", (*from_page).into()),
                            ("amount", then.to_string().into()),
                        ],
                    );
                }
                if let Some(c) = cap {
                    s += &l.t_args("fee-cap-per-copy", &[("amount", c.to_string().into())]);
                }
                s
            }
        }
    }
}

/// Parses `in-person,online,post` (codes or labels, separated by `,` or `|`).
pub fn parse_channels(s: &str) -> Result<Vec<Channel>, String> {
    let mut out = Vec::new();
    for part in s.split([',', '|']).map(str::trim).filter(|p| !p.is_empty()) {
        let c = Channel::parse(part).ok_or_else(|| part.to_string())?;
        if !out.contains(&c) {
            out.push(c);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_round_trip() {
        let text = "Tờ khai [bản chính x1]; Giấy ủy quyền [bản sao x2, không bắt buộc]; Sổ hộ khẩu [bản sao chứng thực x1]";
        let parsed = parse_components(text).unwrap();
        assert_eq!(parsed.len(), 3);
        assert_eq!(parsed[1].kind, ComponentKind::Copy);
        assert_eq!(parsed[1].count, 2);
        assert!(!parsed[1].mandatory);
        assert_eq!(parsed[2].kind, ComponentKind::CertifiedCopy);
        assert_eq!(format_components(&parsed), text);
    }

    #[test]
    fn components_accept_english_and_defaults() {
        let parsed = parse_components("Form; Passport [copy, optional]").unwrap();
        assert_eq!(
            parsed[0],
            Component {
                name: "Form".into(),
                kind: ComponentKind::Original,
                count: 1,
                mandatory: true
            }
        );
        assert_eq!(parsed[1].kind, ComponentKind::Copy);
        assert!(!parsed[1].mandatory);
    }

    #[test]
    fn bad_components_name_the_item() {
        assert_eq!(
            parse_components("Tờ khai [bản chính x1]; Giấy [photo]"),
            Err("Giấy [photo]".into())
        );
        assert_eq!(
            parse_components("Tờ khai [bản chính"),
            Err("Tờ khai [bản chính".into())
        );
    }

    #[test]
    fn fees_round_trip() {
        for text in ["free", "50000", "page:2000,3:1000,max:200000", "page:5000"] {
            assert_eq!(parse_fee(text).unwrap().to_string(), text);
        }
        assert_eq!(
            parse_fee("50.000").unwrap(),
            FeeRule::Fixed {
                amount: Vnd(50_000)
            }
        );
        assert_eq!(parse_fee("Miễn phí").unwrap(), FeeRule::Free);
        for bad in ["fifty", "page:", "page:2000,1:1000", "-5", "page:2000,x"] {
            assert_eq!(parse_fee(bad), Err(bad.to_string()));
        }
    }

    #[test]
    fn fee_descriptions() {
        let rule = parse_fee("page:2000,3:1000,max:200000").unwrap();
        assert_eq!(
            rule.describe(Locale::Vi),
            "2.000 đ/trang, từ trang thứ 3: 1.000 đ/trang, tối đa 200.000 đ/bản"
        );
        let en = rule.describe(Locale::En);
        assert!(
            en.contains("/page, from page 3: ") && en.ends_with(" per copy"),
            "{en}"
        );
    }

    #[test]
    fn channels_parse_codes_and_labels() {
        assert_eq!(
            parse_channels("in-person, Trực tuyến|post").unwrap(),
            vec![Channel::InPerson, Channel::Online, Channel::Post]
        );
        assert_eq!(parse_channels("fax"), Err("fax".into()));
    }
}
